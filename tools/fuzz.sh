#!/bin/sh
# The long fuzz run: boots images/fuzz.img, whose boot script runs tests/fuzz twice,
# unprivileged for two thirds of the traps and with the host port for the rest,
# with the seed and count given; prints the TAP and the console log's path.
# Usage: tools/fuzz.sh [--seed N] [--count N]   (default: a new seed, 1,000,000 traps)
set -eu
seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
count=1000000
while [ $# -gt 0 ]; do
	case $1 in
	--seed) seed=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	*) echo "usage: tools/fuzz.sh [--seed N] [--count N]" >&2; exit 2 ;;
	esac
done
case $seed$count in *[!0-9]*) echo "fuzz: seed and count are numbers" >&2; exit 2 ;; esac
# Under TCG the fuzzer makes several thousand traps a second; the timeouts leave room.
timeout=$((120 + count / 1000))
mkdir -p build/fuzz build/logs
cat >build/fuzz/boot.conf <<CONF
# Made by tools/fuzz.sh: the fuzzer alone, unprivileged, then with the host port.
run timeout=$timeout fuzz seed=$seed count=$((count - count / 3))
run -p timeout=$timeout fuzz seed=$((seed + 1)) count=$((count / 3))
poweroff 0
CONF
make -s images/fuzz.img
start=$(date +%s)
tap=$(MASQUE_MEM=256M tools/vmtap.py --timeout $((2 * timeout + 60)) --log build/logs/fuzz.log \
	images/fuzz.img build/fuzz/boot.conf)
printf '%s\n' "$tap"
echo "# fuzz: seed $seed, $count traps, $(($(date +%s) - start)) s; console: build/logs/fuzz.log"
! printf '%s\n' "$tap" | grep -q '^not ok'

