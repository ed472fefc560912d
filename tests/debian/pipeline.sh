# Pipelines: several stages, built-ins and programs mixed, exit status of the last stage.
mkdir -p "$1" && cd "$1" || exit 99
echo hello | cat
printf 'c\nb\na\nb\n' | sort | uniq -c
seq 1 100 | grep 7 | wc -l
seq 1 2000 | tail -n 3
echo one two three | tr ' ' '\n' | sort -r | head -n 2
printf 'x\ny\n' | while read -r l; do echo "line $l"; done
yes abc | head -n 3
seq 1 10000 | cat | cat | cat | wc -c
false | true; echo "status $?"
true | false; echo "status $?"
! true | false; echo "negated $?"
echo piped | { read -r v; echo "group got $v"; }
seq 5 | awk '{ s += $1 } END { print "sum", s }'
