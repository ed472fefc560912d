#!/bin/sh
# blkdev-server's pure code: the whole-block pieces of transfers at any byte offset
# (span.c: read-modify-write of partial blocks), which volumes a mount table makes
# busy (mounted.c), and the driver's names of the nodes' minors (lib/include/virtblk.h).
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iblkdev-server -idirafter lib/include"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/blkdev" tests/host/blkdev.c blkdev-server/span.c \
	blkdev-server/mounted.c tests/host/tap.c >"$B/blkdev.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/blkdev.c"
	sed 's/^/# /' "$B/blkdev.log"
	exit 1
fi
exec "$B/blkdev"
