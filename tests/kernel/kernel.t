#!/bin/sh
# The in-VM kernel tests: boot images/test.img once; every test program's TAP lines,
# numbered, plus a check that each ran to its end and the machine powered off.
MASQUE_MEM=256M exec tools/vmtap.py images/test.img tests/kernel/boot.conf --timeout 600 --log build/logs/kernel-test.log
