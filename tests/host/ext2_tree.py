#!/usr/bin/env python3
"""Makes the file trees the ext2 host tests build images from (mke2fs -d TREE).
usage: ext2_tree.py read DIR     files of every size class, sparse files, big and nested
                                 directories, fast and slow symlinks, a fifo, odd modes
Contents are pseudo-random from a fixed seed, so the same tree comes out every time."""
import os
import random
import sys

R = random.Random(12)


def data(n):
    return R.randbytes(n)


def put(path, size, mode=0o644):
    with open(path, "wb") as f:
        f.write(data(size))
    os.chmod(path, mode)


def sparse(path, size, pieces):
    """A file of size bytes that is a hole but for pieces of (offset, length)."""
    with open(path, "wb") as f:
        f.truncate(size)
        for off, n in pieces:
            f.seek(off)
            f.write(data(n))


def read_tree(top):
    os.makedirs(f"{top}/sizes")
    # 1 KiB blocks: indirect past 12 KiB, double past 268 KiB, triple past ~64 MiB.
    # 4 KiB blocks: indirect past 48 KiB, double past 4144 KiB, triple past ~4 GiB.
    for size in (0, 1, 511, 1023, 1024, 1025, 4095, 4096, 4097, 12288, 12289, 49152, 49153,
                 274432, 274433, 300000, 3 << 20, 4243456, 4243457):
        put(f"{top}/sizes/s{size}", size)
    sparse(f"{top}/sizes/holes", 3000000, [(0, 100), (100000, 5000), (2999990, 10)])
    sparse(f"{top}/sizes/tail_only", 70 << 20, [((70 << 20) - 3000, 3000)])
    sparse(f"{top}/sizes/huge", 5 << 30,
           [(1 << 20, 4096), (70 << 20, 2000), (4500 << 20, 9000), ((5 << 30) - 100, 100)])
    os.makedirs(f"{top}/big")
    for i in range(700):
        name = f"entry_{i:04d}_" + "x" * (i % 37)
        put(f"{top}/big/{name}", i % 50)
    put(f"{top}/big/" + "n" * 255, 7)
    d = f"{top}/nested"
    for depth in range(8):
        d = f"{d}/level{depth}"
        os.makedirs(d)
        for i in range(12):
            put(f"{d}/file{i}", R.randrange(0, 9000))
    os.makedirs(f"{top}/links")
    for n in (1, 20, 59, 60, 61, 200, 1000):
        os.symlink("t" * (n - 1) + "/", f"{top}/links/len{n}")
    os.symlink("../sizes/s1", f"{top}/links/relative")
    os.mkfifo(f"{top}/fifo")
    put(f"{top}/private", 10, 0o600)
    put(f"{top}/setuid", 10, 0o4755)
    os.makedirs(f"{top}/sticky")
    os.chmod(f"{top}/sticky", 0o1777)


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "read":
        sys.exit(__doc__)
    read_tree(sys.argv[2])


main()
