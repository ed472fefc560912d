#!/bin/sh
# BusyBox's process and file-system applets on Masque's /proc, in one run through
# ./build.sh exec (which mounts /proc: proc_server -m): each test point checks one fact
# of their output against what the system itself says (its pids, its memory, the image's
# block count), never a written-down answer.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The guest's script: each applet's output into a section of its own.
cat >"$tmp/run.sh" <<'SCRIPT'
echo "== pid $$"
echo "== ps"; ps
echo "== free"; free
echo "== sysinfo-total"; awk '/^MemTotal:/ { print $2 }' /proc/meminfo
echo "== uptime"; uptime
echo "== mount"; mount
echo "== df"; df /
echo "== pidof"; pidof sh
sleep 100 &
echo "== sleeper $!"
echo "== top"; top -b -n 1
echo "== killall"; killall sleep; echo "status $?"
wait
echo "== after"; pidof sleep; echo "status $?"
echo "== cwd-proc"; cd /proc && /bin/pwd; cd /
echo "== cwd-pid"; cd /proc/$$ && /bin/pwd; cd /
echo "== cwd-self"; cd /proc/self && /bin/pwd; cd /
echo "== up"; cd /proc && cd -P .. && /bin/pwd; cd /
echo "== up-from-pid"; cd /proc/$$ && cd -P ../.. && /bin/pwd; cd /
echo "== dotdot"; ls -a /proc/.. | grep -x etc
echo "== self-relative"; cd /proc && sh -c 'echo $$; exec cut -d" " -f1 self/stat'; cd /
echo "== self-dot"; sh -c 'echo $$; exec readlink /proc/./self'
echo "== self-beside"; sh -c 'echo $$; exec cut -d" " -f1 /proc/$$/../self/stat'
echo "== self-up"; cat /proc/self/../../etc/hostname
echo "== umount"; umount /proc; echo "status $?"
echo "== left"; ls /proc | wc -l
echo "== remount"; mount -a; echo "status $?"
echo "== again"; ls /proc/self/stat
echo "== up-again"; cd /proc && cd -P .. && /bin/pwd; cd /
echo "== twice"; mount -t proc proc /proc 2>&1
echo "== user"; su nobody -s /bin/sh -c "umount /proc; echo status \$?" 2>&1
SCRIPT
out=$tmp/out
MASQUE_MEM=256M ./build.sh exec --add "$tmp/run.sh:/run.sh" -- /bin/sh /run.sh >"$out" 2>"$tmp/err"

section() { # NAME: the lines of section NAME
	awk -v want="$1" '/^== / { on = ($2 == want); next } on' "$out"
}
value() { # NAME: the word after "== NAME"
	awk -v want="$1" '$1 == "==" && $2 == want { print $3 }' "$out"
}
. tools/tap.sh
shell=$(value pid)
sleeper=$(value sleeper)

check "ps lists the shell's pid" eval "section ps | awk '{ print \$1 }' | grep -qx '$shell'"
check "ps lists itself as ps" eval "section ps | awk '\$4 == \"ps\"' | grep -q ."
check "ps says the shell's command" eval "section ps | awk '\$1 == $shell' | grep -q '/bin/sh /run.sh'"
total=$(section free | awk '$1 == "Mem:" { print $2 }')
check "free's total is /proc/meminfo's MemTotal" [ "$total" = "$(section sysinfo-total)" ]
check "free's total is the machine's memory within 16 MiB of 256 MiB" \
	[ "${total:-0}" -gt $(((256 - 16) * 1024)) -a "${total:-0}" -le $((256 * 1024)) ]
check "uptime says the load average" eval "section uptime | grep -q 'load average: [0-9]'"
check "mount lists / as ext2" eval "section mount | grep -q ' on / type ext2 '"
check "mount lists /proc as proc" eval "section mount | grep -q '^proc on /proc type proc '"
blocks=$(section df | awk '$NF == "/" { print $2 }')
check "df shows / with a block count" [ -n "$blocks" ]
# the image tools/exec.sh makes holds at least 16 MiB of free room
check "df's / holds more than 16 MiB" [ "${blocks:-0}" -gt 16384 ]
check "pidof sh finds the shell" eval "section pidof | tr ' ' '\n' | grep -qx '$shell'"
check "top lists the sleeper's pid" eval "section top | awk '{ print \$1 }' | grep -qx '$sleeper'"
check "top says the memory line" eval "section top | grep -q '^Mem: [0-9]*K used'"
check "killall sleep succeeds" eval "section killall | grep -qx 'status 0'"
check "after killall no sleep is left" eval "section after | grep -qx 'status 1'"
check "getcwd in /proc: /proc" eval "section cwd-proc | grep -qx /proc"
check "getcwd in /proc/PID: /proc/PID" eval "section cwd-pid | grep -qx '/proc/$shell'"
check "getcwd after cd /proc/self: the shell's /proc/PID" \
	eval "section cwd-self | grep -qx '/proc/$shell'"
check "cd .. from /proc leads to /" eval "section up | grep -qx /"
check "cd ../.. from /proc/PID leads to /" eval "section up-from-pid | grep -qx /"
check "ls /proc/.. lists the root (etc)" eval "section dotdot | grep -qx etc"
same() { # NAME: whether section NAME has two lines, the same pid twice
	[ "$(section "$1" | wc -l)" = 2 ] && [ "$(section "$1" | sort -u | wc -l)" = 1 ]
}
check "self/stat from /proc is the reader's own" same self-relative
check "readlink /proc/./self is the reader's pid" same self-dot
check "/proc/PID/../self/stat is the reader's own" same self-beside
check "/proc/self/../../etc/hostname is /etc/hostname" \
	eval "section self-up | grep -qx \"\$(cat rootfs/etc/hostname)\""
check "umount /proc succeeds" eval "section umount | grep -qx 'status 0'"
check "after umount /proc is the empty directory under it" eval "section left | grep -qx 0"
check "mount -a (/etc/fstab's proc line) succeeds" eval "section remount | grep -qx 'status 0'"
check "after mount -a /proc/self/stat is there again" \
	eval "section again | grep -qx /proc/self/stat"
check "after mount -a cd .. from /proc leads to / again" eval "section up-again | grep -qx /"
check "mount of proc where it is mounted says busy" \
	eval "section twice | grep -q 'Resource busy'"
check "a user but root cannot umount /proc" eval "section user | grep -q 'not permitted'"
echo "1..$n"
[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | grep -v '^# stderr: ==>' | head -5
exit 0
