#!/bin/sh
# nosuid mounts (tests/compat/masque/nosuid.c): the program mounts a second disk, an
# empty ext2 file system, and runs a set-uid copy of itself from it, with and without
# MS_NOSUID. Masque only (Linux would need a loop mount): the program prints the TAP,
# run by ./build.sh exec with the disk as QEMU's second virtio drive.
set -u
bin=build/compat/masque/nosuid
disk=$(mktemp)
trap 'rm -f "$disk"' EXIT
mke2fs -q -F -t ext2 "$disk" 4M >/dev/null 2>&1 || { echo "Bail out! mke2fs failed"; exit 1; }
out=$(MASQUE_QEMU_ARGS="-drive file=$disk,format=raw,if=virtio" tools/exec.sh -- "$bin" 2>/dev/null)
st=$?
printf '%s\n' "$out"
[ "$st" -eq 0 ] || echo "Bail out! nosuid ended with status $st"
