#!/bin/sh
# BLKRRPART (tests/compat/masque/reread.c): a 16 MiB second disk with one MBR partition
# of 8 MiB at sector 2048 holding an ext2 file system, made here (sfdisk, mke2fs), whose
# partition table the program rewrites and has read again. Masque only (Linux would
# need a disk of the host): the program prints 14 TAP points, run by ./build.sh exec
# with the disk as QEMU's second virtio drive.
set -u
PATH=$PATH:/sbin:/usr/sbin
bin=build/compat/masque/reread
disk=$(mktemp)
trap 'rm -f "$disk"' EXIT
echo "1..14"
truncate -s 16M "$disk" && echo 'start=2048, size=16384, type=83' | sfdisk -q "$disk" >/dev/null 2>&1 &&
	mke2fs -q -F -t ext2 -E offset=1048576 "$disk" 8M >/dev/null 2>&1 ||
	{ echo "Bail out! cannot make the disk"; exit 1; }
out=$(MASQUE_QEMU_ARGS="-drive file=$disk,format=raw,if=virtio" tools/exec.sh -- "$bin" 2>/dev/null)
st=$?
printf '%s\n' "$out"
[ "$st" -eq 0 ] || echo "Bail out! reread ended with status $st"
