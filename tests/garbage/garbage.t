#!/bin/sh
# Garbage to every Linux system call (issue 13): images/garbage.img boots with the disk
# driver, the fs-server and the pipe server; tests/garbage/garbage.c runs under the
# process server, once briefly to warm the caches, then for real: workers make
# random calls 0..450 with random arguments and bad pointers, and the parent checks
# that every server still answers (its TAP, in /out/garbage/stdout on the disk). The
# bootstrap's "stats" lines, after the warm-up and after the run, tell whether
# anything leaked: each server's names, threads and queued message bytes come back
# exactly; its regions and resident pages, the kernel's free pages and its own bytes
# within the small margins below (garbage fills the fs-server's buffer cache before
# it starts, so that the cache has its full size in both). The console must show no panic and no server killed, and
# e2fsck -fn must find the disk clean.
# GARBAGE_SEED=N and GARBAGE_CALLS=N (default: tests/garbage/boot.conf's 1 and
# 100000) run another seed or length in a copy of the image, without a rebuild;
# GARBAGE_REPLAY="WORKER_SEED CALLS" replays one worker a report names, alone.
set -u
B=build/garbage
LOG=build/logs/garbage.log
PATH=$PATH:/sbin:/usr/sbin
mkdir -p "$B" build/logs
img=$B/run.img
conf=$B/boot.conf
part="$img?offset=1048576"
cp images/garbage.img "$img"
cp tests/garbage/boot.conf "$conf"
if [ -n "${GARBAGE_SEED:-}${GARBAGE_CALLS:-}${GARBAGE_REPLAY:-}" ]; then
	seed=${GARBAGE_SEED:-1} calls=${GARBAGE_CALLS:-100000}
	sed -i "s|\(/garbage/garbage\) [0-9]* \([0-9]*\) \([0-9]*\)$|\1 $seed \2 \3|;
		s|\(-o /out/garbage /garbage/garbage [0-9]*\) [0-9]*|\1 $calls|" "$conf"
	[ -z "${GARBAGE_REPLAY:-}" ] ||
		sed -i "s|\(-o /out/garbage /garbage/garbage\) .*|\1 -w $GARBAGE_REPLAY|" "$conf"
	printf 'rm /boot/boot.conf\nwrite %s /boot/boot.conf\n' "$conf" |
		debugfs -w -f - "$part" >"$B/seed.log" 2>&1 ||
		{ echo "Bail out! cannot put the new arguments in the boot script"; exit 1; }
fi

. tools/vmcheck.sh
export MASQUE_MEM=256M VM_TIMEOUT=${GARBAGE_TIMEOUT:-3600}
started=$(date +%s)
vm_tap "$LOG" "$img" "$conf"
echo "# QEMU ran $(($(date +%s) - started)) s: $(grep -a 'garbage/garbage' "$conf" | tail -1)"

# The program's own points, renumbered after vmtap's; its comments as they are.
debugfs -R "cat /out/garbage/stdout" "$part" 2>/dev/null | tr -d '\r' >"$B/stdout"
grep '^#' "$B/stdout"
program_points=$(grep -c '^\(not \)\{0,1\}ok ' "$B/stdout")
while IFS= read -r line; do
	case $line in
	"ok "*) check "garbage: ${line#* - }" true ;;
	"not ok "*) check "garbage: ${line#* - }" false ;;
	esac
done <"$B/stdout"
check "garbage printed its 5 points" [ "$program_points" -eq 5 ]

# The console: no server, driver or the bootstrap killed by the kernel.
no_server_killed() {
	! grep -a 'masque: task [0-9]* ([^)]*) killed' "$LOG" | grep -av '(linux)' |
		sed 's/^/# /' | grep .
}
check "no server, driver or the bootstrap killed on the console" no_server_killed

# The figures: "# stats LABEL WHO key=value..." lines of the bootstrap.
figure() { # LABEL WHO KEY
	grep -a "^# stats $1 $2 " "$LOG" | tr -d '\r' | tr ' ' '\n' | sed -n "s/^$3=//p" | tail -1
}
grep -a '^# stats ' "$LOG" | tr -d '\r'
same() { # WHO KEY: the figure after the run is the one before it
	before=$(figure before "$1" "$2") after=$(figure after "$1" "$2")
	[ -n "$before" ] && [ "$before" = "$after" ] ||
		{ echo "# $1 $2: $before before, $after after"; false; }
}
within() { # WHO KEY MARGIN: after <= before + MARGIN (MARGIN negative: after >= before + it)
	before=$(figure before "$1" "$2") after=$(figure after "$1" "$2")
	[ -n "$before" ] && [ -n "$after" ] || { echo "# no $1 $2 figures"; return 1; }
	if [ "$3" -ge 0 ]; then [ "$after" -le $((before + $3)) ]; else [ "$after" -ge $((before + $3)) ]; fi ||
		{ echo "# $1 $2: $before before, $after after (margin $3)"; false; }
}
for server in virtio_blk fs_server pipe_server; do
	for key in names threads msg_bytes; do
		check "$server: $key after the run as before it (no leak)" same "$server" "$key"
	done
	check "$server: at most 2 regions more than before" within "$server" regions 2
	check "$server: at most 16 resident pages more than before" within "$server" pages 16
done
check "kernel: at most 32 free pages fewer than before" within kernel free -32
check "kernel: at most 4 KiB more of its own memory than before" within kernel kernel_bytes 4096

fsck_clean() {
	e2fsck -fn "$part" >build/logs/garbage-fsck.log 2>&1 ||
		{ sed 's/^/# /' build/logs/garbage-fsck.log | head -40; false; }
}
check "e2fsck -fn finds the disk clean after the garbage" fsck_clean
check "tools/vmtap.py ran (status $status)" [ "$status" -eq 0 ]
echo "1..$n"
