#!/bin/sh
# The in-VM kernel tests: boot images/test.img once; every test program's TAP lines,
# numbered, plus a check that each ran to its end and the machine powered off.
# A second disk fails reads of sector 64 and writes of sector 128 (QEMU's blkdebug),
# for the block driver's error path. Afterwards the ext2 partition, which the tests
# only read, must still be clean; the plan comes last, once that check is counted.
set -u
mkdir -p build/logs
rm -f build/disk-errors.img
truncate -s 4M build/disk-errors.img
errors=file.driver=blkdebug,file.image.filename=build/disk-errors.img
errors=$errors,file.inject-error.0.event=read_aio,file.inject-error.0.errno=5
errors=$errors,file.inject-error.0.sector=64
errors=$errors,file.inject-error.1.event=write_aio,file.inject-error.1.errno=5
errors=$errors,file.inject-error.1.sector=128
. tools/vmcheck.sh
export MASQUE_MEM=256M VM_TIMEOUT=600
vm_tap build/logs/kernel-test.log images/test.img \
	tests/kernel/boot.conf -drive "if=virtio,format=raw,$errors"
check "tools/vmtap.py ran (status $status)" [ "$status" -eq 0 ]
check "the tests ran with SMEP and SMAP on" grep -q 'masque: SMEP on, SMAP on' build/logs/kernel-test.log
fsck() {
	PATH=$PATH:/sbin:/usr/sbin e2fsck -fn 'images/test.img?offset=1048576' \
		>build/logs/kernel-fsck.log 2>&1 || { sed 's/^/# /' build/logs/kernel-fsck.log; false; }
}
check "the ext2 partition is clean after the tests (e2fsck -fn)" fsck
echo "1..$n"
