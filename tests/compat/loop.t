#!/bin/sh
# Loop devices and a tmpfs under them (tests/compat/masque/loop.c, which prints the TAP
# and its plan): Masque only (Linux would need root and loop devices on the host), run
# by ./build.sh exec as root.
set -u
out=$(tools/exec.sh -- build/compat/masque/loop 2>/dev/null)
st=$?
printf '%s\n' "$out"
[ "$st" -eq 0 ] || echo "Bail out! loop ended with status $st"
