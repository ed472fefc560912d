#!/bin/sh
# lib/locks.c, the record locks of one file, built for the host with ASan and
# UBSan; build/host/locks prints the TAP.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -iquote lib/include"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/locks" tests/host/locks.c tests/host/tap.c lib/locks.c \
	>"$B/locks.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/locks.c"
	sed 's/^/# /' "$B/locks.log"
	exit 1
fi
exec "$B/locks"
