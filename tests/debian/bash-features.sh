# bash's own: arrays, [[ ]], here-strings, brace expansion, pattern substitution,
# coprocesses, mapfile, printf -v, traps on ERR and RETURN.
mkdir -p "$1" && cd "$1" || exit 99
shopt -s extglob
arr=(zero one "two words" three)
echo "${#arr[@]} ${arr[2]} ${arr[-1]}"
for e in "${arr[@]}"; do echo "<$e>"; done
arr+=(four); echo "${arr[*]:3}"
declare -A map=([k1]=v1 [k2]=v2); echo "${map[k2]} ${#map[@]}"
[[ abc == a* ]] && echo "[[ glob ]]"
[[ abc =~ ^a(b)c$ ]] && echo "regex group ${BASH_REMATCH[1]}"
[[ -n $unset || 1 -lt 2 ]] && echo "[[ or ]]"
read -r w1 w2 <<<"here string"; echo "$w2 $w1"
echo {1..5} {a..e} x{y,z}
s="hello world hello"; echo "${s//hello/bye} ${s/hello/bye} ${s^^} ${s:6:5}"
printf -v out '%05d' 42; echo "$out"
printf 'l1\nl2\nl3\n' | { mapfile -t lines; echo "${#lines[@]} ${lines[1]}"; }
coproc UPPER { tr a-z A-Z; }
echo "to coproc" >&"${UPPER[1]}"; exec {UPPER[1]}>&-
read -r reply <&"${UPPER[0]}"; echo "$reply"; wait
let "n = 6 * 7"; echo "$n"
(( n > 40 )) && echo "arith command"
declare -i i=5; i+=3; echo "$i"
f() { local -a a=(1 2 3); echo "${a[@]/#/n}"; }; f
echo "${PIPESTATUS[@]}"; false | true | (exit 3); echo "${PIPESTATUS[@]}"
set -o pipefail; false | true; echo "pipefail $?"; set +o pipefail
shopt -s nullglob; echo "nullglob: [$(echo nomatch*)]"; shopt -u nullglob
touch a.txt b.log c.txt; echo !(*.log); echo @(a|b).*
echo "$((RANDOM >= 0))"
case "$BASH_VERSION" in 5.*) echo "bash 5" ;; esac
trap 'echo "ERR trap: $?"' ERR; false; trap - ERR
trap 'echo "RETURN trap"' RETURN; g() { :; }; g; trap - RETURN
select_out=$(echo 1 | { select x in only; do echo "selected $x"; break; done; } 2>/dev/null); echo "$select_out"
exec 3>&1; echo "fd 3 to stdout" >&3; exec 3>&-
echo "${!arr[@]}"
printf '%q\n' "a b'c"
