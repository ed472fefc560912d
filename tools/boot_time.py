#!/usr/bin/env python3
"""Runs a QEMU command whose serial console is its stdout and prints how many
milliseconds passed from the start until the console showed PATTERN (a regular
expression over bytes), then ends QEMU; "none" if it did not within the timeout.
usage: boot_time.py PATTERN TIMEOUT_S -- QEMU ARG..."""
import os
import re
import select
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    pattern, timeout = re.compile(sys.argv[1].encode()), float(sys.argv[2])
    start = time.monotonic()
    qemu = subprocess.Popen(sys.argv[4:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    seen, found = b"", None
    while found is None and time.monotonic() - start < timeout:
        ready, _, _ = select.select([qemu.stdout], [], [], 0.01)
        if not ready:
            continue
        chunk = os.read(qemu.stdout.fileno(), 4096)
        if not chunk:
            break
        seen = seen[-4096:] + chunk
        if pattern.search(seen):
            found = time.monotonic() - start
    qemu.kill()
    qemu.wait()
    print("none" if found is None else "%d" % (found * 1000))


main()
