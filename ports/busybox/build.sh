#!/bin/sh
# BusyBox's recipe (run by tools/port.sh): configure with ports/busybox/config, build
# static with musl-gcc outside the source tree, install /bin/busybox and one symbolic
# link per applet at the place `busybox --list-full` gives.
# usage: build.sh SRC OBJ ROOT (absolute paths)
set -eu
src=$1 obj=$2 root=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$here/source"

# Debian's musl-gcc sees no kernel headers; some applets include <linux/...>.
kinc=$obj/linux-include
mkdir -p "$kinc"
for d in linux asm-generic; do ln -sfn "/usr/include/$d" "$kinc/$d"; done
ln -sfn /usr/include/x86_64-linux-gnu/asm "$kinc/asm"

# The configuration must be complete for this source: oldconfig may not change it
# (as Debian's own build checks), so a new option is a decision, never a default.
cp "$here/config" "$obj/.config"
make -C "$src" O="$obj" KCONFIG_NOTIMESTAMP=1 oldconfig </dev/null >"$obj/oldconfig.log" 2>&1
if ! diff -u "$here/config" "$obj/.config"; then
	echo "ports/busybox/config is not what this source's oldconfig makes of it (diff above)"
	exit 1
fi

# No time or path in the binary: the banner names the Debian version instead of the
# build date, so two builds of the same inputs are the same bytes.
make -C "$src" O="$obj" -j"$(nproc)" CC=musl-gcc HOSTCC=gcc \
	CONFIG_EXTRA_CFLAGS="-idirafter $kinc" BB_EXTRA_VERSION="Debian $VERSION, Masque" busybox

mkdir -p "$root/bin"
cp "$obj/busybox" "$root/bin/busybox"
"$root/bin/busybox" --list-full | while read -r path; do
	mkdir -p "$root/$(dirname "$path")"
	ln -sfn /bin/busybox "$root/$path"
done
