#!/bin/sh
# Builds a raw, GRUB-bootable disk image from a staged root tree, with no root, loop
# device or mount: MBR + GRUB core in the post-MBR gap + an ext2 partition made by
# mke2fs -d, and optionally a swap partition after it (type 82, left empty: the
# default pager formats nothing, it only needs the space).
# Usage: mkimage.sh TREE IMAGE SIZE_MIB [SWAP_MIB]
set -eu
tree=$1 img=$2 size_mib=$3 swap_mib=${4:-0}
part_start=2048                       # sectors: the first partition starts at 1 MiB
offset=$((part_start * 512))
root_mib=$((size_mib - 1 - swap_mib))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "  IMAGE  $img (${size_mib} MiB: ext2 from $tree${4:+, ${swap_mib} MiB swap})"
rm -f "$img"
truncate -s "${size_mib}M" "$img"
{
	echo "start=$part_start, size=$((root_mib * 2048)), type=83, bootable"
	[ "$swap_mib" -eq 0 ] || echo "size=$((swap_mib * 2048)), type=82"
} | sfdisk -q "$img"
mke2fs -q -F -t ext2 -L masque-root -d "$tree" -E offset=$offset "$img" "${root_mib}M"

tools/grubboot.sh "$tmp"
core_sectors=$((($(stat -c %s "$tmp/core.img") + 511) / 512))
[ "$core_sectors" -lt "$part_start" ] || { echo "GRUB core too large" >&2; exit 1; }
dd if="$tmp/boot.img" of="$img" bs=440 count=1 conv=notrunc status=none
dd if="$tmp/core.img" of="$img" bs=512 seek=1 conv=notrunc status=none

tools/devnodes.sh "$img?offset=$offset"

e2fsck -fn "$img?offset=$offset" >"$tmp/fsck.log" 2>&1 || { cat "$tmp/fsck.log" >&2; exit 1; }
