#!/bin/sh
# BusyBox's own testsuite (testsuite/ of the Debian source ports/busybox builds), the
# whole of it (every applet its runtest knows), run by its runtest inside Masque
# (./build.sh exec; the guest's sh is this BusyBox) and on this Linux (the upstream way:
# its /bin/sh, the source's scripts/echo.c for echo -ne), both against the same busybox
# binary and .config, with SHELL=/bin/sh on both sides (taskset's test runs $SHELL).
# One point per test the host passes: Masque passes it too (what the host fails is not
# asked of Masque). The counts of both are printed as a comment. A test's name is
# compared up to its first escape or control character: the host's echo (dash) turns
# a \t, \r or \n in a name into the character, BusyBox's leaves it, and neither
# turns \x1f.
set -u
B=build/busybox-testsuite
SRC=build/ports/cache/src/busybox-$(sed -n 's/^VERSION=[0-9]*://p' ports/busybox/source)
. tools/testsuite_slow.sh
# Tests whose setup needs what the guest does not have: named, with the reason.
known() {
	case $1 in
	"unzip (subdir only)") echo "its setup runs Info-ZIP's zip, which the guest has not" ;;
	du-m-works) echo "ext2 with 1 KiB blocks: the 1 MiB file and its indirect blocks take 1029 KiB, which du -m rounds to 2 (as Linux does on that file system)" ;;
	"start-stop-daemon with both -x and -a") echo "the guest's /bin/false is a BusyBox link (the test's own note: it fails then)" ;;
	*) return 1 ;;
	esac
}

if [ ! -d "$SRC/testsuite" ] || [ ! -x build/ports/busybox/obj/busybox ]; then
	echo "1..1"
	echo "not ok 1 - BusyBox's source and build are there ($SRC, build/ports/busybox/obj)"
	exit 0
fi
rm -rf "$B" && mkdir -p "$B/bin" "$B/host/scripts" || exit 1
cp build/ports/busybox/obj/busybox build/ports/busybox/obj/.config "$B/bin/"
cp -r "$SRC/testsuite" "$B/host/testsuite"
cp "$SRC/scripts/echo.c" "$B/host/scripts/"
cp -r "$SRC/testsuite" "$B/guest"
skip_slow "$B/host/testsuite"
skip_slow "$B/guest"

(cd "$B/host/testsuite" && SHELL=/bin/sh bindir=$(realpath ../../bin) tsdir=$PWD sh ./runtest) \
	>"$B/host.txt" 2>&1
rm -rf "$B/bin/runtest-tempdir-links"
tools/exec.sh --add "$B/guest:/ts" --add "$B/bin:/tb" -- /bin/sh -c \
	"cd /ts && SHELL=/bin/sh bindir=/tb tsdir=/ts sh ./runtest; echo runtest ended" \
	>"$B/masque.txt" 2>&1

n=0
point() { # OK WHAT [TODO]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2${3:+ # TODO $3}"; else echo "not ok $n - $2${3:+ # TODO $3}"; fi
}
grep -q '^runtest ended' "$B/masque.txt"
point $? "runtest ran to its end inside Masque"
echo "# BusyBox testsuite (all of it but the slow: $SLOW): Masque $(grep -c '^PASS' "$B/masque.txt") PASS," \
	"$(grep -c '^FAIL' "$B/masque.txt") FAIL; Linux $(grep -c '^PASS' "$B/host.txt") PASS," \
	"$(grep -c '^FAIL' "$B/host.txt") FAIL"
cut_name() { sed -n 's/^PASS: //p' "$1" | sed 's/[[:cntrl:]\\].*//; s/ *$//'; }
cut_name "$B/host.txt" >"$B/host-passed"
cut_name "$B/masque.txt" >"$B/masque-passed"
while IFS= read -r name; do
	grep -qxF -e "$name" "$B/masque-passed"
	point $? "$name: passes in Masque as on Linux" "$(known "$name")"
done <"$B/host-passed"
echo "1..$n"
