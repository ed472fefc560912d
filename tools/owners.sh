#!/bin/sh
# Gives the files of rootfs/layout that are not root's their owners in a file system
# made by mke2fs -d (which copies the staged tree's, the builder's), with debugfs, so
# that no root is needed.
# usage: owners.sh FILESYSTEM (an image, or IMAGE?offset=BYTES for a partition)
set -eu
fs=$1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
grep -v '^#' rootfs/layout | while read -r path _mode uid gid; do
	[ "$uid:$gid" = 0:0 ] && continue
	echo "sif $path uid $uid"
	echo "sif $path gid $gid"
done | debugfs -w -f - "$fs" >"$log" 2>&1
# debugfs echoes each command; anything else it says is a failure
! grep -v '^debugfs' "$log" >&2 || { echo "owners: debugfs failed" >&2; exit 1; }
