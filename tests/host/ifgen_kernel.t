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
. tests/host/ifgen/tap.sh

python3 tools/ifgen.py --kernel-sender "$dir/upcall.defs" --out "$tmp/upcall" >"$tmp/log" 2>&1
result $? "generate the kernel's side of upcall.defs" "$tmp/log"
for f in upcall_ksend.h upcall_ksend.c; do
	diff -u "$dir/golden/$f" "$tmp/upcall/$f" >"$tmp/diff" 2>&1
	result $? "$f matches the golden file" "$tmp/diff"
done

# the kernel's flags that matter here, as the host tests of microkernel/ipc use them
kernel="-std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -Iinclude -Imicrokernel
	-idirafter common/include -DMASQUE_KERNEL"
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
	refused "$defs" --kernel-sender
done
