#!/bin/sh
# Build build/host/NAME from tests/host/NAME.c with the kernel's IPC code as it is:
# microkernel/ipc/{capspace,port,right,notify,kmsg,port_traps}.c and the ledger, the
# notification builders tools/ifgen.py writes for the kernel, tests/host/ipc_stubs.c
# for the scheduler and the VM and tests/host/kmem_shim.c for the allocator, under
# AddressSanitizer and UBSan. On failure prints a failed TAP plan and exits 1.
# usage: ipc_build.sh NAME
name=$1
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iinclude -Imicrokernel -idirafter common/include -DMASQUE_KERNEL"
SRC="microkernel/kern/ledger.c"
for f in capspace port right notify kmsg port_traps; do SRC="$SRC microkernel/ipc/$f.c"; done

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! python3 tools/ifgen.py --kernel-sender interfaces/notify.defs --out "$B/kgen" \
	>"$B/$name.log" 2>&1 ||
	! gcc $HOSTCFLAGS -I"$B/kgen" -o "$B/$name" "tests/host/$name.c" \
		tests/host/ipc_stubs.c tests/host/kmem_shim.c tests/host/tap.c $SRC \
		"$B/kgen/notify_ksend.c" >>"$B/$name.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/$name.c"
	sed 's/^/# /' "$B/$name.log"
	exit 1
fi
