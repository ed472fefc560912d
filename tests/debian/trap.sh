# Traps: on EXIT, on signals the script sends itself with kill, reset and ignore.
mkdir -p "$1" && cd "$1" || exit 99
trap 'echo "exit trap ran"' EXIT
trap 'echo "got USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap 'echo "got TERM"' TERM
kill -TERM $$
echo "after TERM"
trap 'echo "got HUP"; hups=$((hups + 1))' HUP
hups=0; kill -HUP $$; kill -HUP $$; echo "hups $hups"
trap '' USR2
kill -USR2 $$
echo "USR2 ignored"
trap - USR1
(trap 'echo "subshell exit trap"' EXIT; echo "in subshell")
sh -c 'kill -TERM $$; echo not reached'; echo "child killed: $?"
sh -c 'trap "echo child caught INT; exit 5" INT; kill -INT $$'; echo "child status $?"
echo "about to exit"
exit 3
