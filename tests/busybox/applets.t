#!/bin/sh
# The system's BusyBox in Masque against the same binary on this Linux: each case runs
# /bin/busybox (or an applet's link) from the root tree through ./build.sh exec
# (tools/exec.sh), and build/ports/busybox/root/bin/busybox here; stdout and the exit
# status must be the same. Both sides run from a root holding data/ (the files the
# applets read), with the environment the process server gives (PATH, HOME).
set -u
bin=build/ports/busybox/root/bin/busybox
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The data: words, numbers, and a deep tree (one entry per directory, so that find's
# order, which is the directory's, is the same on both file systems).
root=$tmp/root
mkdir -p "$root/data/deep/a/b"
printf '%s\n' banana apple Cherry 'an apple a day' date elderberry >"$root/data/words"
printf '%s\n' 10 9 100 -3 42 7 >"$root/data/numbers"
echo leaf >"$root/data/deep/a/b/leaf"

# CASE: NAME|STDIN|PROGRAM ARG...: the guest runs PROGRAM (a path in the root tree), the
# host runs busybox with the applet PROGRAM's name (the guest's argv[0]) and the ARGs.
# shellcheck disable=SC2016 # the $ are awk's
cases='echo||/bin/busybox echo -e a\tb hello
echo-link||/bin/echo one two
ls||/bin/busybox ls -a data
ls-recursive||/bin/ls -R data/deep
cat||/bin/busybox cat data/words data/numbers
cat-stdin|piped in|/bin/cat
sort||/bin/busybox sort data/words
sort-numeric||/usr/bin/sort -n data/numbers
sort-stdin|b a c|/bin/busybox sort
wc||/bin/busybox wc data/words
wc-lines|one two three|/usr/bin/wc -l
sed||/bin/busybox sed -n s/an/AN/gp data/words
sed-delete||/bin/sed 2,4d data/numbers
awk||/bin/busybox awk {s+=$1}END{print(s,NR)} data/numbers
awk-fields||/usr/bin/awk -F: {print($2)} data/words
grep||/bin/busybox grep -i -n apple data/words
grep-count||/bin/grep -c a data/words
grep-none||/bin/grep -c kiwi data/words
find||/bin/busybox find data/deep
find-name||/usr/bin/find data -name leaf -type f'
echo "1..$(($(echo "$cases" | wc -l) * 2))"

. tools/tap.sh

# the arguments are split at blanks (the cases have none inside an argument) with no
# pattern expansion, and \t becomes a tab (one argument needs one)
set -f
tab=$(printf '\t')
echo "$cases" | while IFS='|' read -r name stdin command; do
	# shellcheck disable=SC2086
	set -- $command
	program=$1
	shift
	applet=$(basename "$program")
	[ "$applet" != busybox ] || { applet=$1; shift; }
	args=$(printf '%s\n' "$@" | sed "s/\\\\t/$tab/g")
	old_ifs=$IFS
	IFS='
'
	# shellcheck disable=SC2086
	set -- $args
	IFS=$old_ifs
	# shellcheck disable=SC2086 # STDIN's words, one a line
	if [ -n "$stdin" ]; then printf '%s\n' $stdin; fi >"$tmp/stdin"

	(cd "$root" && exec env -i PATH=/bin:/usr/bin HOME=/ "$OLDPWD/$bin" "$applet" "$@") \
		<"$tmp/stdin" >"$tmp/host" 2>/dev/null
	host_status=$?
	if [ "$program" = /bin/busybox ]; then
		tools/exec.sh --add "$root/data:/data" -- "$program" "$applet" "$@"
	else
		tools/exec.sh --add "$root/data:/data" -- "$program" "$@"
	fi <"$tmp/stdin" >"$tmp/masque" 2>"$tmp/stderr"
	masque_status=$?

	# every case prints something on Linux: nothing on both sides is no agreement
	{ [ -s "$tmp/host" ] || echo "Linux printed nothing"; } >"$tmp/diff"
	diff -u "$tmp/host" "$tmp/masque" >>"$tmp/diff" && [ -s "$tmp/host" ]
	result $? "$name: $command: the same output as on Linux" "$tmp/diff"
	echo "host $host_status, masque $masque_status" >"$tmp/status"
	cat "$tmp/stderr" >>"$tmp/status"
	[ "$host_status" = "$masque_status" ]
	result $? "$name: the same exit status ($host_status)" "$tmp/status"
done
