#!/bin/sh
# The ext2 library (fs-server/ext2/) reading images that mke2fs -d made from a known
# tree (tests/host/ext2_tree.py), with debugfs as the oracle of every file's metadata:
# 1 KiB blocks with 256-byte inodes (Debian's defaults for a small disk), 4 KiB blocks
# with 128-byte inodes, and "-r 0" (which mke2fs -d turns into revision 1 with
# large_file alone: no filetype, no sparse_super, 128-byte inodes). Also: each library file builds freestanding, with
# Masque's user-program flags, without a warning.
B=build/host
W=$B/ext2_read.d
. tests/host/ext2_images.sh

bail() {
	echo "Bail out! $*"
	exit 1
}

rm -rf "$W"
mkdir -p "$W" || bail "cannot make $W"
[ -d build/linux-include ] || bail "build/linux-include missing: run ./build.sh build"
for f in fs-server/ext2/*.c; do
	gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie \
		-fno-stack-protector -mgeneral-regs-only -nostdinc \
		-isystem "$(gcc -print-file-name=include)" -Iinclude -Ilib/include -Icommon/include \
		-idirafter build/linux-include -c "$f" -o "$W/freestanding.o" >"$W/freestanding.log" 2>&1 ||
		bail "$f does not build freestanding: $(head -c 400 "$W/freestanding.log")"
done
sh tests/host/ext2_build.sh ext2_read || exit 1

python3 tests/host/ext2_tree.py read "$W/tree" || bail "cannot make the tree"
paths=$(cd "$W/tree" && find . -mindepth 1 | sed 's|^\.||')

# image NAME SIZE OPTIONS...: the image, indexed directories (e2fsck -D), two device
# nodes (mke2fs -d cannot make them without root), and its manifest.
image() {
	name=$1 size=$2
	shift 2
	make_image "$W/tree" "$W/$name.img" "$size" "$@" || bail "mke2fs: $(cat "$W/$name.img.log")"
	e2fsck -fyD "$W/$name.img" >/dev/null 2>&1
	debugfs -w -R 'mknod cdev c 4 5' "$W/$name.img" >/dev/null 2>&1
	debugfs -w -R 'mknod bdev b 259 300' "$W/$name.img" >/dev/null 2>&1
	e2fsck -fn "$W/$name.img" >"$W/$name.fsck" 2>&1 || bail "$name: e2fsck: $(cat "$W/$name.fsck")"
	# shellcheck disable=SC2086
	manifest "$W/$name.img" / /lost+found $paths /cdev /bdev >"$W/$name.manifest"
}

image small 96M
image large 256M -b 4096 -I 128
image plain 96M -r 0

free_counts() {
	dumpe2fs -h "$1" 2>/dev/null | awk '/^Free blocks:/ { b = $3 } /^Free inodes:/ { i = $3 }
		END { print b, i }'
}

for name in small large plain; do
	sum=$(md5sum <"$W/$name.img")
	# shellcheck disable=SC2046
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$B/ext2_read" "$W/$name.img" \
		"$W/$name.manifest" "$W/tree" $(free_counts "$W/$name.img") >"$W/$name.tap" 2>"$W/$name.err"
	status=$?
	tap_merge "$W/$name.tap" "$name"
	check "$name: runs to the end" test $status -eq 0
	[ $status -eq 0 ] || sed 's/^/# /' "$W/$name.err" | head -30
	check "$name: the image is unchanged" test "$sum" = "$(md5sum <"$W/$name.img")"
done
mke2fs -t ext4 -F -q "$W/ext4.img" 8M >/dev/null 2>&1
mke2fs -t ext2 -O huge_file -F -q "$W/huge.img" 8M >/dev/null 2>&1
"$B/ext2_read" features "$W/ext4.img" "$W/huge.img" >"$W/features.tap" 2>&1
tap_merge "$W/features.tap" features
echo "1..$n"
