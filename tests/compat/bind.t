#!/bin/sh
# Bind mounts (tests/compat/masque/bind.c): the program binds directories and files of
# the root file system and of a second disk, an empty ext2 file system, mounted on /mnt;
# stacks mounts, binds recursively and propagates mounts between peers and slaves.
# Masque only (Linux would need mounts on the host): the program prints 83 TAP points,
# run by ./build.sh exec with the disk as QEMU's second virtio drive, which e2fsck finds
# clean afterwards.
set -u
bin=build/compat/masque/bind
disk=$(mktemp)
trap 'rm -f "$disk"' EXIT
echo "1..84"
mke2fs -q -F -t ext2 "$disk" 4M >/dev/null 2>&1 || { echo "Bail out! mke2fs failed"; exit 1; }
out=$(MASQUE_QEMU_ARGS="-drive file=$disk,format=raw,if=virtio" tools/exec.sh -- "$bin" 2>/dev/null)
st=$?
printf '%s\n' "$out"
[ "$st" -eq 0 ] || echo "Bail out! bind ended with status $st"
if e2fsck -fn "$disk" >/dev/null 2>&1; then
	echo "ok 84 - the second disk is clean afterwards (e2fsck -fn)"
else
	echo "not ok 84 - the second disk is clean afterwards (e2fsck -fn)"
fi
