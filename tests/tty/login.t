#!/bin/sh
# The login image (images/login.img, `./build.sh run login`: getty and login on the
# console instead of a shell), driven as a person would by tests/tty/login.py.
set -u
D=build/tty
PATH=$PATH:/sbin:/usr/sbin
mkdir -p build/logs "$D"
[ -f images/login.img ] || { echo "Bail out! no images/login.img (make images)"; exit 1; }
img=$D/login.img
cp images/login.img "$img"
MASQUE_MEM=256M exec tests/tty/login.py build/logs/tty-login.log "$img?offset=1048576" \
	tools/qemu.sh "$img"
