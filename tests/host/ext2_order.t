#!/bin/sh
# The write order of fs-server/ext2 (rules at the top of cache.c), judged write by
# write by tests/host/ext2_order.c during a workload; then e2fsck -fn. A second run
# whose disk ignores flushes shows the checker catches a bad order. A third leaves
# crashed disks at 20 seeded moments (EXT2_CRASH_SEED=N repeats a run): e2fsck -fy
# repairs each, and the files fsync'd before are intact.
B=build/host
W=$B/ext2_order.d
. tests/host/ext2_images.sh

rm -rf "$W"
mkdir -p "$W/empty" || exit 1
sh tests/host/ext2_build.sh ext2_order || exit 1
make_image "$W/empty" "$W/base.img" 24M || { echo "Bail out! mke2fs: $(cat "$W/base.img.log")"; exit 1; }
SEED=${EXT2_CRASH_SEED:-1130}
for mode in ordered noflush crash; do
	cp "$W/base.img" "$W/$mode.img"
	args=$mode
	[ $mode = crash ] && args="crash $SEED $W"
	# shellcheck disable=SC2086
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 timeout 60 "$B/ext2_order" "$W/$mode.img" \
		$args >"$W/$mode.tap" 2>"$W/$mode.err"
	status=$?
	tap_merge "$W/$mode.tap" "$mode"
	check "$mode: runs to the end" test $status -eq 0
	[ $status -eq 0 ] || sed 's/^/# /' "$W/$mode.err" | head -30
done
fsck_clean ordered "$W/ordered.img"
echo "1..$n"
