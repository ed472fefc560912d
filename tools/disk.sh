# The root file system of an installed disk, for debugfs and e2fsck on the host (sourced
# by tools/diskcp.sh and tools/diskfsck.sh). A raw disk is used in place, its root at
# the start of its first Linux partition (or at 0 when it has no partition table); a
# qcow2 disk (a name ending in .qcow2) through a raw copy in WORK, written back by
# disk_close when it was changed.
# usage: . tools/disk.sh; disk_open DISK WORK; ... "$disk_fs" ...; disk_close

# disk_open DISK WORK: sets disk_raw (the raw image) and disk_fs (IMAGE?offset=BYTES)
disk_open() {
	disk_name=$1
	[ -f "$disk_name" ] || { echo "no such disk image: $disk_name" >&2; return 1; }
	disk_raw=$disk_name
	case $disk_name in
	*.qcow2)
		disk_raw=$2/disk.raw
		qemu-img convert -f qcow2 -O raw "$disk_name" "$disk_raw" ||
			{ echo "$disk_name is no qcow2 image" >&2; return 1; }
		;;
	esac
	start=$(sfdisk -d "$disk_raw" 2>/dev/null | sed -n 's/.*start= *\([0-9]*\),.*type=83.*/\1/p' | head -1)
	disk_fs="$disk_raw?offset=$((${start:-0} * 512))"
	dumpe2fs -h "$disk_fs" >/dev/null 2>&1 || { echo "$disk_name holds no ext2 root" >&2; return 1; }
}

# disk_close: a changed qcow2 disk gets its copy back (through a temporary file, renamed)
disk_close() {
	[ "$disk_raw" != "$disk_name" ] || return 0
	part=$(mktemp "$(dirname "$disk_name")/.$(basename "$disk_name").XXXXXX")
	qemu-img convert -f raw -O qcow2 "$disk_raw" "$part" && chmod 644 "$part" &&
		mv -f "$part" "$disk_name" || { rm -f "$part"; return 1; }
}
