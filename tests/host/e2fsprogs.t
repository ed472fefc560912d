#!/bin/sh
# The e2fsprogs port (ports/e2fsprogs) as built: static musl programs with no build
# path in them, exactly the files ports/e2fsprogs/programs promises, and in the staged
# root tree (build/rootfs) in place of BusyBox's mke2fs. Needs `./build.sh build` first.
B=build
root=$B/ports/e2fsprogs/root
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
programs="mke2fs e2fsck debugfs tune2fs dumpe2fs"
echo 1..7

. tools/tap.sh

[ -f "$B/ports/e2fsprogs/stamp" ] && [ -f "$B/rootfs.made" ]
result $? "the port and the root tree are built ($root, $B/rootfs)"

for p in $programs; do
	readelf -lW "$root/sbin/$p" | grep 'INTERP\|DYNAMIC' | sed "s|^|$p: |"
done >"$tmp/dynamic" 2>&1
[ ! -s "$tmp/dynamic" ]
result $? "the five programs are static: no interpreter, no dynamic section" "$tmp/dynamic"

nm "$B/ports/e2fsprogs/obj/e2fsck/e2fsck" 2>&1 | grep -qw '__init_libc'
result $? "e2fsck is linked with musl (__init_libc)"
for p in $programs; do grep -l 'GLIBC_' "$root/sbin/$p"; done >"$tmp/glibc"
[ ! -s "$tmp/glibc" ]
result $? "none holds a glibc symbol version" "$tmp/glibc"

for p in $programs; do grep -l "$(pwd)" "$root/sbin/$p"; done >"$tmp/paths"
[ ! -s "$tmp/paths" ]
result $? "none holds a path of the build" "$tmp/paths"

(cd "$root" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) >"$tmp/built"
grep -v '^#' ports/e2fsprogs/programs | diff -u - "$tmp/built" >"$tmp/diff"
result $? "it installs ports/e2fsprogs/programs' files (- promised, + built)" "$tmp/diff"

cmp -s "$root/sbin/mke2fs" "$B/rootfs/sbin/mke2fs" && [ "$(readlink "$B/rootfs/sbin/mkfs.ext2")" = mke2fs ]
result $? "the root tree's mke2fs and mkfs.ext2 are the port's, not BusyBox's"
