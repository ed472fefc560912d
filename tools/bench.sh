#!/bin/sh
# Runs the benchmark programs inside Masque and prints their medians as a table.
# Under KVM (booted through QEMU's -kernel, which takes multiboot1) when /dev/kvm opens
# and the run works there: real cycles. Otherwise under TCG, twice: plain (cycles of
# the host spent emulating), and with -icount shift=0, where the guest's clock counts
# one tick per instruction, so the same measurements come out as instruction counts:
# deterministic, and the number to compare between versions.
set -eu
cd "$(dirname "$0")/.."
B=build
log=$(mktemp)
icount_log=$(mktemp)
trap 'rm -f "$log" "$icount_log"' EXIT

run_kvm() {
	qemu-system-x86_64 -enable-kvm -machine pc -m 512M -no-reboot \
		-display none -serial stdio -monitor none \
		-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel $B/masque.elf \
		-initrd "$B/bootstrap.bin bootstrap,bench/boot.conf boot.conf,$B/bench/ipc.elf ipc,$B/bench/vm.elf vm" \
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
	MASQUE_MEM=512M timeout 900 tools/qemu.sh images/bench.img "$@" >"$out" 2>&1 || true
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
	*) echo "$1" ;;
	esac
}

value_of() { # NAME LOG
	grep -a "^bench $1 " "$2" | awk '{print $3}'
}

if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	run_kvm
	if grep -q '^bench inline_64mib' "$log"; then
		printf '\nMasque kernel costs under KVM: median cycles (rdtsc) of 100,000 runs\n'
		printf '(faults: of 4,096; transfers: one run)\n\n'
		printf '| %-32s | %14s |\n|%s|%s|\n' measurement cycles \
			"----------------------------------" "----------------"
		grep -a '^bench ' "$log" | while read -r _ name value; do
			printf '| %-32s | %14s |\n' "$(describe "$name")" "$value"
		done
		exit 0
	fi
	echo "KVM opened but the run failed there; measuring under TCG instead:"
	grep -a 'killed\|panic' "$log" | head -3 | sed 's/^/  /'
fi
make -s images/bench.img
run_tcg "$log"
run_tcg "$icount_log" -icount shift=0
if ! grep -q '^bench ' "$log" || ! grep -q '^bench ' "$icount_log"; then
	echo "the benchmark produced no results:" >&2
	cat "$log" "$icount_log" >&2
	exit 1
fi
printf '\nMasque kernel costs under TCG: medians of 100,000 runs (faults: of 4,096;\n'
printf 'transfers: one run). Cycles are the host'"'"'s, spent emulating; instructions\n'
printf 'are counted by QEMU -icount (a rep-prefixed string instruction counts once per\n'
printf 'byte) and do not vary from run to run.\n\n'
printf '| %-32s | %14s | %14s |\n|%s|%s|%s|\n' measurement "TCG cycles" instructions \
	"----------------------------------" "----------------" "----------------"
grep -a '^bench ' "$log" | while read -r _ name value; do
	printf '| %-32s | %14s | %14s |\n' "$(describe "$name")" "$value" "$(value_of "$name" "$icount_log")"
done
