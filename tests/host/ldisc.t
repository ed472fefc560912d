#!/bin/sh
# tty-server/ldisc.c, the line discipline, built for the host; build/host/ldisc prints
# the TAP. Each point types characters at a terminal in one setting and checks one
# thing: what a read gets, what was echoed, what goes out on the wire.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Itty-server"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/ldisc" tests/host/ldisc.c tests/host/tap.c tty-server/ldisc.c \
	>"$B/ldisc.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/ldisc.c"
	sed 's/^/# /' "$B/ldisc.log"
	exit 1
fi
exec "$B/ldisc"
