#!/bin/sh
# Makes the device nodes every root has in an ext2 file system (mke2fs -d would need
# root to copy them from a tree): /dev/null, zero, full, random, urandom, tty,
# console, ttyS0 and ptmx, owned by root, mode 666; the virtio disks' block nodes
# (blkdev-server, Linux's numbers: vda 254:0, vda1 254:1 ... vdd4 254:52), owned by
# root, group disk (6), mode 660; the loop devices' (the fs-server's: loop0 7:0 ... loop7
# 7:7, group disk, mode 660) and /dev/loop-control (10:237, mode 660); and the
# directory /dev/pts where the terminal server
# makes pseudo-terminals' nodes, by debugfs.
# Usage: devnodes.sh FILESYSTEM (an image, or IMAGE?offset=BYTES for a partition)
set -eu
fs=$1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
{
	debugfs -R "stat /dev" "$fs" 2>&1 | grep -q 'File not found' && echo "mkdir /dev"
	echo "cd /dev"
	echo "mkdir pts"
	for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0 console:5:1 ttyS0:4:64 \
		ptmx:5:2; do
		IFS=: read -r name major minor <<-EOF
		$node
		EOF
		echo "mknod $name c $major $minor"
		echo "sif $name mode 020666"
		echo "sif $name uid 0"
		echo "sif $name gid 0"
	done
	disk=0
	for letter in a b c d; do
		for part in '' 1 2 3 4; do
			echo "mknod vd$letter$part b 254 $((disk * 16 + ${part:-0}))"
			echo "sif vd$letter$part mode 060660"
			echo "sif vd$letter$part uid 0"
			echo "sif vd$letter$part gid 6"
		done
		disk=$((disk + 1))
	done
	for n in 0 1 2 3 4 5 6 7; do
		echo "mknod loop$n b 7 $n"
		echo "sif loop$n mode 060660"
		echo "sif loop$n uid 0"
		echo "sif loop$n gid 6"
	done
	echo "mknod loop-control c 10 237"
	echo "sif loop-control mode 020660"
	echo "sif loop-control uid 0"
	echo "sif loop-control gid 6"
} | debugfs -w -f - "$fs" >"$log" 2>&1
# debugfs echoes each command; anything else it says is a failure
! grep -v '^debugfs\|^Allocated inode' "$log" >&2 || { echo "devnodes: debugfs failed" >&2; exit 1; }
