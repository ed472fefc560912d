# read: from a pipe, field splitting, IFS, -r, the last line without a newline.
mkdir -p "$1" && cd "$1" || exit 99
echo "one two three four" | { read -r a b rest; echo "a=$a b=$b rest=$rest"; }
printf 'k1=v1\nk2=v2\n' | while IFS== read -r k v; do echo "key $k value $v"; done
printf 'no newline at end' | { read -r l; echo "status $? line [$l]"; }
printf 'back\\slash\n' | { read -r l; echo "raw [$l]"; }
printf 'back\\slash\n' | { read l; echo "cooked [$l]"; }
printf '  leading and trailing  \n' | { read -r l; echo "[$l]"; }
printf 'a:b:c\n' | { IFS=: read -r x y z; echo "$z $y $x"; }
seq 1 5 >nums; total=0
while read -r n; do total=$((total + n)); done <nums; echo "total $total"
echo | { read -r l; echo "empty [$l] status $?"; }
: | { read -r l; echo "eof status $?"; }
