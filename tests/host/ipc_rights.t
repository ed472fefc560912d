#!/bin/sh
# Port rights and message queues: the kernel's IPC code built for the host as it is
# (tests/host/ipc_build.sh); build/host/ipc_rights prints the TAP.
tests/host/ipc_build.sh ipc_rights || exit 1
exec build/host/ipc_rights
