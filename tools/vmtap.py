#!/usr/bin/env python3
"""Boot a Masque test image headless and turn its serial console into TAP.

The bootstrap runs the boot script's `run NAME` lines one after another and frames
each with "# run NAME" and "# end NAME" (or "# timeout NAME"); the test tasks print
"ok - ..." and "not ok - ..." lines. This numbers those lines, adds a failure for
every program that did not run to its end, for a kernel panic, and for a machine
that did not power off cleanly, and prints the console as comments when anything
failed.

usage: vmtap.py IMAGE BOOT_CONF [--timeout SECONDS] [--log FILE] [-- QEMU ARGS]
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def expected_runs(conf):
    """The programs the boot script runs and waits for, in order."""
    names = []
    with open(conf) as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if words and words[0] == "run":
                args = [w for w in words[1:] if not w.startswith("timeout=") and w != "-p"]
                if args:
                    names.append(args[0])
    return names


def boot(image, timeout, qemu_args):
    cmd = [os.path.join(HERE, "qemu.sh"), image] + qemu_args
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return p.stdout.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return out + "\n(vmtap: QEMU killed after %d s)\n" % timeout, None


def tap(console, status, runs):
    points = []          # (ok, description)
    ended = {}
    current = None
    for raw in console.splitlines():
        line = raw.strip("\r")
        m = re.match(r"^# (run|end|timeout) (\S+)", line)
        if m:
            kind, name = m.groups()
            if kind == "run":
                current = name
            else:
                ended[name] = kind
                current = None
            continue
        m = re.match(r"^(not ok|ok)\b\s*-?\s*(.*)$", line)
        if m:
            where = current + ": " if current else ""
            points.append((m.group(1) == "ok", where + m.group(2)))
        if "masque: panic" in line:
            points.append((False, "no kernel panic: " + line))
    for name in runs:
        how = ended.get(name)
        points.append((how == "end", "%s ran to its end%s" % (
            name, "" if how == "end" else " (%s)" % (how or "never ended"))))
    points.append((status == 1, "the machine powered off cleanly (QEMU status %s)" % status))
    return points


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("image")
    ap.add_argument("conf")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--log")
    ap.add_argument("qemu", nargs="*")
    a = ap.parse_args()
    console, status = boot(a.image, a.timeout, a.qemu)
    if a.log:
        os.makedirs(os.path.dirname(a.log) or ".", exist_ok=True)
        with open(a.log, "w") as f:
            f.write(console)
    points = tap(console, status, expected_runs(a.conf))
    print("1..%d" % len(points))
    for i, (good, what) in enumerate(points, 1):
        print("%s %d - %s" % ("ok" if good else "not ok", i, what))
    if not all(good for good, _ in points):
        for line in console.splitlines():
            print("# " + line.rstrip("\r"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
