#!/bin/sh
# Debian's busybox-static (a static glibc BusyBox), fetched once with apt-get download
# into build/debian/deb and unpacked: the BusyBox the shell image and tests/tty run
# until ports/busybox builds Masque's own.
# Usage: debian_busybox.sh OUT (where the binary goes). Exit status 2: the archive
# cannot be reached (the message says so); 1: another failure.
set -u
out=$1
deb_dir=build/debian/deb log=build/logs/debian-busybox-fetch.log
mkdir -p "$deb_dir" build/logs "$(dirname "$out")"
for f in "$deb_dir"/busybox-static_*.deb; do
	[ ! -e "$f" ] || dpkg-deb --info "$f" >/dev/null 2>&1 || rm -f "$f"
done
if ! ls "$deb_dir"/busybox-static_*.deb >/dev/null 2>&1 &&
	! (cd "$deb_dir" && apt-get download busybox-static) >"$log" 2>&1; then
	if grep -q "Failed to fetch\|Temporary failure\|Could not resolve\|Could not connect\|Unable to connect" "$log"; then
		echo "apt-get cannot reach Debian's archive: $(tail -1 "$log")" >&2
		exit 2
	fi
	echo "apt-get download busybox-static failed: $(tail -1 "$log")" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb_dir"/busybox-static_*.deb "$tmp" && cp "$tmp/bin/busybox" "$out"
