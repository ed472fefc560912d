#!/bin/sh
# ./build.sh cp: copies a file into or out of an installed disk (raw or qcow2) without
# booting it, with e2fsprogs' debugfs on its root partition (tools/disk.sh). Into the
# disk, the missing folders of the path are made (as mkdir -p), a file already there
# is replaced, and the copy belongs to root with the host file's mode; out of it, the
# file's bytes. A GUEST that is a folder, or ends in /, gets the file under its own name.
# usage: diskcp.sh HOST DISK:/GUEST | DISK:/GUEST HOST
set -eu
PATH=$PATH:/sbin:/usr/sbin
# shellcheck source=tools/disk.sh
. tools/disk.sh

usage() {
	echo "usage: ./build.sh cp HOST_FILE DISK:/GUEST_PATH | DISK:/GUEST_PATH HOST_FILE" >&2
	exit 2
}
fail() {
	echo "cp: $*" >&2
	exit 1
}

[ $# -eq 2 ] || usage
# DISK:/PATH, DISK an existing file
on_disk() { case $1 in *:/*) [ -f "${1%%:/*}" ] ;; *) false ;; esac; }

# the type debugfs gives PATH in the disk's root: regular, directory, ..., or none
ftype() {
	debugfs -R "stat \"$1\"" "$disk_fs" 2>/dev/null | sed -n 's/.*Type: \([a-z]*\).*/\1/p' | head -1 |
		grep . || echo none
}
debugfs_w() { # COMMAND: one change, whose words other than debugfs's echo are a failure
	out=$(debugfs -w -R "$1" "$disk_fs" 2>&1 | grep -v '^debugfs [0-9]\|^Allocated inode' || true)
	[ -z "$out" ] || fail "debugfs $1: $out"
}

copy_in() { # HOST GUEST
	[ -f "$1" ] || fail "no such host file: $1"
	guest=$2
	case $guest in */) guest=$guest$(basename "$1") ;; esac
	[ "$(ftype "$guest")" != directory ] || guest=${guest%/}/$(basename "$1")
	dir=
	for part in $(dirname "$guest" | tr / ' '); do
		dir=$dir/$part
		case $(ftype "$dir") in
		directory) ;;
		none) debugfs_w "mkdir \"$dir\"" ;;
		*) fail "$dir is in the way: it is no folder" ;;
		esac
	done
	case $(ftype "$guest") in
	none) ;;
	regular) debugfs_w "rm \"$guest\"" ;;
	*) fail "$guest is there and is no file" ;;
	esac
	debugfs_w "write \"$1\" \"$guest\""
	debugfs_w "sif \"$guest\" uid 0"
	debugfs_w "sif \"$guest\" gid 0"
	size=$(debugfs -R "stat \"$guest\"" "$disk_fs" 2>/dev/null | sed -n 's/.*Size: \([0-9]*\).*/\1/p' | head -1)
	[ "$size" = "$(stat -c %s "$1")" ] || fail "$guest was not written whole"
}

copy_out() { # GUEST HOST
	[ "$(ftype "$1")" = regular ] || fail "no such file in $disk_name: $1"
	host=$2
	[ ! -d "$host" ] || host=$host/$(basename "$1")
	rm -f "$host"
	debugfs -R "dump \"$1\" \"$host\"" "$disk_fs" >/dev/null 2>&1
	[ -f "$host" ] || fail "$1 could not be read"
}

case "$1$2" in *'"'* | *'
'*) fail "a path with a double quote or a newline cannot be given to debugfs" ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if on_disk "$2" && ! on_disk "$1"; then
	disk_open "${2%%:/*}" "$work" || exit 1
	copy_in "$1" "/${2#*:/}"
	disk_close
elif on_disk "$1" && ! on_disk "$2"; then
	disk_open "${1%%:/*}" "$work" || exit 1
	copy_out "/${1#*:/}" "$2"
else
	usage
fi
