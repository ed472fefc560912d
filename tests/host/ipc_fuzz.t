#!/bin/sh
# A random driver of the capability, rights and message code under AddressSanitizer
# and UBSan: tests/host/ipc_fuzz.c with microkernel/ipc/{capspace,port,right,notify,
# kmsg,port_traps}.c as they are. Arguments: SEED [ROUNDS] (default: a new seed,
# printed; FUZZ_SEED in the environment sets it too).
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iinclude -Imicrokernel -idirafter lib/include"
IPC="capspace port right notify kmsg port_traps"
SRC=""
for f in $IPC; do SRC="$SRC microkernel/ipc/$f.c"; done

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/ipc_fuzz" tests/host/ipc_fuzz.c tests/host/ipc_stubs.c \
	tests/host/kmem_shim.c tests/host/tap.c $SRC \
	>"$B/ipc_fuzz.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/ipc_fuzz.c"
	sed 's/^/# /' "$B/ipc_fuzz.log"
	exit 1
fi
exec "$B/ipc_fuzz" ${1:-${FUZZ_SEED:-}} ${2:-}
