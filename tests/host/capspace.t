#!/bin/sh
# microkernel/ipc/capspace.c, the capability table, built for the host with
# tests/host/kmem_shim.c in place of the kernel allocator; build/host/capspace prints
# the TAP. An argument is passed on as the seed of the random churn.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iinclude -Imicrokernel -idirafter common/include"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/capspace" tests/host/capspace.c tests/host/kmem_shim.c microkernel/kern/ledger.c \
	tests/host/tap.c microkernel/ipc/capspace.c >"$B/capspace.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/capspace.c"
	sed 's/^/# /' "$B/capspace.log"
	exit 1
fi
exec "$B/capspace" "$@"
