#!/bin/sh
# Boot to the first shell prompt, Masque beside Linux: the run image (BIOS, GRUB, the
# kernel, the servers, BusyBox init, rcS, a login shell on the console) and Debian's
# cloud kernel (build/linux/, fetched by tools/bench_linux.sh) with an initramfs of the
# same BusyBox build, /etc/inittab, rcS, fstab, hostname and profile, so that BusyBox
# init runs the same rcS and login shell there. Both in the same QEMU machine under
# TCG, one CPU; the wall time from QEMU's start to the prompt on the serial console, in
# milliseconds, the best of RUNS boots (the host's load only adds). Prints one table.
set -eu
cd "$(dirname "$0")/.."
B=build L=$B/linux RUNS=${RUNS:-3}
CPU=${MASQUE_CPU:-qemu64,+smep,+smap} MEM=256M
PROMPT='root@masque:/# '
BUSYBOX=$B/ports/busybox/root/bin/busybox
initrd=$(mktemp)
trap 'rm -f "$initrd"' EXIT

[ -f $L/vmlinuz ] || { echo "bench_boot: no $L/vmlinuz (tools/bench_linux.sh fetches it)" >&2; exit 1; }
files="init=$BUSYBOX proc/ tmp/ root/"
for p in bin/sh bin/mount bin/hostname bin/umount bin/sync sbin/reboot; do
	files="$files $p=$BUSYBOX"
done
for f in inittab init.d/rcS fstab hostname profile passwd group; do
	files="$files etc/$f=rootfs/etc/$f"
done
# shellcheck disable=SC2086
python3 tools/initramfs.py "$initrd" $files

best() { # COMMAND...: the least of RUNS timings
	i=0 least=none
	while [ $i -lt "$RUNS" ]; do
		t=$("$@")
		case $least$t in none*) least=$t ;; *none) ;; *) [ "$t" -lt "$least" ] && least=$t ;; esac
		i=$((i + 1))
	done
	echo "$least"
}
masque() {
	python3 tools/boot_time.py "$PROMPT" 120 -- qemu-system-x86_64 -cpu "$CPU" -machine pc \
		-m $MEM -no-reboot -display none -monitor none -serial stdio \
		-drive "file=images/shell.img,format=raw,if=virtio,snapshot=on"
}
linux() {
	python3 tools/boot_time.py "$PROMPT" 120 -- qemu-system-x86_64 -cpu "$CPU" -machine pc \
		-m $MEM -no-reboot -display none -monitor none -serial stdio \
		-kernel $L/vmlinuz -initrd "$initrd" -append "console=ttyS0 quiet panic=-1"
}
m=$(best masque) l=$(best linux)
printf '\nBoot to the first shell prompt (BusyBox init, rcS, a login shell on the serial\n'
printf 'console), QEMU -machine pc -m %s, one CPU, -cpu %s, TCG: wall time from\n' $MEM "$CPU"
printf 'QEMU'"'"'s start, the best of %s boots (Linux: %s, initramfs).\n\n' "$RUNS" "$(cat $L/version)"
printf '| %-10s | %10s |\n|------------|------------|\n| Masque     | %7s ms |\n| Linux      | %7s ms |\n' \
	boot time "$m" "$l"
