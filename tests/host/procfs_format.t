#!/bin/sh
# proc-server/procfs_format.c, the text of /proc's files: see procfs_format.c.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Iproc-server -idirafter common/include"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/procfs_format" tests/host/procfs_format.c \
	proc-server/procfs_format.c tests/host/tap.c >"$B/procfs_format.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/procfs_format.c"
	sed 's/^/# /' "$B/procfs_format.log"
	exit 1
fi
exec "$B/procfs_format"
