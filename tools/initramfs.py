#!/usr/bin/env python3
"""Writes a Linux initramfs (a newc cpio archive, uncompressed) holding /dev/console and
the given files (their folders made, their modes kept), so that no cpio tool and no
root privilege are needed; a GUEST_PATH ending in / is an empty folder.
usage: initramfs.py OUT GUEST_PATH=HOST_FILE... GUEST_DIR/...  (e.g. init=build/bench/linux_ops)"""
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
    folders = {"dev"}
    for ino, arg in enumerate(sys.argv[2:], start=3):
        guest = arg.split("=", 1)[0].strip("/")
        parts = guest.split("/")
        for depth in range(1, len(parts) + (arg.endswith("/") and 1)):
            folder = "/".join(parts[:depth])
            if folder not in folders:
                folders.add(folder)
                records.append(entry(1000 + len(folders), folder, stat.S_IFDIR | 0o755))
        if arg.endswith("/"):
            continue
        host = arg.split("=", 1)[1]
        with open(host, "rb") as f:
            data = f.read()
        mode = stat.S_IFREG | (os.stat(host).st_mode & 0o7777)
        records.append(entry(ino, guest, mode, data))
    records.append(entry(0, "TRAILER!!!", 0))
    with open(sys.argv[1], "wb") as f:
        f.write(b"".join(records))


main()
