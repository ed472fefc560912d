#!/bin/sh
# Paging to swap: images/swap.img boots in 64 MiB with the disk driver and the
# default pager on its swap partition; a task then needs four times that memory.
# The ext2 partition is not written: it must stay clean.
set -u
mkdir -p build/logs
tap=$(MASQUE_MEM=64M tools/vmtap.py --timeout 1200 --log build/logs/swap-test.log \
	images/swap.img tests/kernel/swap.conf)
status=$?
printf '%s\n' "$tap" | grep -v '^1\.\.[0-9]*$'
n=$(printf '%s\n' "$tap" | grep -c '^\(not \)\{0,1\}ok ')
n=$((n + 1))
if [ "$status" -eq 0 ]; then echo "ok $n - tools/vmtap.py ran"; else echo "not ok $n - tools/vmtap.py ran (status $status)"; fi
echo "1..$n"
