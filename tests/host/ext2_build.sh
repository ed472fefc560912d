#!/bin/sh
# Build build/host/NAME from tests/host/NAME.c with the ext2 library (fs-server/ext2/)
# and the image-file disk (tests/host/ext2_disk.c), under AddressSanitizer and UBSan.
# On failure prints a failed TAP plan and exits 1.
# usage: ext2_build.sh NAME
name=$1
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Ifs-server/ext2 -Itests/host"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/$name" "tests/host/$name.c" tests/host/ext2_disk.c \
	tests/host/tap.c fs-server/ext2/*.c >"$B/$name.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/$name.c"
	sed 's/^/# /' "$B/$name.log"
	exit 1
fi
