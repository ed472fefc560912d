#!/bin/sh
# masque-install: installs the running system, from inside Masque, onto a disk (a block
# node such as /dev/vdb, served by blkdev-server) or a disk image file: the layout of
# ./build.sh install (tools/install.sh, tools/mkimage.sh): an MBR whose first partition
# starts at 1 MiB, bootable, Linux type, ext2 made by the system's own mke2fs
# (ports/e2fsprogs) from a copy of the running root, and GRUB's boot images, which an
# installed system carries in /boot/grub/i386-pc (tools/grubboot.sh). The system puts
# it in /sbin/masque-install. A TARGET whose first sector ends in the MBR signature is
# refused unless -f. On a disk the file system is made and checked through the whole
# disk at the partition's offset, with no need for the new table to be read first.
# usage: masque-install [-f] TARGET [SIZE_MIB]
set -eu
PATH=$PATH:/sbin:/usr/sbin # mke2fs, e2fsck, blockdev
grub=/boot/grub/i386-pc
offset=1048576 # bytes before the root partition: sector 2048

say() { echo "masque-install: $*"; }
fail() {
	echo "masque-install: $*" >&2
	exit 1
}

force=0
[ "${1:-}" != -f ] || { force=1; shift; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: masque-install [-f] TARGET [SIZE_MIB]" >&2
	exit 2
fi
target=$1 size_mib=${2:-}
{ [ -f $grub/boot.img ] && [ -f $grub/core.img ]; } ||
	fail "no GRUB images in $grub: this system was not installed by ./build.sh install"
case $target in
/proc/* | /tmp/* | /mnt/* | /dev/*) ;;
*) fail "$target would be copied into itself: put it in /tmp or /mnt" ;;
esac

# the MBR signature (55 aa) at the end of the first sector
holds_mbr() { [ "$(od -An -tx1 -j510 -N2 "$1")" = " 55 aa" ]; }

if [ -e "$target" ] && holds_mbr "$target" && [ $force = 0 ]; then
	fail "$target already holds a partition table: use -f to overwrite it"
fi
if [ -z "$size_mib" ]; then
	if [ -b "$target" ]; then
		size_mib=$(($(blockdev --getsize64 "$target") / 1048576))
	elif [ -s "$target" ]; then
		size_mib=$(($(stat -c %s "$target") / 1048576))
	else
		fail "give the size of $target in MiB"
	fi
fi
case $size_mib in '' | *[!0-9]*) fail "bad size '$size_mib': whole mebibytes" ;; esac
if [ -b "$target" ] && [ "$size_mib" -gt $(($(blockdev --getsize64 "$target") / 1048576)) ]; then
	fail "$target holds less than $size_mib MiB"
fi
root_mib=$((size_mib - 1))

stage=/tmp/masque-install.$$
trap 'rm -rf "$stage" "$stage.mbr"' EXIT
say "1/5 copying the running system"
mkdir -p "$stage"
for d in /*; do
	case $d in
	/proc | /tmp | /mnt) mkdir "$stage$d" ;;
	*) cp -a "$d" "$stage/" ;;
	esac
done
chmod 555 "$stage/proc"
chmod 1777 "$stage/tmp"
rm -rf "$stage/dev/pts" && mkdir "$stage/dev/pts" # the terminal server's nodes come and go
# shellcheck disable=SC2046 # split on purpose: MiB, then the path
set -- $(du -sm "$stage")
need_mib=$(($1 * 5 / 4 + 8))
[ "$root_mib" -ge "$need_mib" ] || fail "${size_mib} MiB is too small: the system needs $((need_mib + 1)) MiB"

# le32 N: N as four bytes, least significant first
le32() {
	for shift in 0 8 16 24; do
		# shellcheck disable=SC2059 # the format is the byte
		printf "\\$(printf %03o $((($1 >> shift) & 255)))"
	done
}
say "2/5 partition table: ${root_mib} MiB from 1 MiB, bootable, Linux"
[ -b "$target" ] || dd if=/dev/zero of="$target" bs=1048576 count=0 seek="$size_mib" 2>/dev/null
dd if=$grub/boot.img of="$target" bs=440 count=1 conv=notrunc 2>/dev/null
{
	printf '\200\376\377\377\203\376\377\377' # active; CHS past the BIOS's reach; type 83
	le32 $((offset / 512))
	le32 $((root_mib * 2048))
	dd if=/dev/zero bs=48 count=1 2>/dev/null # the other three entries
	printf '\125\252'
} >"$stage.mbr"
dd if="$stage.mbr" of="$target" bs=1 seek=446 conv=notrunc 2>/dev/null

say "3/5 ext2 root file system (mke2fs -d)"
# no extended attributes: Masque's file systems keep none (and emul has no llistxattr)
mke2fs -q -F -t ext2 -L masque-root -d "$stage" -E offset=$offset,no_copy_xattrs "$target" "${root_mib}M"

say "4/5 GRUB's core image after the MBR"
dd if=$grub/core.img of="$target" bs=512 seek=1 conv=notrunc 2>/dev/null

say "5/5 checking the new file system (e2fsck -fn)"
e2fsck -fn "$target?offset=$offset" >/dev/null
sync
say "done: $target boots Masque alone"
