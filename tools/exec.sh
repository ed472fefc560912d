#!/bin/sh
# ./build.sh exec: run one static Linux program inside Masque, as a script would run
# it: this terminal's stdin in (when it is not a terminal), its stdout and stderr out,
# separately, and its exit status as ours (128 + the signal if it was killed).
#
# A fresh ext2 disk holds the system's root tree (build/rootfs: /bin/busybox and its
# applets, /etc...), emul, the program, the files --add names, stdin and the argument
# list. PROGRAM is the guest's when it is an absolute path in that tree (/bin/busybox,
# /bin/ls), else a host file, put in at its absolute host path so that it may find
# itself through argv[0]. QEMU boots the kernel straight from the build (-kernel, no
# BIOS disk or GRUB) with the disk driver, the fs-server, the pipe, terminal and
# block-device servers and the process server as modules, and stops when the program has ended; debugfs then reads what it wrote.
# MASQUE_CPU, MASQUE_MEM, MASQUE_KVM=1 and MASQUE_TIMEOUT change the machine and the
# program's time (600 s unless said), MASQUE_QEMU_ARGS adds to QEMU's arguments (the
# benchmark: -icount shift=0) and MASQUE_DISK_FREE_MIB is the free room on the disk
# (16 MiB unless said).
# usage: tools/exec.sh [--trace] [--add HOST:GUEST]... [--] PROGRAM [ARG]...
set -eu
B=build
PATH=$PATH:/sbin:/usr/sbin

usage() {
	echo "usage: ./build.sh exec [--trace] [--add HOST_PATH:GUEST_PATH]... [--] PROGRAM [ARG]..." >&2
	exit 2
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree=$work/tree
[ -f "$B/rootfs.made" ] || { echo "exec: no root tree in $B/rootfs: run ./build.sh build" >&2; exit 125; }
cp -a "$B/rootfs" "$tree"
mkdir -p "$tree/lib/masque" "$tree/exec"

add() { # HOST GUEST: a host file or directory into the tree
	[ -e "$1" ] || { echo "exec: no such file to add: $1" >&2; exit 2; }
	case $2 in /*) ;; *) echo "exec: the guest path must be absolute: $2" >&2; exit 2 ;; esac
	mkdir -p "$tree$(dirname "$2")"
	# over one of the tree's links, never through it (they point into the host's /bin)
	cp -a --remove-destination "$1" "$tree$2"
}

trace=
while [ $# -gt 0 ]; do
	case $1 in
	--trace) trace=-t; shift ;;
	--add) [ $# -ge 2 ] || usage; add "${2%%:*}" "${2#*:}"; shift 2 ;;
	--add=*) v=${1#--add=}; add "${v%%:*}" "${v#*:}"; shift ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage

in_tree() { [ -e "$tree$1" ] || [ -L "$tree$1" ]; } # a link's target is the guest's
program=$1 guest=
case $program in /*) if in_tree "$program"; then guest=$program; fi ;; esac
if [ -z "$guest" ]; then
	[ -f "$program" ] || { echo "exec: no such program: $program" >&2; exit 127; }
	guest=$(realpath "$program") # a host file: in at its absolute path
	add "$program" "$guest"
fi
shift
cp "$B/emul/emul.elf" "$tree/lib/masque/emul"
# the program and its arguments, NUL-terminated (any bytes but NUL may be in them)
{ printf '%s\0' "$guest"; for a in "$@"; do printf '%s\0' "$a"; done; } >"$tree/exec/argv"
if [ -t 0 ]; then : >"$tree/exec/stdin"; else cat >"$tree/exec/stdin"; fi

size_kib=$(( $(du -sk "$tree" | cut -f1) * 2 + ${MASQUE_DISK_FREE_MIB:-16} * 1024 ))
mke2fs -q -F -t ext2 -d "$tree" "$work/disk.img" "${size_kib}k" >"$work/mke2fs.log" 2>&1 ||
	{ cat "$work/mke2fs.log" >&2; exit 125; }
tools/devnodes.sh "$work/disk.img"

# the program's time (the bootstrap's run would stop it at 60 s), then QEMU's a little more
limit=${MASQUE_TIMEOUT:-600}
cat >"$work/boot.conf" <<CONF
start -p virtio_blk
wait disk0
start -p fs_server disk0
wait fs
start pipe_server
wait pipe
start -p tty_server
wait tty
start blkdev_server
wait blkdev
run timeout=$limit proc_server $trace -m -i /exec/stdin -o /exec/out -a /exec/argv
poweroff 0
CONF
modules="$B/bootstrap.bin bootstrap,$work/boot.conf boot.conf"
for m in "$B/drivers/virtio_blk.elf" "$B/fs-server/fs_server.elf" "$B/pipe-server/pipe_server.elf" \
	"$B/tty-server/tty_server.elf" "$B/blkdev-server/blkdev_server.elf" \
	"$B/proc-server/proc_server.elf"; do
	modules="$modules,$m $(basename "$m" .elf)"
done
accel="-cpu ${MASQUE_CPU:-qemu64,+smep,+smap}"
[ "${MASQUE_KVM:-0}" = 1 ] && accel="-enable-kvm"
: >"$work/console" # there even if QEMU does not start
# shellcheck disable=SC2086
timeout $((limit + 30)) qemu-system-x86_64 $accel -machine pc -m "${MASQUE_MEM:-256M}" \
	-no-reboot -display none -monitor none -serial "file:$work/console" \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$B/masque.elf" -initrd "$modules" \
	-drive "file=$work/disk.img,format=raw,if=virtio" ${MASQUE_QEMU_ARGS:-} </dev/null \
	>"$work/qemu.log" 2>&1 || true

debugfs -R "cat /exec/out/stdout" "$work/disk.img" 2>/dev/null
debugfs -R "cat /exec/out/stderr" "$work/disk.img" >&2 2>/dev/null
line=$(grep -a "^proc: $guest: " "$work/console" | tail -1 | tr -d '\r')
# --trace: every call, as strace says them, then the calls that were not there
if [ -n "$trace" ]; then
	grep -a '^trace: ' "$work/console" | tr -d '\r' | sed 's/^trace: //' >&2 || true
	grep -a '^emul: .* is not implemented' "$work/console" | tr -d '\r' |
		sed "s/^emul: /masque: /" >&2 || true
fi
# emul's words (a program it could not start, calls it does not have) on request, or
# when the program could not be started at all
case $line in
*"exit status "*) status=${line##*exit status } ;;
*"killed by signal "*) status=$((128 + ${line##*signal })) ;;
*) status=none ;;
esac
if [ "${MASQUE_VERBOSE:-0}" = 1 ] || [ "$status" = 126 ] || [ "$status" = 127 ]; then
	grep -a '^emul: ' "$work/console" | tr -d '\r' | sed 's/^/masque: /' >&2 || true
fi
[ "$status" = none ] || exit "$status"
echo "exec: Masque did not report how the program ended; QEMU's console and words:" >&2
cat "$work/console" "$work/qemu.log" | sed 's/^/  /' >&2
exit 125
