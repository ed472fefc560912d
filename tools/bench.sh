#!/bin/sh
# Runs the benchmark programs inside Masque and prints their medians as a table.
# Under KVM (booted through QEMU's -kernel, which takes multiboot1) when /dev/kvm opens
# and the run works there: real cycles. Otherwise under TCG, twice: plain (cycles of
# the host spent emulating), and with -icount shift=0, where the guest's clock counts
# one tick per instruction, so the same measurements come out as instruction counts:
# deterministic, and the number to compare between versions (but for time the guest
# waits for the host to do a disk request: QEMU counts it in host nanoseconds, so the
# cold reads and the totals of the fs benchmark vary with the host's load).
# The file-system benchmark (bench/fs.c) needs two scratch disks, made afresh for each
# run: disk1 a small root for the fs-server, disk2 the 256 MiB ext2 file system it
# measures on (4 KiB blocks, as mke2fs makes for a disk of 512 MiB and more). Both are
# checked with e2fsck -fn afterwards.
set -eu
cd "$(dirname "$0")/.."
B=build
PATH=$PATH:/sbin:/usr/sbin
log=$(mktemp)
icount_log=$(mktemp)
trap 'rm -f "$log" "$icount_log"' EXIT
D=$B/bench
ROOT_DISK=$D/root.img
FS_DISK=$D/disk.img

make_disks() {
	mkdir -p $D
	rm -f $ROOT_DISK $FS_DISK
	if ! { mke2fs -q -F -t ext2 $ROOT_DISK 4M &&
		mke2fs -q -F -t ext2 -b 4096 $FS_DISK 256M; } >$D/mke2fs.log 2>&1; then
		cat $D/mke2fs.log >&2
		exit 1
	fi
}

# The scratch disks after the boot disk, for QEMU. cache=unsafe: a flush the guest asks
# for still goes all the way through its driver and the device, but the host does not
# fdatasync the file; under -icount, time the guest waits for the host counts as
# instructions, and those milliseconds would swamp what is measured.
disks() {
	echo "-drive file=$ROOT_DISK,format=raw,if=virtio,cache=unsafe" \
		"-drive file=$FS_DISK,format=raw,if=virtio,cache=unsafe"
}

# After a run: what e2fsck -fn says of the disks the fs-server wrote.
check_disks() {
	for d in $ROOT_DISK $FS_DISK; do
		e2fsck -fn "$d" >$D/e2fsck.log 2>&1 ||
			{ echo "e2fsck -fn finds errors on $d:"; sed 's/^/  /' $D/e2fsck.log; }
	done
}

# The boot image is attached (a snapshot, never written) only so that the scratch
# disks are disk1 and disk2, as bench/boot.conf expects.
run_kvm() {
	make_disks
	# shellcheck disable=SC2046
	qemu-system-x86_64 -enable-kvm -machine pc -m 512M -no-reboot \
		-display none -serial stdio -monitor none \
		-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel $B/masque.elf \
		-initrd "$B/bootstrap.bin bootstrap,bench/boot.conf boot.conf,$B/bench/ipc.elf ipc,$B/bench/vm.elf vm,$B/drivers/virtio_blk.elf virtio_blk,$B/fs-server/fs_server.elf fs_server,$B/bench/fs.elf fs" \
		-drive file=images/bench.img,format=raw,if=virtio,snapshot=on $(disks) \
		>"$log" 2>&1 &
	qemu=$!
	# stop early when the run is over, or has failed (a killed task, a panic)
	for _ in $(seq 600); do
		kill -0 $qemu 2>/dev/null || break
		grep -qa '^# poweroff\|killed\|panic' "$log" && break
		sleep 0.5
	done
	sleep 1
	kill $qemu 2>/dev/null || true
	wait $qemu 2>/dev/null || true
}

run_tcg() { # LOG [QEMU ARGS]
	out=$1
	shift
	make_disks
	# shellcheck disable=SC2046
	MASQUE_MEM=512M timeout 900 tools/qemu.sh images/bench.img $(disks) "$@" >"$out" 2>&1 || true
	check_disks
}

