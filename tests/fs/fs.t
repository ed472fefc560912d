#!/bin/sh
# The fs-server in QEMU. A second disk gets an ext2 file system made by mke2fs from a
# known tree (and device nodes by debugfs), a third a small one the clients mount;
# images/fs.img boots with the disk driver and the fs-server on the second disk, and
# the clients in tests/fs/ run. Afterwards, on the host: e2fsck -fn finds both file
# systems clean, and debugfs finds what the clients wrote.
set -u
B=build/fs
PATH=$PATH:/sbin:/usr/sbin
mkdir -p "$B" build/logs
rm -rf "$B/tree" "$B/disk.img" "$B/tree2" "$B/disk2.img"
mkdir -p "$B/tree2"
printf 'on the second disk\n' >"$B/tree2/second.txt"
mke2fs -q -F -t ext2 -d "$B/tree2" "$B/disk2.img" 8M >"$B/mke2fs2.log" 2>&1 || { echo "Bail out! mke2fs failed"; exit 1; }
mkdir -p "$B/tree/dir" "$B/tree/dev" "$B/tree/private"
printf 'p' >"$B/tree/private/open.txt"
chmod 644 "$B/tree/private/open.txt"
chmod 700 "$B/tree/private"
printf 'hello, world\n' >"$B/tree/hello.txt"
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + i // 4096) & 0xff for i in range(300 * 1024)))' >"$B/tree/big.bin"
printf 's' >"$B/tree/secret"
chmod 600 "$B/tree/secret"
chmod 644 "$B/tree/hello.txt" "$B/tree/big.bin"
for i in $(seq -w 0 299); do : >"$B/tree/dir/f$i"; done
mke2fs -q -F -t ext2 -d "$B/tree" "$B/disk.img" 64M >"$B/mke2fs.log" 2>&1 || { echo "Bail out! mke2fs failed"; exit 1; }
debugfs -w -f - "$B/disk.img" >"$B/debugfs.log" 2>&1 <<CMDS
sif / uid 0
sif / gid 0
sif /secret uid 0
sif /secret gid 0
sif /hello.txt uid 0
sif /hello.txt gid 0
sif /private uid 0
sif /private gid 0
cd /dev
mknod null c 1 3
mknod zero c 1 5
mknod full c 1 7
mknod urandom c 1 9
mknod sda b 8 0
CMDS
for n in null zero full urandom; do debugfs -w -R "sif /dev/$n mode 020666" "$B/disk.img" >/dev/null 2>&1; done

. tools/vmcheck.sh
export MASQUE_MEM=256M VM_TIMEOUT=300
vm_tap build/logs/fs-test.log images/fs.img tests/fs/boot.conf \
	-drive "if=virtio,format=raw,file=$B/disk.img" -drive "if=virtio,format=raw,file=$B/disk2.img"
fsck_clean() {
	e2fsck -fn "$B/disk.img" >build/logs/fs-fsck.log 2>&1 || { sed 's/^/# /' build/logs/fs-fsck.log; false; }
}
host_sees() { # PATH TEXT: debugfs prints TEXT as the file's contents
	[ "$(debugfs -R "cat $1" "$B/disk.img" 2>/dev/null)" = "$2" ]
}
host_lacks() {
	debugfs -R "stat $1" "$B/disk.img" 2>&1 | grep -q 'File not found'
}
check "tools/vmtap.py ran (status $status)" [ "$status" -eq 0 ]
check "e2fsck -fn finds the file system clean after the clients' writes" fsck_clean
check "the host reads what a client wrote (written/persist.txt)" host_sees /written/persist.txt "made inside Masque"
check "and a truncated file's 5 bytes (written/data)" host_sees /written/data abcde
mapped_bytes() {
	[ "$(debugfs -R "cat /written/mapped" "$B/disk.img" 2>/dev/null | head -c 3)" = XYm ]
}
check "what was written through a shared mapping reached the disk" mapped_bytes
second_clean() {
	e2fsck -fn "$B/disk2.img" >build/logs/fs-fsck2.log 2>&1 || { sed 's/^/# /' build/logs/fs-fsck2.log; false; }
}
check "e2fsck -fn finds the mounted and unmounted second disk clean" second_clean
second_has() {
	[ "$(debugfs -R "cat /new.txt" "$B/disk2.img" 2>/dev/null)" = new ]
}
check "the file written on the mounted disk is on it" second_has
second_late() {
	[ "$(debugfs -R "cat /late.txt" "$B/disk2.img" 2>/dev/null)" = late ] &&
		dumpe2fs -h "$B/disk2.img" 2>/dev/null | grep -q '^Filesystem state: *clean$'
}
check "a disk still mounted at power-off was written back and left clean" second_late
check "a renamed file is under its new name only" host_lacks /written/tmp
check "unlinked files are gone (written/hard)" host_lacks /written/hard
unmounted() {
	grep -qa 'fs-server: / unmounted' build/logs/fs-test.log && ! grep -qa 'unmounted (with errors)' build/logs/fs-test.log
}
check "at power-off the fs-server unmounted / without errors (console)" unmounted
check "so the file system is marked clean (dumpe2fs)" sh -c "dumpe2fs -h $B/disk.img 2>/dev/null | grep -q '^Filesystem state: *clean$'"
echo "1..$n"
