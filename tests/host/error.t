#!/bin/sh
# The kernel's result codes and their mapping to errno values: tests/host/error.c, built
# for the host; build/host/error prints the TAP.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iinclude -idirafter lib/include -idirafter common/include"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/error" tests/host/error.c tests/host/tap.c common/kern_error.c >"$B/error.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/error.c"
	sed 's/^/# /' "$B/error.log"
	exit 1
fi
exec "$B/error"
