#!/bin/sh
# Build build/host/NAME from tests/host/NAME.c with the ext2 library (fs-server/ext2/)
# and the test helpers (tests/host/ext2_disk.c, ext2_expect.c), under AddressSanitizer
# and UBSan.
# The library's objects are kept in build/host/ext2_lib/ and rebuilt only when a source
# or header changed, so the four ext2 tests compile it once.
# On failure prints a failed TAP plan and exits 1.
# usage: ext2_build.sh NAME
name=$1
B=build/host
L=$B/ext2_lib
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Ifs-server/ext2 -Itests/host"

fail() {
	echo "1..1"
	echo "not ok 1 - build tests/host/$name.c"
	sed 's/^/# /' "$B/$name.log"
	exit 1
}

mkdir -p "$L" || exit 1
: >"$B/$name.log"
objs=
for src in fs-server/ext2/*.c tests/host/ext2_disk.c tests/host/ext2_expect.c tests/host/tap.c; do
	obj=$L/$(basename "$src" .c).o
	objs="$objs $obj"
	stale=$(find "$src" fs-server/ext2/*.h tests/host/ext2_disk.h tests/host/ext2_expect.h tests/host/tap.h \
		-newer "$obj" 2>/dev/null | head -n 1)
	if [ ! -f "$obj" ] || [ -n "$stale" ]; then
		# shellcheck disable=SC2086
		gcc $HOSTCFLAGS -c -o "$obj.$$" "$src" >>"$B/$name.log" 2>&1 && mv "$obj.$$" "$obj" ||
			fail
	fi
done
# shellcheck disable=SC2086
gcc $HOSTCFLAGS -o "$B/$name" "tests/host/$name.c" $objs >>"$B/$name.log" 2>&1 || fail
