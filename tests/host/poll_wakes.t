#!/bin/sh
# lib/poll_wakes.c, the bounded wakes of the file protocol's poll, built for the host
# with its two traps modelled by the test (tests/host/poll_wakes_traps/trap.h comes
# before lib/include); build/host/poll_wakes prints the TAP.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Itests/host/poll_wakes_traps -Iinclude -idirafter lib/include"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/poll_wakes" tests/host/poll_wakes.c lib/poll_wakes.c \
	tests/host/tap.c >"$B/poll_wakes.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/poll_wakes.c"
	sed 's/^/# /' "$B/poll_wakes.log"
	exit 1
fi
exec "$B/poll_wakes"
