# echo, printf and variables: quoting, parameter expansion, positional parameters.
mkdir -p "$1" && cd "$1" || exit 99
echo plain words   with   spaces
echo "quoted   spaces" 'single $HOME' "double $HOME"
a=alpha b="beta gamma" empty=
echo "$a" $b "[$empty]" "${a}x" "${unset:-default}" "${a:+set}" "${#b}"
printf '%s|%5s|%-5s|%d|%03d|%x|%o|%c\n' str abc de 42 7 255 8 zeta
printf '%s\n' one two three
printf 'no newline'; printf '\n'
printf '%%literal %s\n' "$a"
path=/usr/local/lib/file.tar.gz
echo "${path##*/}" "${path#*/}" "${path%.*}" "${path%%.*}"
set -- first "second arg" third
echo "$#" "$1" "$2" "$3"
for w in "$@"; do echo "<$w>"; done
for w in $*; do echo "[$w]"; done
shift
echo "after shift: $# $1"
x=5; x=$((x + 1)); echo "x=$x"
readonly r=fixed; echo "r=$r"
export EXPORTED=yes
sh -c 'echo "child sees $EXPORTED"'
unset a; echo "a=[${a-unset}]"
IFS=: ; set -- a:b:c; echo "$1 $2 $3"; IFS=' '
echo "done"
