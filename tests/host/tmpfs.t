#!/bin/sh
# The tmpfs library (fs-server/tmpfs/), built for the host with ASan and UBSan
# (tests/host/tmpfs_build.sh): the directed tests of every operation (tmpfs_ops.c), then
# the model under seeded random operations (tmpfs_model.c) with two seeds.
# TMPFS_MODEL_SEED=N repeats a run.
B=build/host
W=$B/tmpfs.d
. tests/host/ext2_images.sh # tap_merge and check
SEED=${TMPFS_MODEL_SEED:-1994}

# run LABEL PROGRAM ARGS...: PROGRAM's TAP merged under LABEL, and whether it ended well.
run() {
	label=$1
	shift
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 timeout 120 "$@" >"$W/tap" 2>"$W/err"
	status=$?
	tap_merge "$W/tap" "$label"
	check "$label: runs to the end, nothing leaked" test $status -eq 0
	[ $status -eq 0 ] || sed 's/^/# /' "$W/err" | head -30
}

rm -rf "$W"
mkdir -p "$W" || exit 1
sh tests/host/tmpfs_build.sh tmpfs_ops || exit 1
sh tests/host/tmpfs_build.sh tmpfs_model || exit 1
echo "# seed $SEED"
run ops "$B/tmpfs_ops"
run "model (seed $SEED)" "$B/tmpfs_model" "$SEED" 20000
run "model (seed $((SEED + 1)))" "$B/tmpfs_model" $((SEED + 1)) 20000
echo "1..$n"
