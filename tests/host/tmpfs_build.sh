#!/bin/sh
# Build build/host/NAME from tests/host/NAME.c with the tmpfs library (fs-server/tmpfs/),
# tests/host/tap.c and tests/host/fail_alloc.c (malloc, calloc and realloc wrapped, so a
# test can make one allocation fail), under AddressSanitizer and UBSan.
# On failure prints a failed TAP plan and exits 1.
# usage: tmpfs_build.sh NAME
name=$1
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Ifs-server/tmpfs -Itests/host"
WRAP="-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS $WRAP -o "$B/$name" "tests/host/$name.c" fs-server/tmpfs/*.c \
	tests/host/fail_alloc.c tests/host/tap.c >"$B/$name.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/$name.c"
	sed 's/^/# /' "$B/$name.log"
	exit 1
fi
