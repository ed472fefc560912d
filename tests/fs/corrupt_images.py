#!/usr/bin/env python3
"""The disk of tests/fs/corrupt.t: copies of good ext2 images (seed // 4 picks one),
each corrupted from a seed in one piece of its metadata, as the partitions of one GPT
disk, whose primary header is damaged too (the disk driver must use the backup).

usage: corrupt_images.py make GOOD[,GOOD...] DISK SEED COUNT PLAN SUMS FAULTS [SEED[:CHANGES]...]
         COUNT partitions with seeds SEED, SEED+1, ..., then one for each further SEED
         (kept cases, with their own CORRUPT_CHANGES if given); writes the client's
         PLAN ("disk2pM ro|rw SEED KIND" a line), SUMS, the checksums of what the
         test must find unchanged: the bytes outside the partitions (GPT, gaps), and
         each partition mounted read-only, and FAULTS, the device errors to inject
         ("read|write SECTOR" a line: SEED % 16 of 5 and 14 fail a read of the root
         inode or directory, 11 a write of the superblock)
       corrupt_images.py verify DISK SUMS outside|ro
         checks the bytes outside the partitions, or the read-only partitions; prints
         what changed, exits 1 if anything did

A case picks a kind from its seed (superblock, group descriptors, inode table (the
root's inode in a quarter of these cases), directory block, block pointers: the
i_block arrays and indirect blocks), then makes 1 to 8 changes in it
(CORRUPT_CHANGES=N: 1 to N): random bytes, or whole words from a list of telling
values (0, -1, 1, 12, 1024..., and the numbers of metadata and directory blocks, the
last block of the file system and those just past it, which a damaged pointer may
name). Every fourth seed (SEED % 4 == 0) is mounted read-only. The generator is the
LCG of tests/host/ext2_corrupt.c."""
import hashlib
import json
import os
import struct
import subprocess
import sys

KINDS = ["superblock", "group descriptors", "inode table", "directory block",
         "block pointers"]
WORDS = [0, 0xffffffff, 1, 0x7fffffff, 0x80000000, 12, 1024]
GAP = 8          # sectors between partitions, filled with a pattern
TABLE = 256      # GPT entries: the driver serves at most 256 partitions
FIRST = 2048     # sector of the first partition
PATTERN = b"outside any partition\n"
CHANGES = int(os.environ.get("CORRUPT_CHANGES", "8"))  # at most, in one image


class Rng:
    def __init__(self, seed):
        self.state = seed & (2**64 - 1)

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return self.state >> 33


def targets(img):
    """Where the metadata of the good image is: (offset, length) pieces per kind."""
    u32 = lambda off: struct.unpack_from("<I", img, off)[0]
    bs = 1024 << u32(1024 + 24)
    first_data, per_group = u32(1024 + 20), u32(1024 + 32)
    inodes_per_group = u32(1024 + 40)
    blocks = u32(1024 + 4)
    groups = (blocks - first_data + per_group - 1) // per_group
    isz = struct.unpack_from("<H", img, 1024 + 88)[0]
    gdt = (first_data + 1) * bs
    t = {k: [] for k in KINDS}
    # block numbers a damaged pointer most likely meets: metadata, the last block, past it
    t["blocks"] = [first_data, first_data + 1, blocks - 1, blocks, blocks + 1]
    for g in range(groups):
        t["blocks"] += list(struct.unpack_from("<3I", img, gdt + g * 32))
    t["superblock"].append((1024, 256))
    t["group descriptors"].append((gdt, groups * 32))
    for g in range(groups):
        table = u32(gdt + g * 32 + 8)
        for i in range(inodes_per_group):
            at = table * bs + i * isz
            mode, links = struct.unpack_from("<H", img, at)[0], struct.unpack_from("<H", img, at + 26)[0]
            if not links:
                continue
            t["inode table"].append((at, isz))
            if g == 0 and i == 1:  # the root (inode 2), which every walk goes through
                t["root inode"] = (at, isz)
            block = struct.unpack_from("<15I", img, at + 40)
            kind = mode & 0o170000
            if kind == 0o040000:
                t["directory block"] += [(b * bs, bs) for b in block[:12] if b]
                t["blocks"] += [b for b in block[:12] if b]
            if kind == 0o100000:
                t["block pointers"].append((at + 40, 60))
                t["block pointers"] += [(b * bs, bs) for b in block[12:] if b]
    return t


def smash(img, rng, start, length, blocks, changes):
    words = WORDS + blocks
    for _ in range(1 + rng.next() % changes):
        at = start + rng.next() % length
        if rng.next() % 3:
            img[at] = rng.next() & 0xff
        else:
            w = words[rng.next() % len(words)] if rng.next() % 2 else rng.next()
            at &= ~3
            if at + 4 <= start + length:
                struct.pack_into("<I", img, at, w)


def corrupted(good, where, seed, changes):
    rng = Rng(seed)
    kind = KINDS[rng.next() % len(KINDS)]
    img = bytearray(good)
    pieces = where[kind]
    start, length = pieces[rng.next() % len(pieces)]
    if kind == "inode table" and rng.next() % 4 == 0:
        start, length = where["root inode"]
    smash(img, rng, start, length, where["blocks"], changes)
    return kind, img


