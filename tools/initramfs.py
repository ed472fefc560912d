#!/usr/bin/env python3
"""Writes a Linux initramfs (a newc cpio archive, uncompressed) holding /dev/console and
the given programs, so that no cpio tool and no root privilege are needed.
usage: initramfs.py OUT GUEST_PATH=HOST_FILE...   (e.g. init=build/bench/linux_ops)"""
import os
import stat
import sys


def entry(ino, name, mode, data=b"", rdev=(0, 0)):
    """One newc record: the header's fields in hex, the name and the data each padded
    to four bytes."""
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
    head = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = head + name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4) + data
    return out + b"\0" * (-len(out) % 4)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    records = [
        entry(1, "dev", stat.S_IFDIR | 0o755),
        # the kernel opens it for init's stdin, stdout and stderr
        entry(2, "dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1)),
    ]
    for ino, pair in enumerate(sys.argv[2:], start=3):
        guest, host = pair.split("=", 1)
        with open(host, "rb") as f:
            data = f.read()
        mode = stat.S_IFREG | (os.stat(host).st_mode & 0o7777)
        records.append(entry(ino, guest.lstrip("/"), mode, data))
    records.append(entry(0, "TRAILER!!!", 0))
    with open(sys.argv[1], "wb") as f:
        f.write(b"".join(records))


main()
