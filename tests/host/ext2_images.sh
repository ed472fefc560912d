#!/bin/sh
# Sourced by the ext2 host tests: images from trees with mke2fs -d (no root, no loop
# device, never mounted), and what debugfs says about every file in them.

# make_image TREE IMG SIZE [mke2fs options...]: an ext2 image of TREE.
make_image() {
	_tree=$1 _img=$2 _size=$3
	shift 3
	rm -f "$_img"
	mke2fs -t ext2 -F -q -d "$_tree" "$@" "$_img" "$_size" >"$_img.log" 2>&1
}

# manifest IMG PATH...: one line per path, tab-separated, from debugfs stat:
# path type(f d l p c b s) permission-bits(octal) links size blockcount extra
# where extra is "major:minor" for devices, else "-".
manifest() {
	_img=$1
	shift
	for _p in "$@"; do printf 'stat "%s"\n' "$_p"; done >"$_img.cmds"
	debugfs -f "$_img.cmds" "$_img" 2>/dev/null | awk '
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
	_what=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $_what"
	else
		echo "not ok $n - $_what"
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
	_label=$1 _img=$2 _dir=$3
	if [ -f "$_dir/stats" ]; then
		sort -u "$_dir/stats" -o "$_dir/stats"
		# shellcheck disable=SC2046
		manifest "$_img" $(cut -f1 "$_dir/stats") >"$_dir/debugfs.stats"
		while IFS= read -r _want; do
			_p=$(printf '%s' "$_want" | cut -f1)
			_got=$(awk -F '\t' -v p="$_p" '$1 == p' "$_dir/debugfs.stats")
			n=$((n + 1))
			if [ "$_got" = "$_want" ]; then
				echo "ok $n - $_label: debugfs stat $_p"
			else
				echo "not ok $n - $_label: debugfs stat $_p"
				echo "# want: $_want"
				echo "# got:  $_got"
			fi
		done <"$_dir/stats"
	fi
	[ -d "$_dir/files" ] || return 0
	mkdir -p "$_dir/dumped"
	for _f in "$_dir"/files/*; do
		[ -e "$_f" ] || continue
		_b=$(basename "$_f")
		printf 'dump "/%s" "%s/dumped/%s"\n' "$(echo "$_b" | tr , /)" "$_dir" "$_b"
	done >"$_dir/dump.cmds"
	debugfs -f "$_dir/dump.cmds" "$_img" >/dev/null 2>&1
	for _f in "$_dir"/files/*; do
		[ -e "$_f" ] || continue
		_b=$(basename "$_f")
		check "$_label: debugfs dump /$(echo "$_b" | tr , /) is what was written" \
			cmp "$_f" "$_dir/dumped/$_b"
	done
}
