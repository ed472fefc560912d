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
	/major\/minor number: / {
		e = $0; sub(/.*number: /, "", e); sub(/ .*/, "", e); split(e, mm, ":")
		extra = (mm[1] + 0) ":" (mm[2] + 0)
	}
	END { emit() }'
}

# TAP from several runs as one stream: tap_merge FILE LABEL prints FILE's test lines
# renumbered after the $n already printed, with LABEL, and adds them to n.
n=0
tap_merge() {
	awk -v base=$n -v label="$2" '
	/^(not )?ok [0-9]+/ { num = ($1 == "ok") ? $2 : $3
		sub(/ok [0-9]+/, "ok " (num + base) " " label ":"); print; next }
	/^1\.\./ { next }
	{ print }' "$1"
	n=$((n + $(grep -c '^\(not \)\?ok [0-9]' "$1")))
}

# check NAME COMMAND...: one test point, ok if COMMAND succeeds.
check() {
	name=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
	fi
}

# fsck_clean LABEL IMG: a test point for e2fsck -fn finding nothing; its output as
# diagnostics if it does.
fsck_clean() {
	n=$((n + 1))
	if e2fsck -fn "$2" >"$2.fsck" 2>&1; then
		echo "ok $n - $1: e2fsck -fn clean"
	else
		echo "not ok $n - $1: e2fsck -fn clean"
		sed 's/^/# /' "$2.fsck" | head -20
	fi
}

# expectations LABEL IMG DIR: what the library left in DIR (files/, stats) against
# debugfs: contents dumped and compared, stat lines equal.
expectations() {
	label=$1 img=$2 dir=$3
	if [ -f "$dir/stats" ]; then
		sort -u "$dir/stats" -o "$dir/stats"
		# shellcheck disable=SC2046
		manifest "$img" $(cut -f1 "$dir/stats") >"$dir/debugfs.stats"
		while IFS= read -r want; do
			p=$(printf '%s' "$want" | cut -f1)
			got=$(awk -F '\t' -v p="$p" '$1 == p' "$dir/debugfs.stats")
			n=$((n + 1))
			if [ "$got" = "$want" ]; then
				echo "ok $n - $label: debugfs stat $p"
			else
				echo "not ok $n - $label: debugfs stat $p"
				echo "# want: $want"
				echo "# got:  $got"
			fi
		done <"$dir/stats"
	fi
	[ -d "$dir/files" ] || return 0
	mkdir -p "$dir/dumped"
	for f in "$dir"/files/*; do
		[ -e "$f" ] || continue
		b=$(basename "$f")
		printf 'dump "/%s" "%s/dumped/%s"\n' "$(echo "$b" | tr , /)" "$dir" "$b"
	done >"$dir/dump.cmds"
	debugfs -f "$dir/dump.cmds" "$img" >/dev/null 2>&1
	for f in "$dir"/files/*; do
		[ -e "$f" ] || continue
		b=$(basename "$f")
		check "$label: debugfs dump /$(echo "$b" | tr , /) is what was written" \
			cmp "$f" "$dir/dumped/$b"
	done
}
