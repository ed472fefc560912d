#!/bin/sh
# The root tree as staged (build/rootfs, by tools/rootfs.sh) and as the run image
# carries it (images/masque.img, read with debugfs): the directories and modes of
# rootfs/layout, the accounts, the host name, init's table, and the owners git cannot
# keep. Needs `./build.sh image` first (./build.sh test makes it).
tree=build/rootfs
img="images/masque.img?offset=1048576"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 1..10

. tools/tap.sh

# every directory of rootfs/layout there with its mode
grep -v '^#' rootfs/layout | while read -r path mode _uid _gid; do
	got=$(stat -c %a "$tree$path" 2>&1)
	[ "$got" = "${mode#0}" ] || echo "$path: $got, not $mode"
done >"$tmp/modes"
[ ! -s "$tmp/modes" ]
result $? "every path of rootfs/layout is in $tree with its mode" "$tmp/modes"

[ "$(stat -c %a "$tree/tmp")" = 1777 ]
result $? "/tmp is sticky and open to all (1777)"

grep -q '^root:x:0:0:.*:/root:/bin/sh$' "$tree/etc/passwd" &&
	grep -q '^user:x:1000:1000:.*:/home/user:/bin/sh$' "$tree/etc/passwd"
result $? "/etc/passwd has root and an ordinary user with their homes and /bin/sh"

cut -d: -f1 "$tree/etc/passwd" >"$tmp/users"
cut -d: -f1 "$tree/etc/shadow" | diff "$tmp/users" - >"$tmp/shadow"
result $? "/etc/shadow has an entry for each account, in order" "$tmp/shadow"

[ "$(cat "$tree/etc/hostname")" = masque ]
result $? "the host name is masque"

grep -q '^console::respawn:-/bin/sh$' "$tree/etc/inittab"
result $? "init respawns a login shell on the console"

[ -x "$tree/etc/init.d/rcS" ] && [ "$(readlink "$tree/sbin/init")" = /bin/busybox ]
result $? "/sbin/init is BusyBox's, and the rcS it runs is executable"

# the image: what mke2fs -d could not give
debugfs -R "stat /home/user" "$img" >"$tmp/home" 2>&1
grep -q 'User: *1000 *Group: *1000' "$tmp/home"
result $? "/home/user belongs to the user in the image" "$tmp/home"

debugfs -R "stat /etc/shadow" "$img" >"$tmp/shadow" 2>&1
grep -q 'Mode: *0600' "$tmp/shadow"
result $? "/etc/shadow is 0600 in the image" "$tmp/shadow"

debugfs -R "stat /bin/busybox" "$img" >"$tmp/busybox" 2>&1
grep -q "Size: $(stat -c %s build/ports/busybox/root/bin/busybox)\$" "$tmp/busybox"
result $? "the image carries /bin/busybox" "$tmp/busybox"
