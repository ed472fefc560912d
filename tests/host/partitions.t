#!/bin/sh
# drivers/virtio-blk/partitions.c against disks laid out by sfdisk: a GPT with many
# partitions (types, a deleted entry), the same with its primary header or entry
# array damaged (the backup serves), both headers damaged (nothing served), entries
# outside the usable range, a disk cut short, more partitions than the driver serves,
# and an MBR. build/host/partitions prints what the driver would serve; sfdisk -d and
# python's zlib are the oracles. Sparse files: the disks hold little but their tables.
B=build/host
W=$B/partitions.d
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Idrivers/virtio-blk"
PATH=$PATH:/sbin:/usr/sbin
n=0

bail() {
	echo "Bail out! $*"
	exit 1
}

check() {
	what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fi
}

rm -rf "$W"
mkdir -p "$W" || bail "cannot make $W"
# shellcheck disable=SC2086
gcc $HOSTCFLAGS -o "$B/partitions" tests/host/partitions.c drivers/virtio-blk/partitions.c \
	>"$W/build.log" 2>&1 || bail "tests/host/partitions.c does not build: $(head -c 400 "$W/build.log")"
command -v sfdisk >/dev/null || bail "no sfdisk"

# layout IMG SIZE: a sparse disk partitioned by the sfdisk script on stdin.
layout() {
	rm -f "$1"
	truncate -s "$2" "$1" && sfdisk -q "$1" >"$1.log" 2>&1
}

# expected IMG: what sfdisk -d says the partitions are, as build/host/partitions
# prints them (a GPT type GUID as the MBR type the driver reports for it).
expected() {
	sfdisk -d "$1" | awk -v img="$1" '
	index($0, img) == 1 && / : / {
		num = substr($1, length(img) + 1)
		start = $0; sub(/.*start= */, "", start); sub(/,.*/, "", start)
		size = $0; sub(/.*size= */, "", size); sub(/,.*/, "", size)
		type = $0; sub(/.*type= */, "", type); sub(/,.*/, "", type); type = tolower(type)
		if (type == "0fc63daf-8483-4772-8e79-3d69d8477de4") type = "83"
		else if (type == "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f") type = "82"
		else if (type == "c12a7328-f81f-11d2-ba4b-00a0c93ec93b") type = "ef"
		else if (length(type) > 2) type = "ee"
		printf "p %d %d %d %x\n", num, start, size, ("0x" type) + 0
	}'
}

# served IMG: the partitions the driver's code finds.
served() {
	"$B/partitions" "$1" >"$1.out" 2>"$1.err" || return 1
	grep '^p ' "$1.out"
}

same_as_sfdisk() { # IMG [ORACLE_IMG]
	served "$1" >"$1.got" && expected "${2:-$1}" >"$1.want" && [ -s "$1.want" ] &&
		cmp -s "$1.got" "$1.want" || { diff "$1.want" "$1.got" | head -5 | sed 's/^/# /'; false; }
}

says() { # IMG LINE: the dump has this line
	grep -qx "$2" "$1.out" || { sed 's/^/# /' "$1.out" | grep -v '^# p ' | head -5; false; }
}

# poke IMG OFFSET: flip the bits of one byte.
poke() {
	python3 - "$1" "$2" <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2]))
    b = f.read(1)[0]
    f.seek(int(sys.argv[2]))
    f.write(bytes([b ^ 0xff]))
EOF
}

# A GPT with 210 partitions in a 256-entry table, of four types, entry 5 deleted.
{
	echo "label: gpt"
	echo "table-length: 256"
	echo "size=1MiB, type=L"
	echo "size=1MiB, type=S"
	echo "size=1MiB, type=U"
	echo "size=1MiB, type=H"
	i=5
	while [ $i -le 210 ]; do
		echo "size=1MiB, type=L"
		i=$((i + 1))
	done
} | layout "$W/many.img" 220M || bail "sfdisk: $(cat "$W/many.img.log")"
sfdisk -q --delete "$W/many.img" 5 >/dev/null 2>&1 || bail "sfdisk --delete failed"
check "a GPT of 209 partitions: served as sfdisk lays them out (first, size, type)" same_as_sfdisk "$W/many.img"
check "from the primary header" says "$W/many.img" "gpt primary: ok"
check "numbered by entry: the deleted entry 5 is a gap" says "$W/many.img" "p 6 12288 2048 83"
check "Linux data, swap, EFI and other types report 83, 82, ef, ee" \
	sh -c "grep -q '^p 1 .* 83$' $W/many.img.out && grep -q '^p 2 .* 82$' $W/many.img.out &&
		grep -q '^p 3 .* ef$' $W/many.img.out && grep -q '^p 4 .* ee$' $W/many.img.out"
check "no entry refused" says "$W/many.img" "refused 0"

