#!/bin/sh
# Writes grub.cfg for a Masque image: serial console, no menu, the kernel and the
# modules named on the command line (each NAME is /boot/NAME, passed as module NAME).
# Usage: grubcfg.sh MODULE...
set -eu
cat <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry "Masque" {
	multiboot2 /boot/masque.elf
CFG
for m in "$@"; do
	printf '\tmodule2 /boot/%s %s\n' "$m" "$m"
done
echo "}"
