#!/bin/sh
# The fs-server's permission rules (fs-server/perm.c), built for the host;
# build/host/perm prints the TAP.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Ifs-server"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/perm" tests/host/perm.c fs-server/perm.c tests/host/tap.c >"$B/perm.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/perm.c"
	sed 's/^/# /' "$B/perm.log"
	exit 1
fi
exec "$B/perm"
