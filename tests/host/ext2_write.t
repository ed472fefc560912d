#!/bin/sh
# The ext2 library (fs-server/ext2/) writing: each scenario of tests/host/ext2_write.c
# runs on a fresh image made by mke2fs, then e2fsck -fn must find the image clean and
# debugfs must see what the library says it wrote (contents and stat).
B=build/host
W=$B/ext2_write.d
. tests/host/ext2_images.sh

bail() {
	echo "Bail out! $*"
	exit 1
}

rm -rf "$W"
mkdir -p "$W/empty" "$W/dxtree/big" || bail "cannot make $W"
sh tests/host/ext2_build.sh ext2_write || exit 1
i=0
while [ $i -lt 700 ]; do
	printf 'x' >"$W/dxtree/big/$(printf 'entry_%04d' $i)"
	i=$((i + 1))
done
make_image "$W/empty" "$W/base1k.img" 160M || bail "mke2fs: $(cat "$W/base1k.img.log")"
make_image "$W/empty" "$W/base4k.img" 160M -b 4096 || bail "mke2fs: $(cat "$W/base4k.img.log")"
make_image "$W/empty" "$W/tiny.img" 1M || bail "mke2fs: $(cat "$W/tiny.img.log")"
make_image "$W/dxtree" "$W/dx.img" 16M || bail "mke2fs: $(cat "$W/dx.img.log")"
e2fsck -fyD "$W/dx.img" >/dev/null 2>&1
# /x with an extended attribute block that /y shares (h_refcount 2), made with debugfs.
mkdir -p "$W/xtree"
head -c 5000 /dev/zero | tr '\0' x >"$W/xtree/x"
echo y >"$W/xtree/y"
head -c 600 /dev/zero | tr '\0' v >"$W/xvalue"
make_image "$W/xtree" "$W/xattr.img" 8M || bail "mke2fs: $(cat "$W/xattr.img.log")"
debugfs -w -R "ea_set -f $W/xvalue /x user.big" "$W/xattr.img" >/dev/null 2>&1
acl=$(debugfs -R 'stat /x' "$W/xattr.img" 2>/dev/null | awk '/File ACL:/ { print $3 }')
printf 'sif /y file_acl %s\nsif /y blocks 4\nzap_block -o 4 -l 1 -p 2 %s\n' "$acl" "$acl" \
	>"$W/xattr.cmds"
debugfs -w -f "$W/xattr.cmds" "$W/xattr.img" >/dev/null 2>&1
e2fsck -fn "$W/xattr.img" >/dev/null 2>&1 || bail "the shared attribute block image is not clean"

# Link counts at the limit: the image is not consistent (e2fsck would lower them), so
# its scenario runs without the e2fsck check.
mkdir -p "$W/ltree/d"
echo f >"$W/ltree/f"
make_image "$W/ltree" "$W/emlink.img" 4M || bail "mke2fs: $(cat "$W/emlink.img.log")"
printf 'sif /d links_count 31999\nsif /f links_count 31999\n' >"$W/emlink.cmds"
debugfs -w -f "$W/emlink.cmds" "$W/emlink.img" >/dev/null 2>&1

# run SCENARIO BASE [nofsck]: the scenario on a copy of BASE, then the checks.
run() {
	label="$1 ($2)"
	dir=$W/$1.$2
	mkdir -p "$dir/files"
	cp --sparse=always "$W/$2.img" "$dir/img"
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 timeout 60 "$B/ext2_write" "$1" "$dir/img" \
		"$dir" >"$dir/tap" 2>"$dir/err"
	status=$?
	tap_merge "$dir/tap" "$label"
	check "$label: runs to the end" test $status -eq 0
	[ $status -eq 0 ] || sed 's/^/# /' "$dir/err" | head -30
	[ "$3" = nofsck ] || fsck_clean "$label" "$dir/img"
	expectations "$label" "$dir/img" "$dir"
}

for s in files tree names rename truncate unlink_big readdir state; do
	run $s base1k
done
for s in files truncate unlink_big rename; do
	run $s base4k
done
run enospc tiny
run dx dx
run dx_remove dx
run emlink emlink nofsck
run xattr_shared xattr
run xattr_last xattr
run fsync base1k
fsck_clean "fsync (base1k) after sync, still mounted" "$W/fsync.base1k/synced.img"
run remount base1k
fsck_clean "remount (base1k) while read-only" "$W/remount.base1k/ro.img"
echo "1..$n"
