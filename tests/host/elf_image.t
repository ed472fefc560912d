#!/bin/sh
# lib/elf_image.c against real binaries built here, with readelf and the auxiliary vector
# Linux hands them as the oracle, then against corrupted copies of them. This script
# builds the test and the samples into build/host/ and writes what the tools say about
# each sample; build/host/elf_image prints the TAP.
B=build/host
W=$B/elf_image.d
MUSL=/usr/lib/x86_64-linux-musl
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude -idirafter lib/include -idirafter common/include"

bail() {
	echo "Bail out! $*" | tr '\n' ' '
	echo
	exit 1
}

rm -rf "$W"
mkdir -p "$W" || bail "cannot make $W"

# The parser must build as it will in native programs: freestanding, no warnings.
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdinc \
	-isystem "$(gcc -print-file-name=include)" -Iinclude -Ilib/include -Icommon/include \
	-c lib/elf_image.c -o "$W/freestanding.o" >"$W/freestanding.log" 2>&1 ||
	bail "lib/elf_image.c does not build freestanding: $(head -c 400 "$W/freestanding.log")"
# shellcheck disable=SC2086
gcc $HOSTCFLAGS -o "$B/elf_image" tests/host/elf_image.c lib/elf_image.c \
	>"$W/build.log" 2>&1 || bail "tests/host/elf_image.c does not build: $(head -c 400 "$W/build.log")"

# The sample: TLS with data, bss and a 64-byte alignment; prints where Linux put the
# program headers relative to the entry point, which holds whatever the load bias.
cat >"$W/sample.c" <<'EOF'
#include <stdio.h>
#include <sys/auxv.h>
__thread int tdata = 42;
__thread char tbss[100];
__thread long __attribute__((aligned(64))) talign = 7;
int main(void)
{
	tbss[0] = (char)(tdata + talign);
	printf("auxv_phdr_minus_entry %#lx\n", getauxval(AT_PHDR) - getauxval(AT_ENTRY));
	return tbss[0] != 49;
}
EOF

# readelf -hlW to "key values..." lines for the test (see read_expect_line there).
expectations() {
	readelf -hlW "$1" | awk '
	/^  Type:/ { print "type", $2 }
	/Entry point address:/ { print "entry", $4 }
	/Start of program headers:/ { print "phoff", $5 }
	/Size of program headers:/ { print "phentsize", $5 }
	/Number of program headers:/ { print "phnum", $5 }
	/^  [A-Z_]+ +0x/ {
		flags = ""
		for (i = 7; i < NF; i++) flags = flags $i
		if ($1 == "LOAD") print "load", $2, $3, $5, $6, flags, $NF
		else if ($1 == "TLS") print "tls", $2, $3, $5, $6, $NF
		else if ($1 == "PHDR") print "phdr", $3
		else if ($1 == "INTERP") print "interp", $2, $5
		else if ($1 == "GNU_STACK") print "stack", flags
	}'
}

# sample NAME COMMAND...: build with COMMAND -o FILE, run it, and add it to the manifest.
sample() {
	name=$1
	shift
	if ! "$@" -o "$W/$name" >"$W/$name.log" 2>&1; then
		echo "$name - cannot build: $(head -n 1 "$W/$name.log")" >>"$W/manifest"
		return 1
	fi
	if ! out=$("$W/$name"); then
		echo "$name - does not run" >>"$W/manifest"
		return 1
	fi
	{ expectations "$W/$name" && echo "$out"; } >"$W/$name.expect"
	echo "$name $W/$name $W/$name.expect" >>"$W/manifest"
}

# Whether a file is ET_DYN without an interpreter: a real static-PIE.
static_pie() {
	readelf -hlW "$1" | grep -q 'Type: *DYN' && ! readelf -lW "$1" | grep -q INTERP
}

src=$W/sample.c
: >"$W/manifest"
sample musl-static musl-gcc -O1 -static "$src"
sample musl-static-execstack musl-gcc -O1 -static -Wl,-z,execstack "$src"
# Debian's musl-gcc specs make -static-pie a dynamic PIE; if so, link rcrt1.o by hand.
musl-gcc -O1 -static-pie -o "$W/musl-try" "$src" 2>/dev/null && static_pie "$W/musl-try" &&
	"$W/musl-try" >/dev/null 2>&1 && musl_pie=plain
if [ "$musl_pie" = plain ]; then
	sample musl-static-pie musl-gcc -O1 -static-pie "$src"
else
	sample musl-static-pie musl-gcc -O1 -fPIE -static-pie -Wl,--no-dynamic-linker -Wl,-Bstatic \
		-nostartfiles "$MUSL/rcrt1.o" "$MUSL/crti.o" "$(gcc -print-file-name=crtbeginS.o)" \
		"$src" "$(gcc -print-file-name=crtendS.o)" "$MUSL/crtn.o" &&
		! static_pie "$W/musl-static-pie" &&
		sed -i 's|^musl-static-pie .*|musl-static-pie - not a static-PIE|' "$W/manifest"
fi
sample glibc-static gcc -O1 -static "$src"
sample glibc-static-pie gcc -O1 -static-pie "$src"
sample glibc-dynamic-pie gcc -O1 -pie -fPIE "$src"
sample glibc-dynamic gcc -O1 -no-pie "$src"

# A static-PIE is required: from musl if it works, else from glibc.
built() {
	awk -v name="$1" '$1 == name && $2 != "-" { found = 1 } END { exit !found }' "$W/manifest"
}
built musl-static-pie || built glibc-static-pie || bail "neither musl-gcc nor gcc made a static-PIE"
built musl-static || bail "musl-gcc -static failed: $(head -c 300 "$W/musl-static.log")"

# UBSan only reports by default; make undefined behaviour fail the test like ASan does.
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 exec "$B/elf_image" "$W/manifest"
