#!/bin/sh
# ./build.sh exec, as a tester's script uses it: stdin in, stdout and stderr out
# separately, the program's exit status as its own, arguments passed as they are,
# files added, a program that cannot run refused with a reason.
set -u
B=build/compat/bin
n=0
check() {
	what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fi
}
out=$(mktemp) err=$(mktemp) file=$(mktemp)
trap 'rm -f "$out" "$err" "$file"' EXIT
run() { # ARGS...: ./build.sh exec ARGS, its stdout and stderr kept, its status in st
	tools/exec.sh "$@" >"$out" 2>"$err"
	st=$?
}
says() { [ "$(cat "$1")" = "$2" ] || { echo "# got: $(head -c 300 "$1")"; false; }; }

printf 'hi\n' | tools/exec.sh -- "$B/cat-musl" >"$out" 2>"$err"
check "stdin reaches the program and its stdout comes back (echo hi | exec cat)" says "$out" hi
run "$B/status-musl" 42
check "the program's exit status is the command's (42)" [ "$st" -eq 42 ]
check "and its stdout is all there" says "$out" "exiting with 42
atexit handler ran"
run "$B/hello-glibc" 'two words' ''
check "stderr comes back apart from stdout" says "$err" "to stderr"
check "arguments pass as they are, spaces and empty ones too" says "$out" "hello, world
argc 3
argv[1] = two words
argv[2] = "
check "exit status 3" [ "$st" -eq 3 ]
run "$B/segv-musl"
check "a program killed by SIGSEGV gives 139, as a shell says" [ "$st" -eq 139 ]
head -c 100000 /dev/urandom >"$file"
run --add "$file:/data/blob" "$B/cat-glibc" /data/blob
check "--add puts a host file into the system, byte for byte" cmp -s "$out" "$file"
run --trace "$B/status-glibc" 7
check "--trace: the program's output is untouched" says "$out" "exiting with 7
atexit handler ran"
check "--trace: each call on stderr as strace says it (the write of stdio's buffer)" \
	grep -q '^\[2 2\] write(1, "exiting with 7\\natexit handler ra"\.\.\., 34) = 34$' "$err"
check "--trace: a failed call with its errno's name" grep -q '= -1 ENOSYS$' "$err"
check "--trace: the exit, which does not return" grep -q '^\[2 2\] exit_group(7) = ?$' "$err"
check "--trace: a call without a shape shows six registers" \
	grep -Eq '^\[2 2\] rseq\(([^,]*, ){5}[^,]*\) = -1 ENOSYS$' "$err"
check "--trace: the calls that are not there, listed" grep -q '^masque: pid 2: rseq (334) is not implemented' "$err"
check "--trace: the exit status is the program's" [ "$st" -eq 7 ]
run --trace "$B/cat-musl" /no/file
check "--trace: a path as a string, open flags by name, no mode without O_CREAT" \
	grep -q '^\[2 2\] open("/no/file", O_RDONLY|O_LARGEFILE) = -1 ENOENT$' "$err"
check "--trace: a descriptor argument as a number" grep -q '^\[2 2\] close(-1) = -1 EBADF$' "$err"
MASQUE_QEMU_ARGS="-icount shift=0" tools/exec.sh "$B/status-musl" 5 >"$out" 2>"$err"
st=$?
check "MASQUE_QEMU_ARGS: the program runs under -icount, as the benchmark runs it" [ "$st" -eq 5 ]
MASQUE_QEMU_ARGS=-no-such-option tools/exec.sh "$B/status-musl" 5 >"$out" 2>"$err"
st=$?
check "MASQUE_QEMU_ARGS reaches QEMU (one it refuses: no status, 125)" [ "$st" -eq 125 ]
check "and what QEMU said is on stderr" grep -q 'no-such-option' "$err"
cp "$B/status-musl" "$file" && chown 2000:2000 "$file" && chmod 4755 "$file"
run --trace --add "$file:/data/suid" /bin/busybox sh -c '/data/suid 9'
check "--trace: a set-uid program's execve is said (by the new program's emul)" \
	grep -q '^\[2 2\] execve("/data/suid", 0x[0-9a-f]*, 0x[0-9a-f]*) = 0$' "$err"
check "--trace: and the set-uid program's calls after it" grep -q '^\[2 2\] exit_group(9) = ?$' "$err"
run /no/such/program
check "a program that is nowhere: 127" [ "$st" -eq 127 ]
run /bin/true
check "a path in the system's root tree is the system's program (/bin/true: BusyBox's)" [ "$st" -eq 0 ]
echo replaced >"$file"
run --add "$file:/bin/cat" /bin/busybox cat /bin/cat
check "--add over an applet's link replaces the link in the system (not its target)" says "$out" replaced
cp /bin/true "$file" && chmod 755 "$file"
run "$file"
check "a dynamically linked program: 126" [ "$st" -eq 126 ]
check "and the reason on stderr" grep -q 'dynamically linked' "$err"
echo "1..$n"
