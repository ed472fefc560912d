#!/bin/sh
# Boots a Masque disk image in QEMU (TCG unless MASQUE_KVM=1).
# Usage: qemu.sh IMAGE [-interactive] [QEMU ARGS...]
# A name ending in .qcow2 is a qcow2 image, any other a raw one.
# Headless by default: serial on stdout, no display, no monitor. -interactive puts
# the serial line on this terminal with QEMU's Ctrl-A escapes.
set -eu
img=$1
shift
format=raw
case $img in *.qcow2) format=qcow2 ;; esac
mode=-display
if [ "${1:-}" = -interactive ]; then
	mode=-nographic
	shift
fi
# TCG's default model (qemu64) lacks SMEP and SMAP, which the kernel turns on where
# it finds them: ask for them. MASQUE_CPU=qemu64 boots the model without them.
accel="-cpu ${MASQUE_CPU:-qemu64,+smep,+smap}"
[ "${MASQUE_KVM:-0}" = 1 ] && accel="-enable-kvm"
if [ $mode = -nographic ]; then
	io="-nographic"
else
	io="-display none -serial stdio -monitor none"
fi
# shellcheck disable=SC2086
exec qemu-system-x86_64 $accel -machine pc -m "${MASQUE_MEM:-128M}" -no-reboot \
	-drive "file=$img,format=$format,if=virtio" \
	-device isa-debug-exit,iobase=0xf4,iosize=4 $io "$@"