def partitions(disk):
    """(number, first byte, size in bytes) of each partition, as sfdisk reads the GPT."""
    out = subprocess.run(["sfdisk", "-J", disk], check=True, capture_output=True).stdout
    table = json.loads(out)["partitiontable"]
    result = []
    for p in table["partitions"]:
        number = int(p["node"][len(disk):])
        result.append((number, p["start"] * 512, p["size"] * 512))
    return sorted(result, key=lambda p: p[1])


def outside_digest(disk, parts):
    h = hashlib.sha256()
    with open(disk, "rb") as f:
        size = f.seek(0, 2)
        at = 0
        for _, first, length in parts + [(0, size, 0)]:
            f.seek(at)
            while at < first:
                chunk = f.read(min(1 << 20, first - at))
                h.update(chunk)
                at += len(chunk)
            at = first + length
    return h.hexdigest()


def part_digest(disk, first, length):
    with open(disk, "rb") as f:
        f.seek(first)
        return hashlib.sha256(f.read(length)).hexdigest()


def write_sparse(f, at, data):
    """Write data at at, leaving blocks of zeros as holes (the disk was truncated)."""
    for off in range(0, len(data), 4096):
        chunk = data[off:off + 4096]
        if chunk.count(0) != len(chunk):
            f.seek(at + off)
            f.write(chunk)


def fault(s, first, where):
    """The device error an image gets from its seed, if any: (what, sector) or None."""
    if s % 16 == 5:
        return "a failing read of the root inode", "read", first // 512 + where["root inode"][0] // 512
    if s % 16 == 11:
        return "a failing write of the superblock", "write", first // 512 + 2
    if s % 16 == 14:
        return "a failing read of the root directory", "read", first // 512 + where["directory block"][0][0] // 512
    return None


def make(good_paths, disk, seed, count, plan_path, sums_path, faults_path, kept):
    goods = [open(p, "rb").read() for p in good_paths.split(",")]
    sectors = max(len(g) for g in goods) // 512
    seeds = [(seed + i, CHANGES) for i in range(count)] + kept
    size = FIRST + len(seeds) * (sectors + GAP) + 2048
    with open(disk, "wb") as f:
        f.truncate(size * 512)
    script = "label: gpt\ntable-length: %d\n" % TABLE + "".join(
        "start=%d, size=%d, type=L\n" % (FIRST + i * (sectors + GAP), sectors)
        for i in range(len(seeds)))
    subprocess.run(["sfdisk", "-q", disk], input=script.encode(), check=True,
                   capture_output=True)
    parts = partitions(disk)
    with open(disk, "r+b") as f:  # a byte of the disk GUID: the primary header's CRC fails
        f.seek(512 + 56)
        f.write(bytes([f.read(1)[0] ^ 0xff]))
    wheres = [targets(g) for g in goods]
    plan, sums, faults = [], [], []
    with open(disk, "r+b") as f:
        for (number, first, length), (s, changes) in zip(parts, seeds):
            which = s // 4 % len(goods)  # each good image gets read-only cases too
            kind, img = corrupted(goods[which], wheres[which], s, changes)
            kind += ", %d KiB blocks" % (1 << struct.unpack_from("<I", goods[which], 1024 + 24)[0])
            write_sparse(f, first, bytes(img))
            f.seek(first + length)  # the gap after it: a pattern, which must stay
            f.write((PATTERN * (GAP * 512 // len(PATTERN) + 1))[:GAP * 512])
            ro = s % 4 == 0
            f_ = fault(s, first, wheres[which])
            if f_:
                kind += ", " + f_[0]
                faults.append("%s %d\n" % f_[1:])
            plan.append("disk2p%d %s %d %s\n" % (number, "ro" if ro else "rw", s, kind))
    for (number, first, length), (s, _) in zip(parts, seeds):
        if s % 4 == 0:
            sums.append("p%d %d %d %s\n" % (number, first, length, part_digest(disk, first, length)))
    sums.append("outside %s\n" % outside_digest(disk, parts))
    open(plan_path, "w").write("".join(plan))
    open(sums_path, "w").write("".join(sums))
    open(faults_path, "w").write("".join(faults))


def verify(disk, sums_path, which):
    bad = 0
    parts = partitions(disk)
    for line in open(sums_path):
        words = line.split()
        if (words[0] == "outside") != (which == "outside"):
            continue
        if words[0] == "outside":
            now = outside_digest(disk, parts)
        else:
            now = part_digest(disk, int(words[1]), int(words[2]))
        if now != words[-1]:
            print("changed: %s" % words[0])
            bad = 1
    return bad


def kept_seed(word):
    """SEED or SEED:CHANGES -> (seed, changes)."""
    seed, _, changes = word.partition(":")
    return int(seed), int(changes or CHANGES)


def main():
    if len(sys.argv) >= 9 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6],
             sys.argv[7], sys.argv[8], [kept_seed(s) for s in sys.argv[9:]])
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "verify" and sys.argv[4] in ("outside", "ro"):
        return verify(sys.argv[2], sys.argv[3], sys.argv[4])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
