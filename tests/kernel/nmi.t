#!/usr/bin/env python3
"""An NMI is no fault: it runs on a stack of its own (IST), the kernel says so on the
console and goes on. Boots the run image, injects two NMIs through QEMU's monitor once
the system is idle, and checks both were handled, not taken for a fault or a panic."""
import os
import socket
import subprocess
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sock = tempfile.mktemp(suffix=".monitor")
log = tempfile.NamedTemporaryFile(delete=False)
qemu = subprocess.Popen([os.path.join(root, "tools/qemu.sh"), "images/masque.img",
                         "-monitor", "unix:%s,server,nowait" % sock],
                        cwd=root, stdout=log, stderr=subprocess.STDOUT)


def console():
    with open(log.name, "rb") as f:
        return f.read().decode("utf-8", "replace")


def wait_for(text, seconds):
    until = time.time() + seconds
    while time.time() < until:
        if text in console():
            return True
        time.sleep(0.2)
    return False


def nmi():
    """Inject an NMI; a machine already gone (a panic powers it off) takes none."""
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(sock)
            s.sendall(b"nmi\n")
            time.sleep(0.5)
    except OSError:
        pass


points = []
out = ""
try:
    points.append((wait_for("# end echo_client", 60), "the run image boots and goes idle"))
    nmi()
    points.append((wait_for("masque: NMI, going on", 10), "the kernel reports an NMI"))
    nmi()
    handled_twice = False
    for _ in range(50):
        if console().count("masque: NMI, going on") >= 2:
            handled_twice = True
            break
        time.sleep(0.2)
    points.append((handled_twice, "and a second one: it went on after the first"))
    out = console()
    points.append(("panic" not in out and "kernel fault" not in out, "no kernel fault or panic"))
finally:
    qemu.kill()
    qemu.wait()
    for path in (sock, log.name):
        if os.path.exists(path):
            os.unlink(path)

print("1..%d" % len(points))
for i, (good, what) in enumerate(points, 1):
    print("%s %d - %s" % ("ok" if good else "not ok", i, what))
if not all(good for good, _ in points):
    for line in out.splitlines():
        print("# " + line)
