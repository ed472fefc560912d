#!/bin/sh
# The fs-server on corrupted disks, in QEMU. Two good ext2 images, of 1 and 4 KiB
# blocks, are made by mke2fs from a small tree (files, nested directories, fast and
# slow symlinks, a file with an indirect block, a directory of several blocks);
# tests/fs/corrupt_images.py puts seeded corrupted copies of them on the partitions
# of a GPT disk (whose primary GPT header is damaged too), and QEMU's blkdebug fails
# a read or write of one sector in three of every sixteen of them. The seeds are
# printed; CORRUPT_SEED=N, CORRUPT_IMAGES=N and CORRUPT_CHANGES=N (the most changes
# an image gets, 8) repeat or change a run. KEPT are seeds that once found a bug, run
# every time (SEED, or SEED:CHANGES): 7072, a root inode that cannot be read, which
# once kept its disk mounted for good. images/fs-corrupt.img boots the disk driver
# and the fs-server on a healthy disk, whose /plan tells tests/fs/corrupt_client what
# to mount. Afterwards, on the host: every image was visited, the healthy disk is
# clean, the console has complaints naming inodes and blocks, the bytes outside the
# partitions and the partitions mounted read-only are unchanged.
set -u
B=build/fs-corrupt
PATH=$PATH:/sbin:/usr/sbin
SEED=${CORRUPT_SEED:-20261130}
IMAGES=${CORRUPT_IMAGES:-200}
KEPT="7072"
LOG=build/logs/fs-corrupt.log
mkdir -p "$B" build/logs
rm -rf "$B/tree" "$B/healthy"

bail() {
	echo "Bail out! $*"
	exit 1
}

# The tree every image starts from (corrupt_client.c writes to some of these names).
mkdir -p "$B/tree/dir/sub/deep" "$B/tree/many"
printf 'a\n' >"$B/tree/a.txt"
printf 'b\n' >"$B/tree/dir/b.txt"
printf 'c\n' >"$B/tree/dir/sub/c.txt"
printf 'd\n' >"$B/tree/dir/sub/deep/d.txt"
ln -s dir/sub/c.txt "$B/tree/link"
ln -s dir/sub/deep/../../sub/./deep/../../../many/file_with_a_long_name_number_01 "$B/tree/slowlink"
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 13 + i // 1024) & 0xff for i in range(80000)))' >"$B/tree/big.bin"
for i in $(seq -w 1 20); do printf '%s\n' "$i" >"$B/tree/many/file_with_a_long_name_number_$i"; done
for bs in 1024 4096; do
	mke2fs -q -F -t ext2 -b $bs -N 64 -d "$B/tree" "$B/good$bs.img" 320K >"$B/mke2fs.log" 2>&1 ||
		bail "mke2fs failed: $(cat "$B/mke2fs.log")"
	e2fsck -fn "$B/good$bs.img" >"$B/good.fsck" 2>&1 || bail "the good image ($bs) is not clean"
done

echo "# seed $SEED, $IMAGES images${KEPT:+, kept seeds $KEPT}"
mkdir -p "$B/healthy/mnt" "$B/healthy/healthy"
# shellcheck disable=SC2086
python3 tests/fs/corrupt_images.py make "$B/good1024.img,$B/good4096.img" "$B/corrupt.img" "$SEED" "$IMAGES" \
	"$B/healthy/plan" "$B/sums" "$B/faults" $KEPT || bail "corrupt_images.py failed"
# The device fails the reads and writes FAULTS names, through QEMU's blkdebug.
corrupt="file.driver=blkdebug,file.image.filename=$B/corrupt.img"
k=0
while read -r io sector; do
	corrupt="$corrupt,file.inject-error.$k.event=${io}_aio,file.inject-error.$k.errno=5"
	corrupt="$corrupt,file.inject-error.$k.sector=$sector"
	k=$((k + 1))
done <"$B/faults"
# The healthy disk: one GPT partition, the fs-server's root (disk1p1).
rm -f "$B/healthy.img"
truncate -s 18M "$B/healthy.img"
echo "start=2048, size=32768, type=L" | sfdisk -q --label gpt "$B/healthy.img" >"$B/sfdisk.log" 2>&1 ||
	bail "sfdisk failed: $(cat "$B/sfdisk.log")"
HEALTHY="$B/healthy.img?offset=1048576"
mke2fs -q -F -t ext2 -d "$B/healthy" -E offset=1048576 "$B/healthy.img" 16M >"$B/mke2fs-healthy.log" 2>&1 ||
	bail "mke2fs failed: $(cat "$B/mke2fs-healthy.log")"
planned=$(wc -l <"$B/healthy/plan")

. tools/vmcheck.sh
export MASQUE_MEM=256M VM_TIMEOUT=400
start=$(date +%s)
vm_tap "$LOG" images/fs-corrupt.img tests/fs/corrupt.conf \
	-drive "if=virtio,format=raw,file=$B/healthy.img" -drive "if=virtio,format=raw,$corrupt"
echo "# QEMU ran $(($(date +%s) - start)) s"
check "tools/vmtap.py ran (status $status)" [ "$status" -eq 0 ]

# The images the client reported on, and the first it did not (a hang's seed).
seen=$(grep -ac '^# disk2p[0-9]* r[ow] seed ' "$LOG")
if [ "$seen" -lt "$planned" ]; then
	echo "# the first image without a report: $(sed -n "$((seen + 1))p" "$B/healthy/plan")"
fi
check "every image of the plan was visited ($seen of $planned)" [ "$seen" -eq "$planned" ]
mount_failed=$(grep -ac '^# disk2p[0-9]* r[ow] seed .*: mount -' "$LOG")
echo "# $mount_failed mounts refused with an error"
check "the driver served the healthy disk's GPT partition" grep -aq "virtio-blk: disk1: GPT, 1 partitions" "$LOG"
check "it refused the corrupted disk's primary GPT header" \
	grep -aq "virtio-blk: disk2: primary GPT: bad header CRC; trying the backup" "$LOG"
check "and served the backup's $planned partitions" grep -aq "virtio-blk: disk2: GPT (backup), $planned partitions" "$LOG"
complaints=$(grep -aEc '^fs-server: disk2p[0-9]+: .*(inode|block)' "$LOG")
complained=$(grep -aE '^fs-server: disk2p[0-9]+: .*(inode|block)' "$LOG" | cut -d: -f2 | sort -u | wc -l)
echo "# $complaints console complaints naming an inode or block, from $complained images"
check "complaints name an inode or a block for at least one image in 5" [ $((complained * 5)) -ge "$planned" ]
healthy_clean() {
	e2fsck -fn "$HEALTHY" >"$B/healthy.fsck" 2>&1 || { sed 's/^/# /' "$B/healthy.fsck"; false; }
}
check "e2fsck -fn finds the healthy disk clean" healthy_clean
unchanged() { # outside|ro
	python3 tests/fs/corrupt_images.py verify "$B/corrupt.img" "$B/sums" "$1" >"$B/verify.$1" ||
		{ sed 's/^/# /' "$B/verify.$1"; false; }
}
check "the bytes outside the partitions (GPT, gaps) are as made" unchanged outside
check "the $(grep -c '^p' "$B/sums") partitions mounted read-only are byte for byte as made" unchanged ro
echo "1..$n"
