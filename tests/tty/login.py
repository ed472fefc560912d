#!/usr/bin/env python3
"""Log in on Masque's console as a person would and print TAP.

The login image's init runs BusyBox getty on /dev/console, which asks for a name and
hands it to login, which asks for the password (/etc/shadow: root's and user's are
"masque"), then becomes the user and runs the shell; when the shell ends, init runs
getty again. Root then remounts / read-only and back (MS_REMOUNT), and init's
umount -a -r at the power-off does the same without a complaint. tests/tty/console.py's Console types and reads.

usage: login.py LOG FS QEMU_COMMAND...
"""
import subprocess
import sys
import time

import console
from console import Console, point

LOGIN = rb"masque login: "
PASSWORD = rb"Password: "


def log_in(con, name, password):
    """Type name at login: and password at Password:; whether both were asked."""
    con.type(name + "\r")
    if con.expect(PASSWORD, 30) is None:
        return False
    time.sleep(0.5)
    con.type(password + "\r")
    return True


def session(con, name, prompt, uid):
    """A session of name: its prompt, id -u, whom the terminal belongs to, exit."""
    point(log_in(con, name, "masque") and con.expect(prompt, 60) is not None,
          "%s with the password masque: the shell's prompt %r" % (name, prompt.decode()))
    con.type("id -u\r")
    point(con.expect(rb"\r\n%d\r\n.*?" % uid + prompt, 30) is not None,
          "id -u in %s's shell prints %d" % (name, uid))
    con.type("stat -c '%U %a' /dev/console\r")
    point(con.expect(rb"\r\n%s 600\r\n.*?" % name.encode() + prompt, 30) is not None,
          "login gave the console to %s, mode 600 (fchown, fchmod)" % name)
    con.type("exit\r")
    point(con.expect(LOGIN, 60) is not None, "exit: init runs getty again, which asks login:")


def remount(con):
    """mount -o remount,ro / and back, as root at its prompt."""
    prompt = rb"root@masque:~# "
    con.type("mount -o remount,ro /; grep ' / ' /proc/mounts\r")
    point(con.expect(rb"\r\n/dev/\S+ / ext2 ro 0 0\r\n.*?" + prompt, 60) is not None,
          "mount -o remount,ro /: /proc/mounts says ro")
    con.type("echo no >/root/ro; echo status=$?\r")
    point(con.expect(rb"Read-only file system\r\nstatus=1\r\n.*?" + prompt, 30) is not None,
          "a write to the read-only root: EROFS")
    con.type("mount -o remount,rw /; grep ' / ' /proc/mounts\r")
    point(con.expect(rb"\r\n/dev/\S+ / ext2 rw 0 0\r\n.*?" + prompt, 60) is not None,
          "mount -o remount,rw /: /proc/mounts says rw")
    con.type("echo rw again >/root/rw; cat /root/rw\r")
    point(con.expect(rb"\r\nrw again\r\n.*?" + prompt, 30) is not None,
          "a write to the root read-write again works")


def main():
    log, fs, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    con = Console(cmd, log)
    if not point(con.expect(LOGIN, 120) is not None, "getty asks for a name: login:"):
        print("1..%d" % console.n)
        con.p.kill()
        return 1
    point(log_in(con, "root", "wrong") and
          con.expect(rb"Login incorrect\r\n.*?" + LOGIN, 60) is not None,
          "a wrong password: Login incorrect, and login: again")
    session(con, "root", rb"root@masque:~# ", 0)
    said = con.seen
    point(b"login[" in said and b"root login on 'console'" in said,
          "login's syslog message goes to the console (musl's LOG_CONS: no syslog socket)")
    point(b"emul:" not in said, "nothing on the console from emul (socket: EAFNOSUPPORT)")
    session(con, "user", rb"user@masque:~\$ ", 1000)
    point(log_in(con, "root", "masque") and con.expect(rb"root@masque:~# ", 60) is not None,
          "root logs in again")
    remount(con)
    con.type("poweroff\r")
    point(con.expect(rb"# poweroff 0", 90) is not None, "poweroff: the machine powers off")
    point(b"umount: /dev/disk0p1 busy - remounted read-only" in con.seen,
          "umount -a -r at power-off: / is busy, so remounted read-only (as on Linux)")
    status = con.end()
    point(status == 1, "QEMU ends with the power-off status (%s)" % status)
    fsck = subprocess.run(["e2fsck", "-fn", fs], capture_output=True, text=True)
    point(fsck.returncode == 0, "e2fsck -fn: the disk is clean after poweroff")
    kept = subprocess.run(["debugfs", "-R", "cat /root/rw", fs], capture_output=True,
                          text=True).stdout
    point(kept == "rw again\n", "the file written after remount,rw is on the disk (%r)" % kept)
    print("1..%d" % console.n)
    return 1 if console.failed else 0


if __name__ == "__main__":
    sys.exit(main())