describe() {
	case $1 in
	null_trap) echo "null trap (syscall + return)" ;;
	ipc_round_trip) echo "IPC call/reply round trip" ;;
	zero_fill_fault) echo "zero-fill page fault" ;;
	cow_fault) echo "copy-on-write page fault" ;;
	pager_fault) echo "fault served by a pager task" ;;
	ool_64mib) echo "64 MiB out of line, read" ;;
	inline_64mib) echo "64 MiB in 8 KiB in-line messages" ;;
	fs_write_1mib) echo "fs: write 1 MiB (write_large)" ;;
	fs_write_all_fsync) echo "fs: write 64 MiB + fsync, total" ;;
	fs_read_1mib) echo "fs: read 1 MiB cold (read_large)" ;;
	fs_read_all) echo "fs: read 64 MiB cold, total" ;;
	fs_page_in) echo "fs: page-in of a mapped file" ;;
	fs_page_in_mean) echo "fs: page-in, mean (disk reads too)" ;;
	fs_create) echo "fs: create (open+write 512+close)" ;;
	fs_stat) echo "fs: stat (open O_PATH+stat+close)" ;;
	fs_unlink) echo "fs: unlink" ;;
	fs_create_stat_unlink) echo "fs: create+stat+unlink, per file" ;;
	*) echo "$1" ;;
	esac
}

# What the fs figures are (bench/fs.c), or why there are none.
fs_notes() {
	if ! grep -qa '^bench fs: done' "$log" "$icount_log"; then
		printf '\nThe file-system benchmark did not finish:\n'
		grep -a '^bench fs:\|fs-server:.*\(cannot\|error\)\|killed\|panic' "$log" "$icount_log" |
			head -5 | sed 's/^/  /'
		return
	fi
	printf '\nfs: the fs-server on an ext2 disk of 256 MiB (4 KiB blocks) over virtio-blk:\n'
	printf 'medians of the 64 calls of 1 MiB, of 4,096 pages, of 1,000 files; totals of\n'
	printf 'one run. Cold: the disk is unmounted and mounted again before the reads and\n'
	printf 'before the page-ins, so nothing of the file is cached in the fs-server or in\n'
	printf 'memory. The small files (512 bytes each) are made in one directory, then\n'
	printf 'each stat'"'"'ed, then each unlinked.\n'
}

value_of() { # NAME LOG
	grep -a "^bench $1 " "$2" | awk '{print $3}'
}

make -s images/bench.img
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	run_kvm
	check_disks
	if grep -q '^bench inline_64mib' "$log"; then
		printf '\nMasque costs under KVM: median cycles (rdtsc) of 100,000 runs\n'
		printf '(faults: of 4,096; transfers: one run; fs: see below)\n\n'
		printf '| %-34s | %14s |\n|%s|%s|\n' measurement cycles \
			"------------------------------------" "----------------"
		grep -a '^bench [a-z0-9_]* [0-9]' "$log" | while read -r _ name value; do
			printf '| %-34s | %14s |\n' "$(describe "$name")" "$value"
		done
		fs_notes
		exit 0
	fi
	echo "KVM opened but the run failed there; measuring under TCG instead:"
	grep -a 'killed\|panic' "$log" | head -3 | sed 's/^/  /'
fi
run_tcg "$log"
run_tcg "$icount_log" -icount shift=0
if ! grep -q '^bench ' "$log" || ! grep -q '^bench ' "$icount_log"; then
	echo "the benchmark produced no results:" >&2
	cat "$log" "$icount_log" >&2
	exit 1
fi
printf '\nMasque costs under TCG: medians of 100,000 runs (faults: of 4,096;\n'
printf 'transfers: one run; fs: see below). Cycles are the host'"'"'s, spent emulating;\n'
printf 'instructions are counted by QEMU -icount (a rep-prefixed string instruction\n'
printf 'counts once per byte) and do not vary from run to run, but for waits on the\n'
printf 'disk, which -icount counts as the host'"'"'s nanoseconds.\n\n'
printf '| %-34s | %14s | %14s |\n|%s|%s|%s|\n' measurement "TCG cycles" instructions \
	"------------------------------------" "----------------" "----------------"
grep -a '^bench [a-z0-9_]* [0-9]' "$log" | while read -r _ name value; do
	printf '| %-34s | %14s | %14s |\n' "$(describe "$name")" "$value" "$(value_of "$name" "$icount_log")"
done
fs_notes
