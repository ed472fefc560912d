#!/bin/sh
# The interface generator (tools/ifgen.py): its output for tests/host/ifgen/example.defs
# and for empty.defs (a subsystem without routines) matches the checked-in golden files (a change to the generator shows as a diff here;
# regenerate them on purpose with the command in tests/host/ifgen/golden/README), the
# generated code and lib/rpc.c compile warning-free as native code, and broken .defs
# files are refused with the FILE:LINE: message on their first line ("# expect: ...").
dir=tests/host/ifgen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=$(find "$dir/bad" -name '*.defs' | sort)
echo "1..$((10 + $(echo "$bad" | wc -l)))"
. tests/host/ifgen/tap.sh

for name in example empty; do
	python3 tools/ifgen.py "$dir/$name.defs" --out "$tmp/$name" >"$tmp/log" 2>&1
	result $? "generate $name.defs" "$tmp/log"
	for f in $name.h ${name}_client.c ${name}_server.c; do
		diff -u "$dir/golden/$f" "$tmp/$name/$f" >"$tmp/diff" 2>&1
		result $? "$f matches the golden file" "$tmp/diff"
	done
done

# lib/rpc.c knows the kernel's notifications from interfaces/notify.defs
python3 tools/ifgen.py interfaces/ns.defs --out "$tmp/ns" >"$tmp/log" 2>&1 &&
	python3 tools/ifgen.py interfaces/notify.defs --out "$tmp/ns" >>"$tmp/log" 2>&1
result $? "generate interfaces/ns.defs and notify.defs" "$tmp/log"

# the native flags of the Makefile's UCFLAGS
native="-std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie
	-fno-stack-protector -nostdinc -isystem $(gcc -print-file-name=include) -Iinclude
	-Ilib/include -Icommon/include -I$tmp/ns"
status=0
: >"$tmp/log"
for c in "$tmp"/example/*.c "$tmp"/empty/*.c "$tmp"/ns/*.c lib/rpc.c; do
	gcc $native -I"$(dirname "$c")" -c -o "$tmp/out.o" "$c" >>"$tmp/log" 2>&1 || status=1
done
result $status "generated code and lib/rpc.c compile warning-free as native code" "$tmp/log"

for defs in $bad; do
	refused "$defs"
done
