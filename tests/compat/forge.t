#!/bin/sh
# What a program can forge through its own emul (tests/compat/masque/forge.c): it
# calls emul's functions itself and asks the process server for set-uid execs it has
# no right to. Masque only: the program prints the TAP, run by ./build.sh exec.
set -u
bin=build/compat/masque/forge
out=$(tools/exec.sh -- "$bin" 2>/dev/null)
st=$?
printf '%s\n' "$out"
[ "$st" -eq 0 ] || echo "Bail out! forge ended with status $st"
