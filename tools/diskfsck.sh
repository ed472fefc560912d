#!/bin/sh
# ./build.sh fsck: checks the root file system of an installed disk (raw or qcow2), with
# e2fsck -fn on its partition (tools/disk.sh): nothing is changed. e2fsck's output and
# its exit status (0: clean, 4: errors left).
# usage: diskfsck.sh DISK
set -eu
PATH=$PATH:/sbin:/usr/sbin
# shellcheck source=tools/disk.sh
. tools/disk.sh
[ $# -eq 1 ] || { echo "usage: ./build.sh fsck DISK" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
disk_open "$1" "$work" || exit 8
status=0
e2fsck -fn "$disk_fs" || status=$?
exit $status
