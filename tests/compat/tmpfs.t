#!/bin/sh
# tmpfs (tests/compat/masque/tmpfs.c, which prints the TAP and its plan): Masque only
# (Linux would need root to mount), run by ./build.sh exec as root.
set -u
bin=build/compat/masque/tmpfs
out=$(tools/exec.sh -- "$bin" 2>/dev/null)
st=$?
printf '%s\n' "$out"
[ "$st" -eq 0 ] || echo "Bail out! tmpfs ended with status $st"
