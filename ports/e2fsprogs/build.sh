#!/bin/sh
# e2fsprogs' recipe (run by tools/port.sh): configure with the arguments in
# ports/e2fsprogs/config, build static with musl-gcc outside the source tree, install
# mke2fs, e2fsck, debugfs, tune2fs and dumpe2fs into /sbin (with Linux's other names
# for them: mkfs.ext2, mkfs.ext3, mkfs.ext4, fsck.ext2, fsck.ext3, fsck.ext4, e2label),
# and mke2fs.conf into /etc.
# usage: build.sh SRC OBJ ROOT (absolute paths)
set -eu
src=$1 obj=$2 root=$3
here=$(cd "$(dirname "$0")" && pwd)

# Debian's musl-gcc sees no kernel headers; e2fsprogs includes <linux/fs.h> and others.
kinc=$obj/linux-include
mkdir -p "$kinc"
for d in linux asm-generic; do ln -sfn "/usr/include/$d" "$kinc/$d"; done
ln -sfn /usr/include/x86_64-linux-gnu/asm "$kinc/asm"

# No path of this build in the programs: the object folder is named as the source's
# place in the binaries' debug and assertion strings would be.
cd "$obj"
# shellcheck disable=SC2046 # one argument per line of config
CC=musl-gcc CFLAGS="-O2 -idirafter $kinc -ffile-prefix-map=$src=e2fsprogs -ffile-prefix-map=$obj=e2fsprogs" \
	LDFLAGS=-static PKG_CONFIG=false \
	"$src/configure" $(grep -v '^#' "$here/config" | grep .) >configure.log 2>&1 ||
	{ tail -30 configure.log; exit 1; }
# an argument configure does not know is a mistake in config, never ignored
if grep -i 'unrecognized option' configure.log; then exit 1; fi

make -j"$(nproc)" libs >make-libs.log 2>&1 || { tail -30 make-libs.log; exit 1; }
make -j"$(nproc)" -C misc mke2fs tune2fs dumpe2fs
make -j"$(nproc)" -C e2fsck e2fsck
make -j"$(nproc)" -C debugfs debugfs

mkdir -p "$root/sbin" "$root/etc"
for p in misc/mke2fs misc/tune2fs misc/dumpe2fs e2fsck/e2fsck debugfs/debugfs; do
	cp "$p" "$root/sbin/"
	strip "$root/sbin/$(basename "$p")"
done
for n in mkfs.ext2 mkfs.ext3 mkfs.ext4; do ln -sfn mke2fs "$root/sbin/$n"; done
for n in fsck.ext2 fsck.ext3 fsck.ext4; do ln -sfn e2fsck "$root/sbin/$n"; done
ln -sfn tune2fs "$root/sbin/e2label"
cp "$obj/misc/mke2fs.conf" "$root/etc/mke2fs.conf"
