#!/bin/sh
# BusyBox's own testsuite (testsuite/ of the Debian source ports/busybox builds) for a
# set of applets, run by its runtest inside Masque (./build.sh exec; the guest's sh is
# this BusyBox) and on this Linux (the upstream way: its /bin/sh, the source's
# scripts/echo.c for echo -ne), both against the same busybox binary and .config.
# One point per test the host passes: Masque passes it too (what the host fails is not
# asked of Masque). The counts of both are printed as a comment. A test's name is
# compared up to its first escape: the host's echo (dash) turns a \t, \r or \n in a
# name into the character, BusyBox's leaves it.
set -u
B=build/busybox-testsuite
SRC=build/ports/cache/src/busybox-$(sed -n 's/^VERSION=[0-9]*://p' ports/busybox/source)
APPLETS="basename cat cmp cut dirname echo expr head md5sum printf seq sort tail tr uniq wc
sed grep xargs tac od fold paste awk find ls mkdir rm cp mv ln touch tee test diff patch tar
gunzip gzip bzcat unzip hexdump strings sum cksum"
# Tests whose setup needs a program the guest does not have: named, with the reason.
known() {
	case $1 in
	"unzip (subdir only)") echo "its setup runs Info-ZIP's zip, which the guest has not" ;;
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

# shellcheck disable=SC2086
(cd "$B/host/testsuite" && bindir=$(realpath ../../bin) tsdir=$PWD sh ./runtest $APPLETS) \
	>"$B/host.txt" 2>&1
rm -rf "$B/bin/runtest-tempdir-links"
# shellcheck disable=SC2086,SC2116 # one line of applet names
tools/exec.sh --add "$B/guest:/ts" --add "$B/bin:/tb" -- /bin/sh -c \
	"cd /ts && bindir=/tb tsdir=/ts sh ./runtest $(echo $APPLETS); echo runtest ended" \
	>"$B/masque.txt" 2>&1

n=0
point() { # OK WHAT [TODO]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2${3:+ # TODO $3}"; else echo "not ok $n - $2${3:+ # TODO $3}"; fi
}
grep -q '^runtest ended' "$B/masque.txt"
point $? "runtest ran to its end inside Masque"
echo "# BusyBox testsuite ($(echo "$APPLETS" | wc -w) applets): Masque $(grep -c '^PASS' "$B/masque.txt") PASS," \
	"$(grep -c '^FAIL' "$B/masque.txt") FAIL; Linux $(grep -c '^PASS' "$B/host.txt") PASS," \
	"$(grep -c '^FAIL' "$B/host.txt") FAIL"
sed -n 's/^PASS: //p' "$B/host.txt" | sed 's/[[:cntrl:]].*//; s/ *$//' >"$B/host-passed"
sed -n 's/^PASS: //p' "$B/masque.txt" | sed 's/\\.*//; s/ *$//' >"$B/masque-passed"
while IFS= read -r name; do
	grep -qxF -e "$name" "$B/masque-passed"
	point $? "$name: passes in Masque as on Linux" "$(known "$name")"
done <"$B/host-passed"
echo "1..$n"
