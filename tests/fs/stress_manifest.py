#!/usr/bin/env python3
"""Check a debugfs dump of the stress disk against fs_stress's manifest.

usage: stress_manifest.py CONSOLE_LOG DUMP_DIR CHECK
The manifest is the console's "D PATH" (a directory) and "M CRC32 SIZE PATH" (a file)
lines; DUMP_DIR holds what `debugfs rdump /stress` wrote. CHECK is one of:
  files    every file of the manifest is there, with its size and CRC-32
  dirs     every directory of the manifest is there
  extra    nothing is there that the manifest does not name
  blocks   print "LOW HIGH": the fewest and the most blocks the files can take
           (-b BLOCK_SIZE before CHECK): blocks holding bytes other than zero must be
           allocated; at most every block up to the size, with its indirect blocks
Mismatches are printed as TAP comments naming the path; the status says whether
there were any.
"""
import os
import sys
import zlib

SHOWN = 20


def manifest(log):
    files, dirs = {}, set()
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.rstrip("\r\n").split(" ")
            if len(w) == 4 and w[0] == "M":
                files[w[3]] = (int(w[1], 16), int(w[2]))
            elif len(w) == 2 and w[0] == "D":
                dirs.add(w[1])
    return files, dirs


def on_host(dump, path):
    return os.path.join(dump, path.lstrip("/"))


def crc_of(name):
    crc, size = 0, 0
    with open(name, "rb") as f:
        while chunk := f.read(1 << 20):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
    return crc, size


def check_files(files, dump):
    bad = []
    for path, (crc, size) in sorted(files.items()):
        name = on_host(dump, path)
        if not os.path.isfile(name) or os.path.islink(name):
            bad.append("%s: missing" % path)
            continue
        got_crc, got_size = crc_of(name)
        if (got_crc, got_size) != (crc, size):
            bad.append("%s: size %d crc %08x, not %d %08x" % (path, got_size, got_crc, size, crc))
    return bad


def check_dirs(dirs, dump):
    return ["%s: missing" % d for d in sorted(dirs) if not os.path.isdir(on_host(dump, d))]


def check_extra(files, dirs, dump):
    bad = []
    for top, subdirs, names in os.walk(dump):
        for n in subdirs + names:
            path = "/" + os.path.relpath(os.path.join(top, n), dump)
            if path not in files and path not in dirs:
                bad.append("%s: not in the manifest" % path)
    return bad


def indirect_blocks(blocks, per):
    """Indirect blocks of a file of `blocks` data blocks, all present."""
    n, left = 0, max(0, blocks - 12)
    for level in (1, 2, 3):
        if not left:
            break
        span = per ** level
        take = min(left, span)
        n += sum(-(-take // per ** k) for k in range(1, level + 1))  # each level's blocks
        left -= take
    return n


def block_bounds(files, dump, bs):
    low = high = 0
    for path, (_, size) in files.items():
        with open(on_host(dump, path), "rb") as f:
            while chunk := f.read(bs):
                low += chunk.count(0) != len(chunk)
        blocks = -(-size // bs)
        high += blocks + indirect_blocks(blocks, bs // 4)
    return low, high


def main():
    args = sys.argv[1:]
    bs = 1024
    if args[0] == "-b":
        bs, args = int(args[1]), args[2:]
    log, dump, check = args
    files, dirs = manifest(log)
    if check == "blocks":
        print("%d %d" % block_bounds(files, dump, bs))
        return 0
    if not files or not dirs:
        print("# no manifest in %s" % log)
        return 1
    bad = {"files": lambda: check_files(files, dump), "dirs": lambda: check_dirs(dirs, dump),
           "extra": lambda: check_extra(files, dirs, dump)}[check]()
    for b in bad[:SHOWN]:
        print("# " + b)
    if len(bad) > SHOWN:
        print("# ... and %d more" % (len(bad) - SHOWN))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
