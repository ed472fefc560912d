#!/bin/sh
# The ext2 library on a few hundred seeded corrupted copies of two good images, 1 KiB
# and 4 KiB blocks (see tests/host/ext2_corrupt.c). The seeds are printed;
# EXT2_CORRUPT_SEED=N and EXT2_CORRUPT_CASES=N repeat or widen a run.
B=build/host
W=$B/ext2_corrupt.d
. tests/host/ext2_images.sh
SEED=${EXT2_CORRUPT_SEED:-20261130}
CASES=${EXT2_CORRUPT_CASES:-400}

bail() {
	echo "Bail out! $*"
	exit 1
}

rm -rf "$W"
mkdir -p "$W/tree/dir/sub" "$W/tree/big" || bail "cannot make $W"
sh tests/host/ext2_build.sh ext2_corrupt || exit 1
# A small tree with every kind of metadata: indirect and double indirect files,
# multi-block directories, symlinks, and the canary that no case writes to (12 blocks:
# no indirect block of its own, which a case could corrupt).
head -c 12000 /dev/zero | tr '\0' 'c' >"$W/tree/canary"
head -c 300000 /dev/zero | tr '\0' 'v' >"$W/tree/victim"
head -c 100000 /dev/zero | tr '\0' 'i' >"$W/tree/dir/indirect"
head -c 3000 /dev/zero | tr '\0' 's' >"$W/tree/dir/sub/small"
i=0
while [ $i -lt 150 ]; do
	echo $i >"$W/tree/big/file_$i"
	i=$((i + 1))
done
ln -s canary "$W/tree/fast"
ln -s "$(printf '%0100d' 0)" "$W/tree/slow"
# corrupt NAME CASES SEED: the cases on image NAME.
corrupt() {
	canary=$(debugfs -R 'blocks /canary' "$W/$1.img" 2>/dev/null)
	[ -n "$canary" ] || bail "no blocks for /canary in $1"
	echo "# $1: seed $3, $2 cases"
	# shellcheck disable=SC2086
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 timeout 120 "$B/ext2_corrupt" "$W/$1.img" \
		"$3" "$2" $canary >"$W/$1.tap" 2>"$W/$1.err"
	status=$?
	tap_merge "$W/$1.tap" "$1"
	check "$1: every case ends without a crash" test $status -eq 0
	tail -n 40 "$W/$1.err" | sed 's/^/# /'
}

make_image "$W/tree" "$W/good1k.img" 4M || bail "mke2fs: $(cat "$W/good1k.img.log")"
make_image "$W/tree" "$W/good4k.img" 8M -b 4096 || bail "mke2fs: $(cat "$W/good4k.img.log")"
corrupt good1k "$CASES" "$SEED"
corrupt good4k $((CASES / 4)) $((SEED + 1000000))
echo "1..$n"
