#!/bin/sh
# Installs from the host (tools/install.sh, ./build.sh install): a 256 MiB raw image and
# a qcow2 image, each booted alone in QEMU (tests/install/boot.py: BIOS, GRUB, the
# disk's boot script) to the shell's prompt, where a command's output must come back;
# the refusals (a disk with partitions, a block device) and the errors (a bad SIZE, a
# missing host file, too small a disk) leave nothing made or changed; files in and out
# without booting (./build.sh cp) and checks (./build.sh fsck); the installer inside
# Masque (masque-install, typed on a booted install's console) makes an image file and,
# through the block nodes, a second disk that boot alone with a file written before;
# e2fsck -fn is clean on every disk afterwards.
set -u
PATH=$PATH:/sbin:/usr/sbin
D=build/install
rm -rf "$D" && mkdir -p "$D" build/logs
n=0
ok() { # STATUS DESCRIPTION: one point, passed when STATUS is 0
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
check() { # DESCRIPTION COMMAND...: one point, passed when COMMAND succeeds
	what=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$what"
}
install_to() { tools/install.sh "$@" >>"$D/install.log" 2>&1; }
fsck_clean() { e2fsck -fn "$1?offset=1048576" >>"$D/fsck.log" 2>&1; }
nothing_new() { [ "$(ls -A "$D/empty")" = "" ]; }
booted() { # IMAGE NAME: boot it, run a command, say what was reached
	# shellcheck disable=SC2016 # the shell in Masque expands it
	tests/install/boot.py "build/logs/install-$2.log" "$1" 'echo $((6*7))' 42
}
reached() { echo "$stages" | grep -qx "$1"; } # STAGE: boot.py's line

# --- a raw image -------------------------------------------------------------------
install_to "$D/raw.img" --size 256M
ok $? "install makes a raw image (exit 0)"
check "the raw image is 256 MiB" test "$(stat -c %s "$D/raw.img")" -eq $((256 << 20))
check "its first partition starts at 1 MiB, Linux type, bootable" \
	sh -c "sfdisk -d $D/raw.img | grep -q 'start= *2048, .*type=83, bootable'"
check "GRUB's boot code is in the MBR" \
	sh -c "cmp -n 440 $D/raw.img /usr/lib/grub/i386-pc/boot.img"
stages=$(booted "$D/raw.img" raw)
check "the raw image boots alone to the shell's prompt" reached prompt
check "a command typed there answers (echo \$((6*7)) gives 42)" reached "output 1"
check "exit powers the machine off" reached poweroff
check "e2fsck -fn is clean on the raw image after its boot" fsck_clean "$D/raw.img"

# --- a qcow2 image -----------------------------------------------------------------
install_to "$D/disk.qcow2" --size 256M
ok $? "install makes a .qcow2 image (exit 0)"
check "qemu-img says it is qcow2" sh -c "qemu-img info $D/disk.qcow2 | grep -q '^file format: qcow2'"
stages=$(booted "$D/disk.qcow2" qcow2)
check "the qcow2 image boots alone to the shell's prompt" reached prompt
check "a command typed there answers" reached "output 1"
qemu-img convert -f qcow2 -O raw "$D/disk.qcow2" "$D/qcow2.raw"
check "e2fsck -fn is clean on the qcow2 image after its boot" fsck_clean "$D/qcow2.raw"
rm -f "$D/qcow2.raw"

# --- swap and added files ----------------------------------------------------------
head -c 100000 /dev/urandom >"$D/added"
install_to "$D/swap.img" --size 64M --swap 16M --add "$D/added:/root/deep/added"
ok $? "install with --swap and --add (exit 0)"
check "--swap 16M: a second partition of 16 MiB, swap type" \
	sh -c "sfdisk -d $D/swap.img | grep -q 'size= *32768, type=82'"
debugfs -R "dump /root/deep/added $D/added.back" "$D/swap.img?offset=1048576" >/dev/null 2>&1
check "--add: the host file is in the image with the same bytes, its folders made" \
	cmp "$D/added" "$D/added.back"
check "e2fsck -fn is clean on the image with swap" fsck_clean "$D/swap.img"

# --- files in and out without booting (./build.sh cp), checks (./build.sh fsck) ----
./build.sh cp "$D/added" "$D/raw.img:/new/folder/file" >>"$D/cp.log" 2>&1
ok $? "cp into a raw image (exit 0)"
./build.sh cp "$D/raw.img:/new/folder/file" "$D/back" >>"$D/cp.log" 2>&1
check "cp out of it gives the same bytes" cmp "$D/added" "$D/back"
check "cp made the missing folders" \
	sh -c "debugfs -R 'stat /new/folder' $D/raw.img?offset=1048576 2>/dev/null | grep -q 'Type: directory'"
rm -f "$D/back"
./build.sh cp "$D/added" "$D/disk.qcow2:/root/" >>"$D/cp.log" 2>&1
./build.sh cp "$D/disk.qcow2:/root/added" "$D/back" >>"$D/cp.log" 2>&1
check "cp into and out of a qcow2 image gives the same bytes" cmp "$D/added" "$D/back"
./build.sh cp "$D/raw.img:/no/such/file" "$D/back" >>"$D/cp.log" 2>&1
check "cp of a file the image does not hold is an error" test $? -ne 0
check "fsck of a clean image: exit 0" ./build.sh fsck "$D/raw.img"
check "fsck of the qcow2 image after cp: exit 0" ./build.sh fsck "$D/disk.qcow2"
cp "$D/raw.img" "$D/damaged.img"
debugfs -w -R "sif /bin/busybox links_count 7" "$D/damaged.img?offset=1048576" >/dev/null 2>&1
./build.sh fsck "$D/damaged.img" >/dev/null 2>&1
check "fsck of a damaged image: exit 4 (errors left)" test $? -eq 4
check "e2fsck -fn is clean on the raw image after cp" fsck_clean "$D/raw.img"

# --- refusals ----------------------------------------------------------------------
sum=$(sha256sum <"$D/swap.img")
install_to "$D/swap.img"
check "an image that holds partitions is refused without --force" test $? -ne 0
check "the refusal says why" grep -q "swap.img already holds a dos partition table: use --force" "$D/install.log"
check "the refused image is unchanged" test "$(sha256sum <"$D/swap.img")" = "$sum"
install_to "$D/swap.img" --force
ok $? "with --force it is installed over (exit 0)"
check "e2fsck -fn is clean on the image installed over" fsck_clean "$D/swap.img"
check "its swap partition is gone (the size is the old image's, no --swap)" \
	sh -c "! sfdisk -d $D/swap.img | grep -q type=82"
if mknod "$D/block" b 7 250 2>/dev/null; then
	install_to "$D/block"
	check "a block device is refused without --force" test $? -ne 0
else
	n=$((n + 1)) && echo "ok $n # SKIP no mknod here: a block device is refused without --force"
fi

# --- the installer inside Masque (masque-install), onto an image file ---------------
# A file written before the install must be on the installed disk, which boots alone.
install_to "$D/inside.img" --size 256M
stages=$(tests/install/boot.py build/logs/install-inside.log "$D/inside.img" \
	'echo written-before >/root/marker; cat /root/marker' written-before \
	'/sbin/masque-install /tmp/new.img 64' 'masque-install: done: [^\r]*' \
	'echo status $?' 'status 0' \
	'/sbin/masque-install /tmp/new.img 64; echo status $?' 'status 1')
check "masque-install /tmp/new.img 64 reports its steps to the end" reached "output 2"
check "masque-install ends with status 0" reached "output 3"
check "masque-install refuses an image that holds a partition table (status 1)" reached "output 4"
./build.sh cp "$D/inside.img:/tmp/new.img" "$D/new.img" >>"$D/cp.log" 2>&1
check "the image masque-install made: its partition from 1 MiB, Linux, bootable" \
	sh -c "sfdisk -d $D/new.img | grep -q 'start= *2048, .*type=83, bootable'"
check "e2fsck -fn on the host finds its file system clean" fsck_clean "$D/new.img"
stages=$(tests/install/boot.py build/logs/install-new.log "$D/new.img" 'cat /root/marker' written-before)
check "the image masque-install made boots alone to the shell's prompt" reached prompt
check "the file written before the install is on it" reached "output 1"
check "e2fsck -fn is clean on it after its boot" fsck_clean "$D/new.img"
check "e2fsck -fn is clean on the disk that ran masque-install" fsck_clean "$D/inside.img"

# --- block nodes and the installer inside Masque, onto a blank second disk (/dev/vdb) --
# The block nodes first (blkdev-server; tests/install/blkcheck.c says one fact of the
# calls on a node per run), then the install; the disk it made boots alone.
truncate -s 256M "$D/vdb.img"
musl-gcc -static -O2 -Wall -Wextra -Werror -idirafter build/linux-include -o "$D/blkcheck" \
	tests/install/blkcheck.c >"$D/blkcheck.log" 2>&1 &&
	./build.sh cp "$D/blkcheck" "$D/inside.img:/root/blkcheck" >>"$D/cp.log" 2>&1
ok $? "tests/install/blkcheck.c builds and goes onto the disk"
# shellcheck disable=SC2016 # the shell in Masque expands them
stages=$(tests/install/boot.py --disk "$D/vdb.img" build/logs/install-vdb.log "$D/inside.img" \
	'echo before-vdb >/root/marker-vdb; cat /root/marker-vdb' before-vdb \
	'stat -c "%F %t:%T" /dev/vdb' 'block special file fe:10' \
	'blockdev --getsize64 /dev/vdb' 268435456 \
	'blockdev --getss /dev/vdb' 512 \
	'printf unaligned-ok | dd of=/dev/vdb bs=1 seek=1000001 conv=notrunc 2>/dev/null; dd if=/dev/vdb bs=1 skip=1000001 count=12 2>/dev/null; echo' unaligned-ok \
	'chpst -u user cat /dev/vdb' "cat: can't open '/dev/vdb': Permission denied" \
	'dd if=/dev/zero of=/dev/vda1 count=1 conv=notrunc' "dd: can't open '/dev/vda1': [^\r]*busy" \
	'/root/blkcheck sectors /dev/vdb' 'sectors 524288' \
	'/root/blkcheck efault /dev/vdb' 'efault EFAULT' \
	'/root/blkcheck notty /dev/vdb' 'notty ENOTTY' \
	'/root/blkcheck seekend /dev/vdb' 'seekend 268435456' \
	'/root/blkcheck stat /dev/vda1' 'stat block 254:1 size 0' \
	'/root/blkcheck pwrite /dev/vdb' 'pwrite same' \
	'/root/blkcheck fsync /dev/vdb' 'fsync 0 0' \
	'cat /dev/vdc' "cat: can't open '/dev/vdc': No such device or address" \
	'/root/blkcheck excl /dev/vdb' 'excl none EBUSY' \
	'mke2fs -n /dev/vda1' '/dev/vda1 is apparently in use by the system; will not make a filesystem here!' \
	'dd if=/dev/zero of=/dev/vdb bs=512 seek=524288 count=1' "dd: error writing '/dev/vdb': No space left on device" \
	'/sbin/masque-install /dev/vdb' 'masque-install: done: /dev/vdb boots Masque alone' \
	'echo status $?' 'status 0' \
	'/sbin/masque-install /dev/vdb; echo status $?' 'status 1')
check "the second disk is a block node 254:16 (stat)" reached "output 2"
check "blockdev --getsize64 /dev/vdb is the host's 268435456" reached "output 3"
check "blockdev --getss /dev/vdb: 512-byte sectors" reached "output 4"
check "dd bs=1 at the unaligned offset 1000001 reads back what it wrote" reached "output 5"
check "a user outside group disk cannot open /dev/vdb (EACCES)" reached "output 6"
check "the mounted root partition /dev/vda1 cannot be opened for writing (EBUSY)" reached "output 7"
check "BLKGETSIZE: 524288 sectors" reached "output 8"
check "BLKGETSIZE64 to an unmapped address: EFAULT" reached "output 9"
check "a terminal's ioctl on a block device: ENOTTY" reached "output 10"
check "lseek SEEK_END: the disk's size" reached "output 11"
check "fstat of /dev/vda1: S_IFBLK, st_rdev 254:1, st_size 0" reached "output 12"
check "pwrite and pread across a block boundary agree" reached "output 13"
check "fsync and fdatasync of a block device: 0" reached "output 14"
check "a node of a disk that is not there: ENXIO" reached "output 15"
check "a second open with O_EXCL of a claimed disk: EBUSY, the first claims it" reached "output 16"
check "mke2fs finds the mounted root partition in use (its O_EXCL open: EBUSY)" reached "output 17"
check "a write at the end of the disk: ENOSPC" reached "output 18"
check "masque-install /dev/vdb reports its steps to the end" reached "output 19"
check "masque-install /dev/vdb ends with status 0" reached "output 20"
check "a second masque-install /dev/vdb without -f is refused (status 1)" reached "output 21"
check "the machine powers off after the install" reached poweroff
check "on the host the unaligned bytes are at offset 1000001 of the disk" \
	test "$(dd if="$D/vdb.img" bs=1 skip=1000001 count=12 2>/dev/null)" = unaligned-ok
check "the installed disk: its partition from 1 MiB, Linux, bootable" \
	sh -c "sfdisk -d $D/vdb.img | grep -q 'start= *2048, .*type=83, bootable'"
check "GRUB's boot code is in its MBR" sh -c "cmp -n 440 $D/vdb.img /usr/lib/grub/i386-pc/boot.img"
check "e2fsck -fn on the host finds the installed disk clean" fsck_clean "$D/vdb.img"
stages=$(tests/install/boot.py build/logs/install-vdb-alone.log "$D/vdb.img" \
	'cat /root/marker-vdb' before-vdb)
check "the installed second disk boots alone to the shell's prompt" reached prompt
check "the file written before the install is on it" reached "output 1"
check "e2fsck -fn is clean on the installed disk after its boot" fsck_clean "$D/vdb.img"
# Back as a second disk: its partition is served now, checked and mounted in Masque.
# shellcheck disable=SC2016 # the shell in Masque expands it
stages=$(tests/install/boot.py --disk "$D/vdb.img" build/logs/install-vdb-again.log "$D/inside.img" \
	'e2fsck -fn /dev/vdb1 >/dev/null; echo status $?' 'status 0' \
	'mount -t ext2 /dev/vdb1 /mnt && cat /mnt/root/marker-vdb' before-vdb \
	'mount -t ext2 /dev/null /tmp' 'mount: mounting /dev/null on /tmp failed: Block device required' \
	'umount /mnt && echo unmounted' unmounted)
check "e2fsck -fn in Masque finds /dev/vdb1 clean, as the host does" reached "output 1"
check "mount -t ext2 /dev/vdb1: the file written before the install is there" reached "output 2"
check "mount -t ext2 of a node that is no block device: ENOTBLK" reached "output 3"
check "umount of the second disk" reached "output 4"
check "e2fsck -fn is clean on the disk that installed it" fsck_clean "$D/inside.img"

# --- errors leave nothing ----------------------------------------------------------
mkdir "$D/empty"
install_to "$D/empty/bad.img" --size 12X
check "a bad SIZE is an error" test $? -ne 0
check "a bad SIZE says so" grep -q "bad size '12X'" "$D/install.log"
check "after a bad SIZE nothing is made" nothing_new
install_to "$D/empty/bad.img" --add "$D/no-such-file:/x"
check "a missing host file is an error" test $? -ne 0
check "after a missing host file nothing is made" nothing_new
install_to "$D/empty/small.img" --size 4M
check "too small a SIZE is an error" test $? -ne 0
check "after too small a SIZE nothing is made" nothing_new
install_to "$D/empty/small.qcow2" --size 4M
check "after too small a SIZE for a qcow2 nothing is made" nothing_new

echo "1..$n"
