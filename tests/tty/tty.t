#!/bin/sh
# The system `./build.sh run` boots (images/shell.img: BusyBox init as process 1, which
# runs /etc/init.d/rcS and a login shell on the serial console), driven as a person
# would: tests/tty/console.py types at QEMU's serial line and reads the echoes and the
# output back (line editing, stty, ^C, ^Z, jobs, input typed ahead, /dev/tty, vi,
# history), powers the machine off, then checks the disk on this host (e2fsck, and
# the session's file read with debugfs).
set -u
D=build/tty
PATH=$PATH:/sbin:/usr/sbin
mkdir -p build/logs "$D"
[ -f images/shell.img ] || { echo "Bail out! no images/shell.img (make images)"; exit 1; }
img=$D/disk.img
cp images/shell.img "$img"
MASQUE_MEM=256M exec tests/tty/console.py build/logs/tty-console.log "$img?offset=1048576" \
	tools/qemu.sh "$img"
