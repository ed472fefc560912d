#!/bin/sh
# The terminal server on the serial console, driven as a person would: one boot whose
# boot script starts the terminal server and runs Debian's BusyBox sh (busybox-static,
# tools/debian_busybox.sh) on /dev/console under the process server;
# tests/tty/console.py types at QEMU's serial line and reads the echoes and the
# output back (line editing, stty, ^C, ^Z, background jobs, input typed ahead,
# /dev/tty).
set -u
D=build/tty
PATH=$PATH:/sbin:/usr/sbin
mkdir -p build/logs "$D"
tools/debian_busybox.sh "$D/busybox" 2>build/logs/tty-busybox.log
case $? in
0) ;;
2) echo "1..0 # SKIP $(cat build/logs/tty-busybox.log)"; exit 0 ;;
*) echo "Bail out! $(cat build/logs/tty-busybox.log)"; exit 1 ;;
esac

tree=$D/tree
rm -rf "$tree" && mkdir -p "$tree/bin" "$tree/lib/masque" "$tree/tmp"
chmod 1777 "$tree/tmp"
cp "$D/busybox" "$tree/bin/"
for applet in $("$tree/bin/busybox" --list); do
	[ -e "$tree/bin/$applet" ] || ln -s busybox "$tree/bin/$applet"
done
cp build/emul/emul.elf "$tree/lib/masque/emul"

conf=$D/boot.conf
printf '%s\n' "start -p virtio_blk" "wait disk0" "start -p fs_server disk0" "wait fs" \
	"start pipe_server" "wait pipe" "start -p tty_server" "wait tty" \
	"run timeout=900 proc_server -c /dev/console /bin/sh" "poweroff 0" >"$conf"
img=$D/disk.img
mke2fs -q -F -t ext2 -b 4096 -d "$tree" "$img" 64M >build/logs/tty-mke2fs.log 2>&1 ||
	{ echo "Bail out! mke2fs: $(cat build/logs/tty-mke2fs.log)"; exit 1; }
tools/devnodes.sh "$img"
modules="build/bootstrap.bin bootstrap,$conf boot.conf"
for m in build/drivers/virtio_blk.elf build/fs-server/fs_server.elf \
	build/pipe-server/pipe_server.elf build/tty-server/tty_server.elf \
	build/proc-server/proc_server.elf; do
	modules="$modules,$m $(basename "$m" .elf)"
done
MASQUE_MEM=256M exec tests/tty/console.py build/logs/tty-console.log \
	tools/qemu.sh "$img" -kernel build/masque.elf -initrd "$modules"
