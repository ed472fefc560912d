#!/bin/sh
# The e2fsprogs port inside Masque (./build.sh exec) against the host's e2fsprogs (the
# same version, 1.47.0) on the same files: Masque's mke2fs makes a file system the host
# finds clean; Masque's e2fsck -fn gives the host's verdict (exit status) and words on a
# clean and on a damaged image; dumpe2fs, tune2fs and debugfs read and write as the
# host's. Images go in and out as files (--add, and cat to stdout); both sides name the
# image x.img from the root folder (Masque's programs start in /).
set -u
PATH=$PATH:/sbin:/usr/sbin
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
ok() { # STATUS DESCRIPTION: one point, passed when STATUS is 0
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
masque() { ./build.sh exec "$@" 2>>"$t/exec.log"; } # a program in Masque
on_host() { (cd "$t" && "$@"); }                     # the same in $t, the image as x.img
# STEP: an image made or changed in Masque, back on the host as $t/x.img. /etc/mtab
# (the root tree's link to /proc/mounts) is an empty file, nothing mounted, as tune2fs
# will not change a file system whose mount state it cannot learn.
: >"$t/mtab"
image_from_masque() {
	masque --add "$t/mtab:/etc/mtab" --add "$t/x.img:/x.img" -- /bin/sh -c "$1 >/dev/null 2>&1 && cat x.img" >"$t/new.img"
	status=$?
	mv "$t/new.img" "$t/x.img"
	return $status
}

: >"$t/x.img"
image_from_masque "/sbin/mke2fs -F x.img 1M"
ok $? "mke2fs -F x.img 1M in Masque (exit 0)"
on_host e2fsck -fn x.img >"$t/host.out" 2>&1
ok $? "the host's e2fsck -fn finds the file system Masque's mke2fs made clean"
cp "$t/x.img" "$t/clean.img"

masque --add "$t/x.img:/x.img" -- /sbin/e2fsck -fn x.img >"$t/masque.out"
ok $? "Masque's e2fsck -fn on it: exit 0, as the host's"
on_host e2fsck -fn x.img 2>/dev/null | cmp -s - "$t/masque.out"
ok $? "Masque's e2fsck -fn says what the host's says, word for word"

debugfs -w -R "sif <2> links_count 9" "$t/x.img" >/dev/null 2>&1
debugfs -w -R "freeb 20" "$t/x.img" >/dev/null 2>&1
on_host e2fsck -fn x.img >"$t/host.out" 2>/dev/null
host_status=$?
[ $host_status -eq 4 ]
ok $? "damaged (the root's link count, a block marked free): the host's e2fsck -fn finds errors (exit 4)"
masque --add "$t/x.img:/x.img" -- /sbin/e2fsck -fn x.img >"$t/masque.out"
[ $? -eq $host_status ]
ok $? "Masque's e2fsck -fn on the damaged image: exit 4, as the host's"
cmp -s "$t/host.out" "$t/masque.out"
ok $? "Masque's e2fsck -fn names the same errors as the host's, word for word"

cp "$t/clean.img" "$t/x.img"
masque --add "$t/x.img:/x.img" -- /sbin/dumpe2fs -h x.img >"$t/masque.out"
on_host dumpe2fs -h x.img 2>/dev/null | cmp -s - "$t/masque.out"
ok $? "Masque's dumpe2fs -h says what the host's says"

image_from_masque "/sbin/tune2fs -L from-masque x.img"
ok $? "tune2fs -L from-masque in Masque (exit 0)"
[ "$(on_host dumpe2fs -h x.img 2>/dev/null | sed -n 's/^Filesystem volume name: *//p')" = from-masque ]
ok $? "the host reads the label Masque's tune2fs wrote"

image_from_masque "/sbin/debugfs -w -R 'mkdir made-in-masque' x.img"
ok $? "debugfs -w -R 'mkdir made-in-masque' in Masque (exit 0)"
on_host debugfs -R "stat made-in-masque" x.img 2>/dev/null | grep -q 'Type: directory'
ok $? "the host's debugfs finds the folder Masque's debugfs made"
on_host e2fsck -fn x.img >/dev/null 2>&1
ok $? "the host's e2fsck -fn finds the image clean after Masque's tune2fs and debugfs"

echo "1..$n"
