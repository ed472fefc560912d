#!/bin/sh
# The fs-server under load: images/fs-stress.img boots with the disk driver and the
# fs-server on a second disk, a fresh empty ext2 file system (256 MiB, 1 KiB blocks, so
# double-indirect past 268 KiB; 16,384 inodes), and tests/fs/fs_stress.c writes 10,000
# files and 100 MiB, renames, truncates, deletes half, syncs, reads back and prints a
# manifest of what is left. Afterwards, on the host: e2fsck -fn finds the file system
# clean, debugfs dumps /stress and every file has the bytes the manifest says (CRC-32)
# and nothing else is there, and the free counts fit. The seed is the argument of
# fs_stress in tests/fs/stress.conf; STRESS_SEED=N replays another in a copy of the
# image (its boot script rewritten by debugfs), without a rebuild; STRESS_BLOCK_SIZE=4096
# makes the disk with another block size.
set -u
B=build/stress
LOG=build/logs/fs-stress.log
PATH=$PATH:/sbin:/usr/sbin
mkdir -p "$B" build/logs
rm -rf "$B/disk.img" "$B/dump"
BS=${STRESS_BLOCK_SIZE:-1024}
mke2fs -q -F -t ext2 -b "$BS" -N 16384 "$B/disk.img" 256M >"$B/mke2fs.log" 2>&1 ||
	{ echo "Bail out! mke2fs failed"; exit 1; }
count() { # FIELD: a number dumpe2fs -h gives for the disk
	dumpe2fs -h "$B/disk.img" 2>/dev/null | sed -n "s/^$1: *//p"
}
used_before=$(($(count 'Block count') - $(count 'Free blocks')))

IMAGE=images/fs-stress.img CONF=tests/fs/stress.conf
if [ -n "${STRESS_SEED:-}" ]; then
	sed "s/^\(run .*fs_stress\) [0-9]*$/\1 $STRESS_SEED/" "$CONF" >"$B/stress.conf"
	cp "$IMAGE" "$B/boot.img"
	IMAGE=$B/boot.img CONF=$B/stress.conf
	printf 'rm /boot/boot.conf\nwrite %s /boot/boot.conf\n' "$CONF" |
		debugfs -w -f - "$IMAGE?offset=1048576" >"$B/seed.log" 2>&1 ||
		{ echo "Bail out! cannot put seed $STRESS_SEED in the boot script"; exit 1; }
fi

. tools/vmcheck.sh
export MASQUE_MEM=256M VM_TIMEOUT=660
started=$(date +%s)
vm_tap "$LOG" "$IMAGE" "$CONF" \
	-drive "if=virtio,format=raw,file=$B/disk.img"
echo "# QEMU ran $(($(date +%s) - started)) s; $(grep -a '^# fs_stress: seed' "$LOG" | tr -d '\r')"
grep -a '^# phase' "$LOG" | tr -d '\r'
check "tools/vmtap.py ran (status $status)" [ "$status" -eq 0 ]
[ -z "${STRESS_SEED:-}" ] ||
	check "the run used seed $STRESS_SEED" grep -aq "^# fs_stress: seed $STRESS_SEED " "$LOG"
fsck_clean() {
	e2fsck -fn "$B/disk.img" >build/logs/fs-stress-fsck.log 2>&1 ||
		{ sed 's/^/# /' build/logs/fs-stress-fsck.log | head -40; false; }
}
check "e2fsck -fn finds the file system clean" fsck_clean
dumped() {
	mkdir -p "$B/dump" && debugfs -R "rdump /stress $B/dump" "$B/disk.img" >"$B/rdump.log" 2>&1 &&
		[ -d "$B/dump/stress" ]
}
check "debugfs dumps /stress" dumped
manifest() {
	tests/fs/stress_manifest.py "$LOG" "$B/dump" "$1"
}
check "every file of the manifest is on the disk with its size and CRC-32" manifest files
check "every directory of the manifest is on the disk" manifest dirs
check "nothing else is: deleted files and removed directories are gone" manifest extra
inodes_fit() { # the reserved ones, lost+found, and what the manifest names
	want=$((11 + $(grep -ac '^[DM] ' "$LOG")))
	got=$(($(count 'Inode count') - $(count 'Free inodes')))
	[ "$got" -eq "$want" ] || { echo "# $got inodes in use, not $want"; false; }
}
check "the inodes in use are exactly those of the manifest (dumpe2fs)" inodes_fit
blocks_fit() { # between the blocks holding data and every block up to the sizes
	bounds=$(tests/fs/stress_manifest.py -b "$BS" "$LOG" "$B/dump" blocks) || return 1
	# shellcheck disable=SC2086 # two numbers
	set -- $bounds
	dirs=$(grep -ac '^D ' "$LOG")
	used=$(($(count 'Block count') - $(count 'Free blocks') - used_before))
	echo "# $used blocks used by /stress: files take $1 to $2, and $dirs directories"
	[ "$used" -ge "$1" ] && [ "$used" -le $(($2 + 16 * dirs)) ]
}
check "the blocks in use fit what the files hold (dumpe2fs)" blocks_fit
statfs_agrees() { # the fs-server's free counts after sync, and the disk's
	said=$(grep -a '^S ' "$LOG" | tr -d '\r')
	disk="S $(count 'Free blocks') $(count 'Free inodes')"
	[ "$said" = "$disk" ] || { echo "# statfs said '$said', the disk has '$disk'"; false; }
}
check "the fs-server's statfs at the end agrees with the disk's free counts" statfs_agrees
clean_state() {
	dumpe2fs -h "$B/disk.img" 2>/dev/null | grep -q '^Filesystem state: *clean$'
}
check "the file system was left marked clean" clean_state
echo "1..$n"
