#!/bin/sh
# Stages the root tree of the system in TREE: rootfs/etc, the directories and modes of
# rootfs/layout, then what each port installs (build/ports/NAME/root). The images and
# ./build.sh exec start from it.
# usage: rootfs.sh TREE [PORT_ROOT]...
set -eu
tree=$1
shift
rm -rf "$tree"
mkdir -p "$tree"
cp -R rootfs/etc "$tree/"
grep -v '^#' rootfs/layout | while read -r path mode _uid _gid; do
	[ -e "$tree$path" ] || mkdir -p "$tree$path"
	chmod "$mode" "$tree$path"
done
for port_root in "$@"; do
	cp -a "$port_root/." "$tree/"
done
