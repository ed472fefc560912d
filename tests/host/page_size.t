#!/bin/sh
# The page arithmetic kernel and native programs share: tests/host/page_size.c, built
# for the host; build/host/page_size prints the TAP.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iinclude"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/page_size" tests/host/page_size.c tests/host/tap.c >"$B/page_size.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/page_size.c"
	sed 's/^/# /' "$B/page_size.log"
	exit 1
fi
exec "$B/page_size"
