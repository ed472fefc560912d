#!/bin/sh
# Differential compatibility: every program of tests/compat, built static with musl and
# with glibc, runs here on Linux and inside Masque (images/compat.img: the process
# server runs each with stdout and stderr in files of the image, which debugfs reads
# afterwards); stdout, stderr and the exit status must be the same. Linux is the
# oracle: nothing here is written by hand. A program's arguments are in NAME.args.
set -u
B=build/compat
PATH=$PATH:/sbin:/usr/sbin
mkdir -p "$B/host" build/logs
img=$B/run.img
cp images/compat.img "$img"

# Linux's answers, in a scratch directory as the program's working directory.
for bin in "$B"/bin/*; do
	name=$(basename "$bin")
	args=$(cat "tests/compat/${name%-*}.args" 2>/dev/null)
	scratch=$(mktemp -d)
	# shellcheck disable=SC2086
	(cd "$scratch" && exec timeout 120 "$OLDPWD/$bin" $args) </dev/null \
		>"$B/host/$name.stdout" 2>"$B/host/$name.stderr"
	echo $? >"$B/host/$name.status"
	rm -rf "$scratch"
done 2>/dev/null # the shell's word on a killed program

. tools/vmcheck.sh
export MASQUE_MEM=256M VM_TIMEOUT=600
vm_tap build/logs/compat-test.log "$img" "$B/boot.conf"
log=build/logs/compat-test.log

masque_file() { # BINARY FILE: what the program left in /out/BINARY/FILE
	debugfs -R "cat /out/$1/$2" "$img?offset=1048576" 2>/dev/null
}
masque_status() { # the exit status as a shell reports it
	line=$(grep -a "^proc: /compat/$1: " "$log" | tail -1 | tr -d "\r")
	case $line in
	*"exit status "*) echo "${line##*exit status }" ;;
	*"killed by signal "*) echo $((128 + ${line##*signal })) ;;
	*) echo none ;;
	esac
}
same() { # BINARY FILE
	masque_file "$1" "$2" >"$B/host/$1.$2.masque"
	cmp -s "$B/host/$1.$2" "$B/host/$1.$2.masque" ||
		{ diff "$B/host/$1.$2" "$B/host/$1.$2.masque" | head -20 | sed 's/^/# /'; false; }
}
same_status() {
	[ "$(masque_status "$1")" = "$(cat "$B/host/$1.status")" ] ||
		{ echo "# Linux $(cat "$B/host/$1.status"), Masque $(masque_status "$1")"; false; }
}
for bin in "$B"/bin/*; do
	name=$(basename "$bin")
	check "$name: stdout as on Linux" same "$name" stdout
	check "$name: stderr as on Linux" same "$name" stderr
	check "$name: exit status as on Linux ($(cat "$B/host/$name.status"))" same_status "$name"
done
fsck_clean() {
	e2fsck -fn "$img?offset=1048576" >build/logs/compat-fsck.log 2>&1 ||
		{ sed 's/^/# /' build/logs/compat-fsck.log; false; }
}
check "e2fsck -fn finds the image clean after the programs wrote" fsck_clean
check "tools/vmtap.py ran (status $status)" [ "$status" -eq 0 ]
echo "1..$n"
