#!/bin/sh
# Port rights and message queues: microkernel/ipc/{capspace,port,right,notify,kmsg,
# port_traps}.c built for the host as they are (with the notification builders
# generated from interfaces/notify.defs), with tests/host/ipc_stubs.c for the
# scheduler and the VM and tests/host/kmem_shim.c for the allocator;
# build/host/ipc_rights prints the TAP.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iinclude -Imicrokernel -idirafter common/include -DMASQUE_KERNEL"
IPC="capspace port right notify kmsg port_traps"
SRC="microkernel/kern/ledger.c"

for f in $IPC; do SRC="$SRC microkernel/ipc/$f.c"; done

mkdir -p "$B" || exit 1
# notify.c sends notifications through the builders tools/ifgen.py writes for the kernel
# shellcheck disable=SC2086
if ! python3 tools/ifgen.py --kernel-sender interfaces/notify.defs --out "$B/kgen" \
	>"$B/ipc_rights.log" 2>&1 ||
	! gcc $HOSTCFLAGS -I"$B/kgen" -o "$B/ipc_rights" tests/host/ipc_rights.c \
		tests/host/ipc_stubs.c tests/host/kmem_shim.c tests/host/tap.c $SRC \
		"$B/kgen/notify_ksend.c" >>"$B/ipc_rights.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/ipc_rights.c"
	sed 's/^/# /' "$B/ipc_rights.log"
	exit 1
fi
exec "$B/ipc_rights"
