# bash's job built-ins without a terminal: wait -n, wait for several, $BASHPID in a
# subshell, exec redirecting the shell itself, ulimit, globstar, pwd -P, declare -p.
mkdir -p "$1" && cd "$1" || exit 99
shopt -s globstar
(exit 3) & (sleep 1; exit 4) &
wait -n; echo "first to end: $?"
wait -n; echo "second to end: $?"
wait -n; echo "none left: $?"
a=$BASHPID; b=$(echo $BASHPID); [ "$a" != "$b" ] && echo "BASHPID differs in a subshell"
[ "$$" = "$(echo $$)" ] && echo "\$\$ is the same in a subshell"
exec 5>log.txt; echo "to fd 5" >&5; exec 5>&-; cat log.txt
(exec >sub.txt; echo "whole subshell to a file"; echo second line); cat sub.txt
ulimit -n 64; ulimit -n; ulimit -S -n
(ulimit -n 32; exec 40>x.txt) 2>/dev/null; echo "fd past the limit: $?"
mkdir -p g/h/i; touch g/a.c g/h/b.c g/h/i/c.c; echo **/*.c
mkdir real; ln -s real sym; cd sym; basename "$(pwd)"; basename "$(pwd -P)"; cd ..
declare -a arr=(1 2); declare -p arr
f() { return 7; }; f; echo "status $?"
trap 'echo exiting' EXIT; trap -p EXIT
printf '%s\n' "${BASH_VERSINFO[0]}"
read -r -n 3 three <<<"abcdef"; echo "$three"
read -r -d : field <<<"x:y"; echo "$field"
IFS=, read -r -a parts <<<"p,q,r"; echo "${#parts[@]} ${parts[2]}"
echo "$(( $(printf '%d' "'A") ))"
for ((i = 0; i < 3; i++)); do printf '%d ' "$i"; done; echo
x=3; while (( x-- )); do :; done; echo "x=$x"
case "$-" in *h*) echo "hashing on" ;; esac
hash -r; type -t cd; type -t ls
command -v cd
enable -n echo; echo "builtin off" | cat; enable echo
exit 5
