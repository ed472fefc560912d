#!/bin/sh
# Sourced by the ext2 host tests: images from trees with mke2fs -d (no root, no loop
# device, never mounted), and what debugfs says about every file in them.

# make_image TREE IMG SIZE [mke2fs options...]: an ext2 image of TREE.
make_image() {
	tree=$1 img=$2 size=$3
	shift 3
	rm -f "$img"
	mke2fs -t ext2 -F -q -d "$tree" "$@" "$img" "$size" >"$img.log" 2>&1
}

# manifest IMG PATH...: one line per path, tab-separated, from debugfs stat:
# path type(f d l p c b s) permission-bits(octal) links size blockcount extra
# where extra is "major:minor" for devices, else "-".
manifest() {
	img=$1
	shift
	for p in "$@"; do printf 'stat "%s"\n' "$p"; done >"$img.cmds"
	debugfs -f "$img.cmds" "$img" 2>/dev/null | awk '
	function emit() {
		if (path != "" && type != "")
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", path, type, mode, links, size, blocks, extra
		type = ""
	}
	/^debugfs: stat / { emit(); path = substr($0, 15); gsub(/^"|"$/, "", path); extra = "-" }
	/^Inode: / {
		t = $0; sub(/.*Type: */, "", t); sub(/ *Mode:.*/, "", t)
		type = t == "regular" ? "f" : t == "directory" ? "d" : t == "symlink" ? "l" : \
		       t == "FIFO" ? "p" : t == "character special" ? "c" : \
		       t == "block special" ? "b" : t == "socket" ? "s" : "?"
		m = $0; sub(/.*Mode: */, "", m); sub(/ .*/, "", m); mode = m
	}
	/^User: / { size = $NF }
	/^Links: / { links = $2; blocks = $4 }
	/major\/minor number: / { e = $0; sub(/.*number: /, "", e); sub(/ .*/, "", e); extra = e }
	END { emit() }'
}
