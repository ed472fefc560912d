#!/bin/sh
# The generator's kernel-sender mode (tools/ifgen.py --kernel-sender): its output for
# tests/host/ifgen/upcall.defs matches the checked-in golden files (regenerate them on
# purpose with the command in tests/host/ifgen/golden/README), the builders it writes
# for every protocol the kernel speaks compile warning-free against the kernel's
# headers, and what the kernel cannot send is refused with the FILE:LINE: message on
# the first line of each file in tests/host/ifgen/bad_kernel ("# expect: ...").
dir=tests/host/ifgen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=$(find "$dir/bad_kernel" -name '*.defs' | sort)
kernel_defs="pager default_pager exc notify irq"
echo "1..$((4 + $(echo "$kernel_defs" | wc -w) + $(echo "$bad" | wc -l)))"
n=0

result() { # result STATUS DESCRIPTION [LOG]: print one TAP line, the log as comments
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "$3" ] && sed 's/^/# /' "$3"
	fi
}

python3 tools/ifgen.py --kernel-sender "$dir/upcall.defs" --out "$tmp/upcall" >"$tmp/log" 2>&1
result $? "generate the kernel's side of upcall.defs" "$tmp/log"
for f in upcall_ksend.h upcall_ksend.c; do
	diff -u "$dir/golden/$f" "$tmp/upcall/$f" >"$tmp/diff" 2>&1
	result $? "$f matches the golden file" "$tmp/diff"
done

# the kernel's flags that matter here, as the host tests of microkernel/ipc use them
kernel="-std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -Iinclude -Imicrokernel
	-idirafter lib/include"
status=0
: >"$tmp/log"
for c in "$tmp"/upcall/*.c; do
	gcc $kernel -I"$tmp/upcall" -c -o "$tmp/out.o" "$c" >>"$tmp/log" 2>&1 || status=1
done
result $status "the builders of upcall.defs compile warning-free" "$tmp/log"

for name in $kernel_defs; do
	python3 tools/ifgen.py --kernel-sender "interfaces/$name.defs" --out "$tmp/k" \
		>"$tmp/log" 2>&1 &&
		gcc $kernel -I"$tmp/k" -c -o "$tmp/out.o" "$tmp/k/${name}_ksend.c" >>"$tmp/log" 2>&1
	result $? "interfaces/$name.defs: the kernel's builders compile" "$tmp/log"
done

for defs in $bad; do
	want=$(sed -n '1s/^# expect: //p' "$defs")
	python3 tools/ifgen.py --kernel-sender "$defs" --out "$tmp/bad" >"$tmp/log" 2>&1
	status=$?
	got=$(cat "$tmp/log")
	if [ $status -ne 0 ] && [ -n "$want" ] && [ "$got" = "$want" ] && [ ! -e "$tmp/bad" ]; then
		result 0 "refused: $defs"
	else
		printf 'want: %s\ngot (status %s): %s\n' "$want" $status "$got" >"$tmp/log"
		result 1 "refused: $defs" "$tmp/log"
	fi
done
