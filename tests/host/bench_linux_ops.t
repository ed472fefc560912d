#!/bin/sh
# bench/linux_ops.c, the program tools/bench_linux.sh runs in Masque and in Linux, run
# natively on this Linux: every operation gives a positive figure, none fails, and it
# leaves nothing behind (the side-by-side run itself needs a downloaded kernel and is
# only in ./build.sh bench).
B=build/host
OPS="getpid getppid fstat stat open_close pipe_round_trip fork_exit_wait fork_exec_wait
read_64mib create_unlink_1000"
. tools/tap.sh

mkdir -p "$B" || exit 1
if ! musl-gcc -static -O2 -Wall -Wextra -Werror -o "$B/linux_ops" bench/linux_ops.c bench/measure.c \
	>"$B/linux_ops.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build bench/linux_ops.c with musl-gcc -static"
	sed 's/^/# /' "$B/linux_ops.log"
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
program=$(realpath "$B/linux_ops")
(cd "$work" && "$program") >"$B/linux_ops.out" 2>&1
status=$?

figure() { # OP: its line is "bench OP N" with N a positive number
	grep -q "^bench $1 [1-9][0-9]*\$" "$B/linux_ops.out" ||
		{ echo "# $(grep "^bench $1 " "$B/linux_ops.out" || echo "no line for $1")"; false; }
}
none_failed() {
	! grep -q failed "$B/linux_ops.out"
}
for op in $OPS; do
	check "$op: a positive figure" figure "$op"
done
check "nothing failed" none_failed
check "it ran to its end" grep -q '^bench done$' "$B/linux_ops.out"
check "exit status 0" [ "$status" -eq 0 ]
check "its files are gone" [ -z "$(ls -A "$work")" ]
echo "1..$n"
