#!/bin/sh
# The file-system benchmark (bench/fs.c) runs to its end: images/fs-bench.img boots
# with the disk driver and the fs-server on a small root disk, and the benchmark, with
# small counts, on a second disk of 32 MiB made here as tools/bench.sh makes its own.
# Afterwards every figure was printed and e2fsck -fn finds the disk clean.
set -u
B=build/fs-bench
PATH=$PATH:/sbin:/usr/sbin
mkdir -p "$B" build/logs
rm -f "$B/root.img" "$B/disk.img"
{ mke2fs -q -F -t ext2 "$B/root.img" 4M && mke2fs -q -F -t ext2 -b 4096 "$B/disk.img" 32M; } \
	>"$B/mke2fs.log" 2>&1 || { echo "Bail out! mke2fs failed"; exit 1; }

. tools/vmcheck.sh
export MASQUE_MEM=256M VM_TIMEOUT=200
log=build/logs/fs-bench.log
vm_tap $log images/fs-bench.img tests/fs/bench.conf \
	-drive "if=virtio,format=raw,file=$B/root.img" -drive "if=virtio,format=raw,file=$B/disk.img"
check "tools/vmtap.py ran (status $status)" [ "$status" -eq 0 ]
figures() {
	[ "$(grep -ac '^bench fs_[a-z0-9_]* [0-9][0-9]*' $log)" -eq 10 ] ||
		{ grep -a '^bench' $log | sed 's/^/# /'; false; }
}
check "bench/fs.c printed its 10 figures" figures
check "and found what it wrote where it wrote it (bench fs: done)" grep -qa '^bench fs: done' $log
fsck_clean() {
	e2fsck -fn "$B/disk.img" >build/logs/fs-bench-fsck.log 2>&1 ||
		{ sed 's/^/# /' build/logs/fs-bench-fsck.log; false; }
}
check "e2fsck -fn finds the benchmark's disk clean" fsck_clean
echo "1..$n"
