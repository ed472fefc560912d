#!/usr/bin/env python3
"""Boot an installed disk alone in QEMU (tools/qemu.sh: BIOS, GRUB, the disk's own
boot script) and drive its serial console with tests/tty/console.py's Console: wait
for the shell's prompt, type each command and read its output, exit the shell. Prints
one line per stage reached, for install.t to assert on: "prompt", "output N" (the
Nth command's output came back, from 1), "poweroff" (the machine turned itself off,
QEMU's status 1 from isa-debug-exit, after poweroff or the shell's exit).

With --disk SECOND, a raw image SECOND is attached as the second virtio disk
(/dev/vdb in the booted system).

usage: boot.py [--disk SECOND] LOG IMAGE [COMMAND OUTPUT_REGEX]...
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tty"))
from console import Console  # noqa: E402



def prompt(con, timeout):
    """Whether a shell's prompt came: a # or $ and a space with nothing after it for a
    second (the boot's own lines, "# run ...", go on)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if con.expect(rb"[#$] ", deadline - time.time()) is None:
            return False
        con.expect(rb"(?!)", 1)  # reads for a second, matches nothing
        if con.since() == b"":
            return True
    return False


def main():
    args, second = sys.argv[1:], []
    if args[0] == "--disk":
        second = ["-drive", "file=%s,format=raw,if=virtio" % args[1]]
        args = args[2:]
    log, image, steps = args[0], args[1], args[2:]
    con = Console(["tools/qemu.sh", image] + second, log)
    if not prompt(con, 120):
        con.p.kill()
        return 1
    print("prompt", flush=True)
    for i in range(0, len(steps) - 1, 2):
        con.type(steps[i] + "\r")
        want = b"\r\n" + steps[i + 1].encode() + rb"\r\n.*?[#$] "
        if con.expect(want, 180) is not None:
            print("output %d" % (i // 2 + 1), flush=True)
    if off(con) == 1:
        print("poweroff", flush=True)
    return 0


def off(con):
    """QEMU's status once the machine is off: poweroff (BusyBox init's system), else
    exit from the shell (a system whose boot script powers off when its shell ends)."""
    con.type("poweroff\r")
    if prompt(con, 30):  # it came back: there is no init to ask
        con.type("exit\r")
    return con.end(60)


if __name__ == "__main__":
    sys.exit(main())
