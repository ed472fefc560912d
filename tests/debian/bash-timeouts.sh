# bash's read with a time limit (read -t, TMOUT) on a pipe that stays empty.
mkdir -p "$1" && cd "$1" || exit 99
sleep 3 | { read -r -t 1 v; echo "read -t status $?"; }
TMOUT=1; sleep 3 | { read -r v; echo "TMOUT status $?"; }; unset TMOUT
printf 'ready\n' | { read -r -t 5 v; echo "read -t got $v: $?"; }