cp --sparse=always "$W/many.img" "$W/header.img"
poke "$W/header.img" $((512 + 56)) # a byte of the disk GUID: the header's CRC no longer holds
check "a primary header with a bad CRC is refused" sh -c "'$B/partitions' '$W/header.img' >'$W/header.img.out'; grep -qx 'gpt primary: bad header CRC' '$W/header.img.out'"
check "the backup header serves the same partitions" same_as_sfdisk "$W/header.img" "$W/many.img"
check "and says so" says "$W/header.img" "gpt backup: ok"

cp --sparse=always "$W/many.img" "$W/array.img"
poke "$W/array.img" $((1024 + 56)) # a byte of entry 1's name
check "a primary entry array with a bad CRC: the backup serves" same_as_sfdisk "$W/array.img" "$W/many.img"
check "after the primary was refused for its array's CRC" says "$W/array.img" "gpt primary: bad entry array CRC"

cp --sparse=always "$W/header.img" "$W/both.img"
poke "$W/both.img" $((220 * 1024 * 1024 - 512 + 56))
check "both headers bad: the dump ends" sh -c "'$B/partitions' '$W/both.img' >'$W/both.img.out'"
check "the backup refused too" says "$W/both.img" "gpt backup: bad header CRC"
check "and no partition served" sh -c "! grep -q '^p ' '$W/both.img.out'"

# Entries outside the usable range, with both CRCs made right again (python's zlib).
printf 'label: gpt\nsize=1MiB\nsize=1MiB\nsize=1MiB\nsize=1MiB\n' | layout "$W/outside.img" 8M ||
	bail "sfdisk: $(cat "$W/outside.img.log")"
python3 - "$W/outside.img" <<'EOF' || bail "cannot patch outside.img"
import struct, sys, zlib
f = open(sys.argv[1], "r+b")
size = f.seek(0, 2)
def patch_gpt(lba, entry_patches):
    f.seek(lba * 512)
    h = bytearray(f.read(512))
    hsize, = struct.unpack_from("<I", h, 12)
    entries_lba, count, esize = struct.unpack_from("<QII", h, 72)
    f.seek(entries_lba * 512)
    arr = bytearray(f.read(count * esize))
    for index, field, value in entry_patches:
        struct.pack_into("<Q", arr, index * esize + field, value)
    f.seek(entries_lba * 512)
    f.write(arr)
    struct.pack_into("<I", h, 88, zlib.crc32(arr))
    struct.pack_into("<I", h, 16, 0)
    struct.pack_into("<I", h, 16, zlib.crc32(bytes(h[:hsize])))
    f.seek(lba * 512)
    f.write(h)
last = size // 512
patches = [(1, 40, last + 100), (2, 32, 1)]  # entry 2 ends past the disk, 3 starts at LBA 1
patch_gpt(1, patches)
patch_gpt(last - 1, patches)
EOF
"$B/partitions" "$W/outside.img" >"$W/outside.img.out" 2>&1
check "entries outside the usable range: the header is still sound" says "$W/outside.img" "gpt primary: ok"
check "entry 2 (past the disk's end) and 3 (over the header) are refused" says "$W/outside.img" "refused 2"
check "entries 1 and 4 are served" sh -c "grep '^p ' '$W/outside.img.out' | cut -d' ' -f2 | tr '\n' ' ' | grep -qx '1 4 '"

# A disk cut short: the usable range runs past the end, the backup is gone.
printf 'label: gpt\nsize=1MiB\nsize=20MiB\n' | layout "$W/short.img" 64M || bail "sfdisk: $(cat "$W/short.img.log")"
truncate -s 32M "$W/short.img"
"$B/partitions" "$W/short.img" >"$W/short.img.out" 2>&1
check "a disk cut short: the primary's usable range is refused" says "$W/short.img" "gpt primary: usable range outside the disk"
check "the backup is not found" says "$W/short.img" "gpt backup: no GPT signature"

# More used entries than the driver serves.
{
	echo "label: gpt"
	echo "table-length: 300"
	i=1
	while [ $i -le 260 ]; do
		echo "size=1MiB"
		i=$((i + 1))
	done
} | layout "$W/limit.img" 270M || bail "sfdisk: $(cat "$W/limit.img.log")"
"$B/partitions" "$W/limit.img" >"$W/limit.img.out" 2>&1
check "260 partitions: the first 256 are served" sh -c "[ \$(grep -c '^p ' '$W/limit.img.out') -eq 256 ] && grep -q '^p 256 ' '$W/limit.img.out'"
check "the 4 past the limit are refused" says "$W/limit.img" "refused 4"

# The MBR path: primary slots (an extended one served whole), as before GPT.
printf 'label: dos\nsize=2MiB, type=83\nsize=1MiB, type=82\nsize=3MiB, type=5\nsize=1MiB, type=c\n' |
	layout "$W/mbr.img" 16M || bail "sfdisk: $(cat "$W/mbr.img.log")"
check "an MBR disk: its primary partitions as sfdisk lays them out" same_as_sfdisk "$W/mbr.img"
check "read as an MBR" says "$W/mbr.img" "mbr"
echo "1..$n"
