#!/usr/bin/env python3
"""Drive Masque's serial console as a person would and print TAP.

QEMU's serial line is this script's pipe (tools/qemu.sh: -serial stdio): what it
writes is typed at /dev/console, one character at a time, and what it reads back is
the echo and the output of the shell the boot script runs there (BusyBox's sh under
the process server, whose terminal is the terminal server's COM1). Each point types
something and waits for what Linux's terminal would show.

usage: console.py LOG QEMU_COMMAND...
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


def point(ok, what):
    global n, failed
    n += 1
    failed += not ok
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what), flush=True)
    return ok


def command(con, line, want, what, timeout=30):
    """Type line and Enter at the prompt; one point: want (a regex) shows before the
    next prompt."""
    con.type(line + "\r")
    m = con.expect(want + rb".*?" + PROMPT, timeout)
    if not point(m is not None, what):
        print("# after %r the console showed: %r" % (line, con.since()[-300:]))
        con.expect(PROMPT, 10)


def main():
    log, cmd = sys.argv[1], sys.argv[2:]
    con = Console(cmd, log)
    ok = point(con.expect(rb"# run proc_server\r?\n", 120) is not None and
               con.expect(rb"[#$] ", 120) is not None,
               "BusyBox sh's prompt appears on /dev/console")
    if not ok:
        print("1..%d" % n)
        con.p.kill()
        return 1
    con.type("PS1='M''> '\r")
    point(con.expect(PROMPT, 30) is not None, "a new prompt after PS1 is set")
    command(con, "echo hello", rb"echo hello\r\nhello\r\n", "echo: the typed line is echoed, "
            "its output follows, newlines as CR LF")
    command(con, "echo via-tty >/dev/tty", rb"\r\nvia-tty\r\n",
            "/dev/tty is the shell's controlling terminal")
    command(con, "tty", rb"\r\n/dev/console\r\n",
            "tty names /dev/console (the handle's stat is the node's)")
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
    # ^Z: SIGTSTP, the job stops; the shell takes the terminal back
    con.type("sleep 100\r")
    time.sleep(3)
    con.type("\x1a")
    point(con.expect(rb"\^Z.*?Stopped.*?" + PROMPT, 30) is not None,
          "^Z stops sleep 100: the shell says Stopped")
    command(con, "jobs", rb"\[1\]\+ *Stopped *sleep 100", "jobs lists the stopped job")
    command(con, "kill -9 %1; wait; jobs; echo done", rb"\r\ndone\r\n", "kill %1 ends it")
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
    con.type("exit\r")
    point(con.expect(rb"proc: /bin/sh: exit status 0", 30) is not None,
          "exit: the shell ends with status 0")
    status = con.end()
    point(status == 1, "the machine powers off cleanly (QEMU status %s)" % status)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
