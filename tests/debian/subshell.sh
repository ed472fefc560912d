# Subshells, command substitution, and that a subshell cannot change its parent.
mkdir -p "$1" && cd "$1" || exit 99
v=parent
(v=child; echo "inside $v")
echo "outside $v"
(cd /; pwd)
basename "$(pwd)"
n=$(echo nested $(echo deeper $(echo deepest)))
echo "$n"
old=`echo backticks`; echo "$old"
lines=$(printf 'a\nb\n\n\n'); echo "[$lines]"
(exit 7); echo "subshell status $?"
r=$( (echo inner; exit 3) ); echo "r=$r status $?"
echo "$( (echo a; echo b) | wc -l )"
( ( ( echo three deep ) ) )
count=0; echo x | while read -r l; do count=1; done; echo "count $count"
echo "$(seq 3 | tr '\n' ' ')"
sh -c 'exit 4'; echo "sh -c status $?"
x=$(sh -c 'echo from sh -c'); echo "$x"
