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
# a later port's file replaces an earlier one's link (never writing through it: the
# links are absolute, so on this host they point into the host's own /bin)
for port_root in "$@"; do
	cp -a --remove-destination "$port_root/." "$tree/"
done
