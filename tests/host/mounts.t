#!/bin/sh
# The fs-server's mount table and the propagation of mounts (fs-server/mount.c,
# propagate.c, subpath.c) against a file system in memory, built for the host with ASan
# and UBSan; build/host/mounts prints the TAP.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Ifs-server -Itests/host -idirafter include -idirafter common/include"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/mounts" tests/host/mounts.c fs-server/mount.c fs-server/propagate.c \
	fs-server/subpath.c tests/host/tap.c >"$B/mounts.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/mounts.c"
	sed 's/^/# /' "$B/mounts.log"
	exit 1
fi
exec "$B/mounts"
