#!/bin/sh
# Round trip of the generated stubs on the host: the client and server of
# tests/host/ifgen/example.defs built with a fake kernel (tests/host/ifgen_roundtrip.c),
# which prints TAP.
out=build/host/ifgen
mkdir -p "$out/gen"
if ! python3 tools/ifgen.py tests/host/ifgen/example.defs --out "$out/gen" >"$out/log" 2>&1 ||
	! python3 tools/ifgen.py interfaces/notify.defs --out "$out/gen" >>"$out/log" 2>&1 ||
	! gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -DIFGEN_HOST_TEST -Iinclude -idirafter lib/include -I"$out/gen" \
		-o "$out/roundtrip" tests/host/ifgen_roundtrip.c "$out/gen/example_client.c" \
		"$out/gen/example_server.c" lib/rpc.c >>"$out/log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build the round-trip test"
	sed 's/^/# /' "$out/log"
	exit 1
fi
exec "$out/roundtrip"
