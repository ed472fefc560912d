#!/bin/sh
# GRUB boots the disk image into the kernel, which reports on the serial line and
# powers QEMU off with a clean status.
echo 1..2
out=$(timeout 60 tools/qemu.sh images/masque.img 2>&1)
status=$?
if printf '%s' "$out" | grep -q 'masque: booting (magic 36d76289'; then
	echo "ok 1 - kernel entered from GRUB multiboot2"
else
	echo "not ok 1 - kernel entered from GRUB multiboot2"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
# isa-debug-exit turns power_off(0) into QEMU status 1
if [ $status -eq 1 ]; then echo "ok 2 - clean power-off"; else echo "not ok 2 - clean power-off (status $status)"; fi
