#!/bin/sh
# ./build.sh install: puts the system on a disk image from the host, with no root, loop
# device or mount. The system is build/root-system (the Makefile's SYSTEM: what the run
# image boots, with the whole root tree); tools/mkimage.sh makes the partition table,
# GRUB, the ext2 root (mke2fs -d) and the swap partition, tools/owners.sh gives the
# layout's owners. Everything is made in a temporary file, then renamed to DISK (raw),
# converted by qemu-img (DISK ending in .qcow2) or copied onto DISK (a block device,
# only with --force): an error at any step leaves DISK as it was.
# usage: install.sh DISK [--size SIZE] [--add HOST:GUEST]... [--swap SIZE] [--force]
set -eu
PATH=$PATH:/sbin:/usr/sbin
system=build/root-system
default_mib=256

usage() {
	echo "usage: ./build.sh install DISK [--size SIZE] [--add HOST:GUEST]... [--swap SIZE] [--force]" >&2
	echo "  SIZE: whole mebibytes, as N, NM or NG (default: DISK's size, else ${default_mib}M)" >&2
	exit 2
}
fail() {
	echo "install: $*" >&2
	exit 1
}
say() { printf '==> install: %s\n' "$*"; }

# SIZE in MiB: N, NM, NMiB, NG or NGiB
mib() {
	case $1 in
	'' | *[!0-9MGiB]*) return 1 ;;
	esac
	n=${1%%[MG]*} unit=${1#"$n"}
	case $n in '' | *[!0-9]* | ????????*) return 1 ;; esac
	n=${n#"${n%%[!0]*}"} # no leading zeros: sh would read octal
	case $unit in
	'' | M | MiB) echo $((${n:-0})) ;;
	G | GiB) echo $((${n:-0} * 1024)) ;;
	*) return 1 ;;
	esac
}

disk='' size_mib='' swap_mib=0 force=0 adds=''
while [ $# -gt 0 ]; do
	case $1 in
	--size | --swap)
		[ $# -ge 2 ] || usage
		v=$(mib "$2") || fail "bad ${1#--} '$2': give whole mebibytes, as N, NM or NG"
		if [ "$1" = --size ]; then size_mib=$v; else swap_mib=$v; fi
		shift 2
		;;
	--add)
		[ $# -ge 2 ] || usage
		case $2 in *:/*) ;; *) fail "bad --add '$2': give HOST:GUEST, GUEST an absolute path" ;; esac
		[ -e "${2%%:*}" ] || fail "no such host file to add: ${2%%:*}"
		adds="$adds
$2"
		shift 2
		;;
	--force) force=1; shift ;;
	-*) usage ;;
	*) [ -z "$disk" ] || usage; disk=$1; shift ;;
	esac
done
[ -n "$disk" ] || usage
[ -d "$system" ] || fail "no system in $system: run ./build.sh build"

# What DISK already holds (a partition table, a file system), as blkid names it; empty
# when nothing. A qcow2 image is read through qemu-img.
signatures() {
	case $1 in
	*.qcow2)
		qemu-img dd -f qcow2 -O raw if="$1" of="$work/head" bs=1M count=1 2>/dev/null ||
			{ echo "something that is no qcow2 image"; return; }
		set -- "$work/head"
		;;
	esac
	blkid -p -o export "$1" 2>/dev/null |
		sed -n 's/^PTTYPE=\(.*\)/a \1 partition table/p; s/^TYPE=\(.*\)/a \1 file system/p' |
		head -1
}

# DISK's size in MiB, when it is there
existing_mib() {
	if [ -b "$1" ]; then
		echo $(($(blockdev --getsize64 "$1") / 1048576))
	elif [ "${1%.qcow2}" != "$1" ]; then
		qemu-img info --output=json "$1" | sed -n 's/.*"virtual-size": \([0-9]*\).*/\1/p' |
			awk '{ print int($1 / 1048576) }'
	else
		echo $(($(stat -c %s "$1") / 1048576))
	fi
}

work=$(mktemp -d)
part=
trap 'rm -rf "$work"; [ -z "$part" ] || rm -f "$part"' EXIT
trap 'exit 130' INT TERM

say "checking $disk"
if [ -b "$disk" ]; then
	[ $force = 1 ] || fail "$disk is a block device: use --force to install onto it"
	[ -z "$size_mib" ] || [ "$size_mib" -le "$(existing_mib "$disk")" ] ||
		fail "${size_mib} MiB is more than the $(existing_mib "$disk") MiB of $disk"
elif [ -e "$disk" ]; then
	[ -f "$disk" ] || fail "$disk is neither a file nor a block device"
	found=$(signatures "$disk")
	if [ -n "$found" ] && [ $force = 0 ]; then
		fail "$disk already holds $found: use --force to overwrite it"
	fi
fi
if [ -z "$size_mib" ]; then
	size_mib=$default_mib
	if [ -e "$disk" ] && [ -s "$disk" ]; then size_mib=$(existing_mib "$disk"); fi
fi

say "1/4 staging the system and the added files"
tree=$work/tree
cp -a "$system" "$tree"
printf '%s\n' "$adds" | while IFS= read -r pair; do
	[ -n "$pair" ] || continue
	host=${pair%%:*} guest=${pair#*:}
	mkdir -p "$tree$(dirname "$guest")"
	# over one of the tree's links, never through it (they point into the host's /bin)
	cp -a --remove-destination "$host" "$tree$guest"
	echo "  ADD    $host as $guest"
done
# the tree, the file system's own tables and the MiB before the partition, with room
need_mib=$(($(du -sm "$tree" | cut -f1) * 5 / 4 + 8 + 1 + swap_mib))
[ "$size_mib" -ge "$need_mib" ] ||
	fail "${size_mib} MiB is too small: the system needs at least ${need_mib} MiB here"

swap_arg='' swap_note=''
[ "$swap_mib" -eq 0 ] || swap_arg=$swap_mib swap_note=", ${swap_mib} MiB swap"
say "2/4 partition table, GRUB, ext2 root$swap_note"
img=$work/disk.img
# shellcheck disable=SC2086
tools/mkimage.sh "$tree" "$img" "$size_mib" $swap_arg
offset=1048576 # where tools/mkimage.sh starts the root partition

say "3/4 owners of the root tree"
tools/owners.sh "$img?offset=$offset"
e2fsck -fn "$img?offset=$offset" >"$work/fsck.log" 2>&1 || { cat "$work/fsck.log" >&2; fail "the new file system is not clean"; }

say "4/4 writing $disk"
if [ -b "$disk" ]; then
	dd if="$img" of="$disk" bs=1M conv=fsync,notrunc status=none
else
	part=$(mktemp "$(dirname "$disk")/.$(basename "$disk").XXXXXX")
	case $disk in
	*.qcow2) qemu-img convert -f raw -O qcow2 "$img" "$part" ;;
	*) cp --sparse=always "$img" "$part" ;;
	esac
	chmod 644 "$part"
	mv -f "$part" "$disk"
	part=
fi
say "done: $disk (${size_mib} MiB) boots Masque: tools/qemu.sh $disk -interactive"
