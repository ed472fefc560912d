#!/bin/sh
# Runs the benchmark programs inside Masque and prints their medians as a table.
# Under KVM (booted through QEMU's -kernel, which takes multiboot1) when /dev/kvm opens
# and the run works there; else under TCG from the disk image. The table says which.
set -eu
cd "$(dirname "$0")/.."
B=build
log=$(mktemp)
trap 'rm -f "$log"' EXIT

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

run_tcg() {
	MASQUE_MEM=512M timeout 900 tools/qemu.sh images/bench.img >"$log" 2>&1 || true
}

accel=""
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	run_kvm
	if grep -q '^bench inline_64mib' "$log"; then
		accel="KVM"
	else
		echo "KVM opened but the run failed there; measuring under TCG instead:"
		grep -a 'killed\|panic' "$log" | head -3 | sed 's/^/  /'
	fi
fi
if [ -z "$accel" ]; then
	make -s images/bench.img
	run_tcg
	accel="TCG (emulated: cycles are the host's, spent emulating)"
fi
if ! grep -q '^bench ' "$log"; then
	echo "the benchmark produced no results:" >&2
	cat "$log" >&2
	exit 1
fi
printf '\nMasque kernel costs, median cycles (rdtsc) of 100,000 runs (faults: of 4,096; transfers: one run), under %s\n\n' "$accel"
printf '| %-32s | %10s |\n' measurement cycles
printf '|%s|%s|\n' "----------------------------------" "------------"
grep -a '^bench ' "$log" | while read -r _ name value; do
	case $name in
	null_trap) what="null trap (syscall + return)" ;;
	ipc_round_trip) what="IPC call/reply round trip" ;;
	zero_fill_fault) what="zero-fill page fault" ;;
	cow_fault) what="copy-on-write page fault" ;;
	pager_fault) what="fault served by a pager task" ;;
	ool_64mib) what="64 MiB out of line, read" ;;
	inline_64mib) what="64 MiB in 8 KiB in-line messages" ;;
	*) what=$name ;;
	esac
	printf '| %-32s | %10s |\n' "$what" "$value"
done
