#!/bin/sh
# Writes GRUB's two boot images for a Masque disk into DIR: boot.img (the MBR's code,
# Debian's grub-pc-bin) and core.img (made by grub-mkimage: the modules that read an
# MBR-partitioned disk's ext2 first partition, where it finds /boot/grub/grub.cfg). A
# disk boots when boot.img's first 440 bytes are its MBR's and core.img follows from
# sector 1. tools/mkimage.sh writes them so; the installed system carries them in
# /boot/grub/i386-pc for its own installer (rootfs/sbin/masque-install).
# usage: grubboot.sh DIR
set -eu
dir=$1
mkdir -p "$dir"
cp /usr/lib/grub/i386-pc/boot.img "$dir/boot.img"
grub-mkimage -O i386-pc -o "$dir/core.img" -p '(hd0,msdos1)/boot/grub' \
	biosdisk part_msdos ext2 normal multiboot2 serial terminal boot
