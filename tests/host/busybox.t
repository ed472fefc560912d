#!/bin/sh
# The BusyBox port (ports/busybox) as built: one static musl program, with no build path
# in it, holding exactly the applets ports/busybox/applets promises, each a link to
# /bin/busybox in the staged root tree (build/rootfs). Needs `./build.sh build` first.
B=build
bin=$B/ports/busybox/root/bin/busybox
unstripped=$B/ports/busybox/obj/busybox_unstripped
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 1..8

. tools/tap.sh

[ -x "$bin" ] && [ -f "$B/rootfs.made" ]
result $? "the port and the root tree are built ($bin, $B/rootfs)"

readelf -lW "$bin" >"$tmp/phdrs" 2>&1
! grep -q 'INTERP\|DYNAMIC' "$tmp/phdrs"
result $? "busybox is static: no interpreter, no dynamic section" "$tmp/phdrs"

# musl's start-up (__init_libc) is in it, glibc's versioned symbols are not
nm "$unstripped" 2>&1 | grep -qw '__init_libc'
result $? "busybox is linked with musl (__init_libc)"
! grep -q 'GLIBC_' "$bin"
result $? "busybox holds no glibc symbol version"

# no path of this build in it: two checkouts make the same bytes
! grep -q "$(pwd)" "$bin"
result $? "busybox holds no path of the build"

"$bin" --list-full | LC_ALL=C sort >"$tmp/built"
grep -v '^#' ports/busybox/applets | LC_ALL=C sort >"$tmp/promised"
diff -u "$tmp/promised" "$tmp/built" >"$tmp/diff"
result $? "its applets are ports/busybox/applets' (- promised, + built)" "$tmp/diff"

"$bin" --help 2>&1 | head -1 >"$tmp/banner"
grep -q "^BusyBox v1.35.0 (Debian $(sed -n 's/^VERSION=//p' ports/busybox/source), Masque)" "$tmp/banner"
result $? "its banner names the Debian version, no build date" "$tmp/banner"

# every applet a link to /bin/busybox at its place in the root tree, but where a later
# port installs its own program (ports/e2fsprogs/programs: mke2fs, mkfs.ext2)
while read -r path; do
	grep -qx "$path" ports/e2fsprogs/programs && continue
	[ "$(readlink "$B/rootfs/$path")" = /bin/busybox ] || echo "$path"
done <"$tmp/built" >"$tmp/unlinked"
[ ! -s "$tmp/unlinked" ]
result $? "each applet another port does not replace is a link to /bin/busybox in $B/rootfs" "$tmp/unlinked"
