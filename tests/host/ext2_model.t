#!/bin/sh
# The ext2 library against a model under seeded random operations (tests/host/ext2_model.c)
# on 1 KiB- and 4 KiB-block images; then e2fsck -fn on the image synced while mounted
# and after unmount, and debugfs on every file the model ends with.
# EXT2_MODEL_SEED=N repeats a run.
B=build/host
W=$B/ext2_model.d
. tests/host/ext2_images.sh
SEED=${EXT2_MODEL_SEED:-4242}

rm -rf "$W"
mkdir -p "$W/empty" || exit 1
sh tests/host/ext2_build.sh ext2_model || exit 1
echo "# seed $SEED"
for blocks in 1024 4096; do
	label="${blocks}-byte blocks"
	dir=$W/$blocks
	mkdir -p "$dir/files"
	make_image "$W/empty" "$dir/img" 64M -b $blocks || { echo "Bail out! mke2fs"; exit 1; }
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 timeout 120 "$B/ext2_model" "$dir/img" \
		$((SEED + blocks)) 3000 "$dir" >"$dir/tap" 2>"$dir/err"
	status=$?
	tap_merge "$dir/tap" "$label"
	check "$label: runs to the end" test $status -eq 0
	[ $status -eq 0 ] || sed 's/^/# /' "$dir/err" | head -30
	fsck_clean "$label, synced while mounted" "$dir/synced.img"
	fsck_clean "$label, at the end" "$dir/img"
	expectations "$label" "$dir/synced.img" "$dir"
done
echo "1..$n"
