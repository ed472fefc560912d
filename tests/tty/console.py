#!/usr/bin/env python3
"""Drive Masque's serial console as a person would and print TAP.

QEMU's serial line is this script's pipe (tools/qemu.sh: -serial stdio): what it
writes is typed at /dev/console, one character at a time, and what it reads back is
the echo and the output of the shell BusyBox init runs there (process 1 under the
process server; the terminal is the terminal server's COM1). Each point types
something and waits for what Linux's terminal would show. After the power-off the disk
(FS: an image, or IMAGE?offset=BYTES for its partition) is checked on this host.

usage: console.py LOG FS QEMU_COMMAND...
"""
import os
import re
import select
import subprocess
import sys
import time

PROMPT = rb"M> "


class Console:
    def __init__(self, cmd, log):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, bufsize=0)
        self.seen = b""
        self.at = 0
        self.log = open(log, "wb")

    def _read(self, deadline):
        left = deadline - time.time()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.p.stdout], [], [], left)
        if not ready:
            return False
        data = os.read(self.p.stdout.fileno(), 4096)
        if not data:
            return False
        self.seen += data
        self.log.write(data)
        self.log.flush()
        return True

    def expect(self, pattern, timeout=30):
        """The match of pattern in what came since the last match, or None."""
        deadline = time.time() + timeout
        while True:
            m = re.compile(pattern, re.S).search(self.seen, self.at)
            if m:
                self.at = m.end()
                return m
            if not self._read(deadline):
                return None

    def type(self, text, pause=0.01):
        for c in text.encode():
            self.p.stdin.write(bytes([c]))
            self.p.stdin.flush()
            time.sleep(pause)

    def since(self):
        return self.seen[self.at:]

    def end(self, timeout=60):
        deadline = time.time() + timeout
        while self._read(deadline):
            pass
        try:
            return self.p.wait(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None


n = 0
failed = 0


def point(ok, what, todo=None):
    """One test point; todo: why it cannot pass yet (TAP's TODO, not a failure)."""
    global n, failed
    n += 1
    failed += not ok and not todo
    print("%s %d - %s%s" % ("ok" if ok else "not ok", n, what, " # TODO " + todo if todo else ""),
          flush=True)
    return ok


def command(con, line, want, what, timeout=30, todo=None):
    """Type line and Enter at the prompt; one point: want (a regex) shows before the
    next prompt."""
    con.type(line + "\r")
    m = con.expect(want + rb".*?" + PROMPT, timeout)
    if not point(m is not None, what, todo):
        print("# after %r the console showed: %r" % (line, con.since()[-300:]))
        con.expect(PROMPT, 10)


def login_prompt(con, timeout=120):
    """The prompt of the login shell init starts (/etc/profile's PS1), or None."""
    return con.expect(rb"root@masque:/# ", timeout)


def set_prompt(con):
    con.type("PS1='M''> '\r")
    return con.expect(PROMPT, 30) is not None


def shell_basics(con, fs):
    command(con, "echo $PPID", rb"\r\n1\r\n", "the login shell's parent is init, process 1")
    command(con, "echo one >/root/note; echo two >>/root/note; cat /root/note",
            rb"\r\none\r\ntwo\r\n", "cat shows what > and >> wrote to a file in this session")
    command(con, "ls -l /", rb"\r\ndrwxr-xr-x +\d+ root +root +\d+ [^\r]* (\x1b\[[0-9;]*m)?bin",
            "ls -l / lists bin, a directory of root's")
    entries = root_entries(fs)
    command(con, "ls / | wc -l", rb"\r\n *%d\r\n" % entries,
            "ls / | wc -l counts the %d names of the root directory" % entries)
    con.type("cat <<END\r")
    time.sleep(1)
    con.type("here $((6*7))\r")
    time.sleep(1)
    con.type("END\r")
    point(con.expect(rb"\r\nhere 42\r\n.*?" + PROMPT, 30) is not None,
          "a here-document (with an expansion in it) is cat's input")
    command(con, 'echo "words=$(echo a b c | wc -w)"', rb"\r\nwords=3\r\n",
            "$(...) is replaced by the command's output")
    command(con, "echo recalled", rb"\r\nrecalled\r\n", "echo recalled")
    con.type("\x1b[A")
    time.sleep(1)
    con.type("\r")
    point(con.expect(rb"\r\nrecalled\r\n.*?" + PROMPT, 30) is not None,
          "the up arrow recalls the last command line, which runs again")


def root_entries(fs):
    """How many names / of the file system fs holds (debugfs), . and .. aside."""
    out = subprocess.run(["debugfs", "-R", "ls /", fs], capture_output=True,
                         text=True).stdout
    names = [n for n in re.findall(r"\(\d+\)\s+(\S+)", out) if n not in (".", "..")]
    return len(names)


def job_control(con):
    con.type("sleep 100 &\r")
    point(con.expect(rb"sleep 100 &\r\n" + PROMPT, 10) is not None,
          "sleep 100 & gives the prompt back at once")
    command(con, "jobs", rb"\[1\]\+ *Running *sleep 100", "jobs lists it running")
    con.type("fg\r")
    time.sleep(2)
    con.type("\x1a")
    point(con.expect(rb"\^Z.*?Stopped.*?" + PROMPT, 30) is not None,
          "fg brings it to the foreground, and ^Z stops it: the shell says Stopped")
    command(con, "bg", rb"\[1\]\+? *sleep 100", "bg continues it in the background")
    command(con, "jobs", rb"\[1\]\+ *Running *sleep 100", "jobs lists it running again")
    command(con, "kill %1; wait %1; echo status=$?", rb"\r\nstatus=143\r\n",
            "kill %1 ends it with SIGTERM (status 143)")
    command(con, "sleep 100 & kill -9 -1; wait $!; echo status=$?", rb"\r\nstatus=137\r\n",
            "kill -9 -1 ends the background job, but neither the shell (the caller) nor init")
    command(con, "kill -9 1; sleep 2; echo still-up", rb"\r\nstill-up\r\n",
            "kill -9 1 does not end init (as on Linux): the system is still up after it")


def root_only(con):
    command(con, "su user -c 'reboot -f'", rb"\r\nreboot: [^\r]*Operation not permitted\r\n",
            "reboot(2) by a user who is not root: EPERM")
    command(con, "hostname box; sh -c 'uname -n'", rb"\r\nbox\r\n",
            "hostname sets the system's name, which another process's uname -n reports")
    command(con, "hostname masque; su user -c 'hostname x'",
            rb"\r\nhostname: [^\r]*Operation not permitted\r\n",
            "sethostname by a user who is not root: EPERM")


def edit_with_vi(con):
    con.type("vi /root/vi.txt\r")
    point(con.expect(rb"/root/vi\.txt", 30) is not None, "vi opens /root/vi.txt")
    time.sleep(2)
    con.type("iwritten in vi")
    time.sleep(1)
    con.type("\x1b")
    time.sleep(1)
    con.type(":wq\r")
    point(con.expect(PROMPT, 30) is not None, "vi: :wq returns to the shell")
    command(con, "cat /root/vi.txt", rb"\r\nwritten in vi\r\n", "cat shows the text typed in vi")


def orphans(con):
    con.type("sh -c '(sleep 2; exec sh -c \"echo orphan-ppid=\\$PPID\") & exit 0'\r")
    point(con.expect(rb"orphan-ppid=1\r\n", 30) is not None,
          "a process whose parent ended is init's child")
    con.type("\r")
    con.expect(PROMPT, 10)
    command(con, "sh -c 'sleep 1 & echo $! >/tmp/orphan'; sleep 4; "
            "kill -0 $(cat /tmp/orphan) 2>/dev/null; echo found=$?", rb"\r\nfound=1\r\n",
            "init reaps an orphan that ended: kill -0 finds no such process")


def check_disk(fs):
    fsck = subprocess.run(["e2fsck", "-fn", fs], capture_output=True, text=True)
    if not point(fsck.returncode == 0, "e2fsck -fn: the disk is clean after poweroff"):
        print("# " + fsck.stdout.replace("\n", "\n# "))
    note = subprocess.run(["debugfs", "-R", "cat /root/note", fs], capture_output=True,
                          text=True).stdout
    point(note == "one\ntwo\n", "the file written in the session is on the disk "
          "(debugfs: %r)" % note)


def second_boot(cmd, log, fs):
    """Boot the disk again: the session's file is there, and reboot resets the machine
    (QEMU, with -no-reboot, exits with status 0)."""
    con = Console(cmd, log)
    if not point(login_prompt(con) is not None, "the disk boots again to a login shell"):
        con.p.kill()
        return
    con.type("cat /root/note\r")
    point(con.expect(rb"\r\none\r\ntwo\r\n", 30) is not None,
          "the file written before the power-off is there")
    con.type("reboot\r")
    point(con.expect(rb"# reset", 90) is not None, "reboot: init shuts down and the machine resets")
    status = con.end()
    point(status == 0, "QEMU ends at the reset (-no-reboot; status %s)" % status)
    fsck = subprocess.run(["e2fsck", "-fn", fs], capture_output=True, text=True)
    point(fsck.returncode == 0, "e2fsck -fn: the disk is clean after reboot")


def halt_boot(cmd, log, fs):
    """Boot once more and halt: Masque has no halted-but-on state, so halt powers off."""
    con = Console(cmd, log)
    if not point(login_prompt(con) is not None, "the disk boots a third time"):
        con.p.kill()
        return
    con.type("halt\r")
    point(con.expect(rb"Requesting system halt.*?# poweroff 0", 90) is not None,
          "halt: init shuts down and the machine powers off")
    status = con.end()
    point(status == 1, "QEMU ends with the power-off status (%s)" % status)


def main():
    log, fs, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    con = Console(cmd, log)
    started = time.time()
    ok = point(con.expect(rb"# run proc_server\r?\n", 120) is not None and
               login_prompt(con) is not None,
               "init starts a login shell: its prompt appears on /dev/console")
    print("# %.1f s from QEMU's start to the login prompt" % (time.time() - started))
    if not ok:
        print("1..%d" % n)
        con.p.kill()
        return 1
    point(set_prompt(con), "a new prompt after PS1 is set")
    command(con, "echo hello", rb"echo hello\r\nhello\r\n", "echo: the typed line is echoed, "
            "its output follows, newlines as CR LF")
    shell_basics(con, fs)
    command(con, "echo via-tty >/dev/tty", rb"\r\nvia-tty\r\n",
            "/dev/tty is the shell's controlling terminal")
    command(con, "tty", rb"\r\n/dev/console\r\n",
            "tty names /dev/console (musl's ttyname: /proc/self/fd's link)")
    command(con, "ps", rb"\r\n *1 root [^\r]*init\r\n", "ps lists init as process 1")
    command(con, "ps", rb"\r\n *\d+ root +\S+ -/bin/sh\r\n", "ps lists the login shell")
    command(con, "top -b -n 1", rb"\r\nMem: \d+K used, \d+K free[^\r]*\r\nCPU:",
            "top -b -n 1 shows memory and CPU lines")
    command(con, "free", rb"\r\nMem: +\d+ +\d+ +\d+", "free shows the memory")
    command(con, "df /", rb"\r\n\S+ +\d+ +\d+ +\d+ +\d+% /\r\n", "df / shows the root")
    command(con, "stty size", rb"\r\n24 80\r\n", "stty size: the window size (TIOCGWINSZ)")
    command(con, "stty rows 33 cols 101; stty size", rb"\r\n33 101\r\n",
            "stty rows 33 cols 101 comes back (TIOCSWINSZ)")
    command(con, "stty -echoctl; stty; stty echoctl", rb"\r\n[^\r]*-echoctl",
            "stty -echoctl shows in stty's settings (TCSETS, TCGETS)")
    command(con, "stty -a", rb"intr = \^C; quit = \^\\; erase = \^\?; kill = \^U; eof = \^D",
            "stty -a: the control characters as Linux's defaults")
    command(con, "stty -a", rb" icrnl ixon .*?\nopost [^\r]* onlcr .*?\nisig icanon iexten echo echoe "
            rb"echok -echonl",
            "stty -a: the modes as Linux's defaults (icrnl ixon, opost onlcr, isig icanon "
            "iexten echo echoe echok)")
    # canonical mode in the terminal server: cat reads edited lines
    con.type("cat\r")
    time.sleep(2)
    con.type("abx\x7fc\r")
    point(con.expect(rb"abx\x08 \x08c\r\nabc\r\n", 30) is not None,
          "cat: erase rubs out x (echo \\b \\b) and the line read is abc")
    con.type("one two  \x17three\r")
    point(con.expect(rb"\r\none three\r\n", 30) is not None, "cat: ^W erases a word")
    con.type("junk\x15kept\r")
    point(con.expect(rb"\r\nkept\r\n", 30) is not None, "cat: ^U erases the line")
    con.type("\x04")
    point(con.expect(PROMPT, 30) is not None, "cat: ^D on an empty line is end of file")
    command(con, "echo $?", rb"\r\n0\r\n", "cat ended with status 0")
    # ^C: SIGINT to the foreground group
    con.type("sleep 100\r")
    time.sleep(3)
    con.type("\x03")
    point(con.expect(rb"\^C.*?" + PROMPT, 30) is not None,
          "^C echoes ^C and ends sleep 100: the prompt is back")
    command(con, "echo $?", rb"\r\n130\r\n", "sleep's status is 130 (SIGINT)")
    job_control(con)
    # a background group's read stops it (SIGTTIN); fg lets it read
    con.type("cat &\r")
    time.sleep(3)
    command(con, "jobs", rb"\[1\]\+ *Stopped \(tty input\) *cat",
            "a background read stops the job with SIGTTIN")
    con.type("fg\r")
    time.sleep(2)
    con.type("back\r")
    point(con.expect(rb"back\r\nback\r\n", 30) is not None,
          "fg: the job reads in the foreground, its read restarted")
    con.type("\x04")
    point(con.expect(PROMPT, 30) is not None, "^D ends it")
    # with TOSTOP a background write stops the job (SIGTTOU)
    command(con, "stty tostop; (sleep 1; echo late) & sleep 4; jobs",
            rb"\[1\]\+ *Stopped \(tty output\)", "stty tostop: a background write stops the "
            "job with SIGTTOU")
    command(con, "stty -tostop; fg", rb"\r\nlate\r\n", "fg: the write goes out")
    # input typed faster than it is read waits in the terminal
    con.type("sleep 3; wc -c\r")
    con.type("x" * 2000 + "\r", pause=0.0005)
    con.type("\x04")
    point(con.expect(rb"2001\r\n.*?" + PROMPT, 90) is not None,
          "2001 characters typed while nothing read them are all read (wc -c)")
    edit_with_vi(con)
    root_only(con)
    orphans(con)
    con.type("kill -QUIT 1\r")
    point(con.expect(rb"The system is going down NOW!.*?starting pid \d+, tty '': "
                     rb"'/etc/init.d/rcS'", 60) is not None and login_prompt(con, 60) is not None,
          "kill -QUIT 1: init's restart action execs /sbin/init again as process 1, "
          "which runs rcS and a new login shell")
    con.type("exit\r")
    point(login_prompt(con, 60) is not None,
          "exit: init starts a new login shell on the console (respawn)")
    con.type("poweroff\r")
    point(con.expect(rb"# poweroff 0", 90) is not None,
          "poweroff: init shuts down and the machine powers off")
    status = con.end()
    point(status == 1, "QEMU ends with the power-off status (%s)" % status)
    check_disk(fs)
    second_boot(cmd, log + ".reboot", fs)
    halt_boot(cmd, log + ".halt", fs)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
