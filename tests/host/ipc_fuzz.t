#!/bin/sh
# A random driver of the capability, rights and message code under AddressSanitizer
# and UBSan: tests/host/ipc_fuzz.c with the kernel's IPC code as it is
# (tests/host/ipc_build.sh). Arguments: SEED [ROUNDS] (default: a new seed, printed;
# FUZZ_SEED in the environment sets it too).
tests/host/ipc_build.sh ipc_fuzz || exit 1
exec build/host/ipc_fuzz ${1:-${FUZZ_SEED:-}} ${2:-}
