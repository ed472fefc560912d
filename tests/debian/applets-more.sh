# More BusyBox applets: dd, checksums, archives and compressors, hex dumps, links
# and paths, sort keys, env, timeout, over files the script makes itself.
mkdir -p "$1" && cd "$1" || exit 99
seq 1 1000 >nums
dd if=nums of=part bs=100 skip=2 count=3 2>/dev/null && wc -c part && head -n 2 part
dd if=/dev/zero bs=512 count=4 2>/dev/null | wc -c
head -c 100 /dev/urandom | wc -c
crc32 nums; sha1sum nums; sha512sum nums | cut -c1-32; sha3sum nums | cut -c1-32
truncate -s 5000 sparse && stat -c '%s' sparse && od -c sparse | tail -n 2
cp nums nums.copy && truncate -s 10 nums.copy && cat nums.copy; echo
mkdir -p a/b/c && ln -s a/b/c lc && realpath lc | sed "s#$(pwd)#PWD#" && readlink -f lc/../.. | sed "s#$(pwd)#PWD#"
chmod -R 700 a && stat -c '%a %n' a a/b a/b/c
printf 'b 2\na 10\nc 1\na 2\n' >keys
sort -k2 -n keys; sort -k1,1 -k2,2nr keys; sort -t' ' -k2 keys | head -n 1
printf 'x:1\ny:2\n' | sort -t: -k2 -r
env -i A=1 B=2 env | sort
env -u HOME sh -c 'echo "HOME=[${HOME-unset}]"'
env | grep '^HOME='
id -u; id -g
uname -s
timeout 5 sh -c 'echo in time'; echo "timeout status $?"
sleep 0.1; usleep 1000; echo slept
tar -czf t.tgz nums keys && tar -tzf t.tgz && mkdir x && tar -xzf t.tgz -C x && cmp nums x/nums && echo tgz ok
bzip2 -c nums | bunzip2 -c | cmp - nums && echo bzip2 ok
gzip -9 -c nums | zcat | cmp - nums && echo zcat ok
printf 'hello\n' | base64; printf 'aGVsbG8K' | base64 -d
printf 'ABC' | xxd; printf 'ABC\n' | hexdump -C
printf 'ABC' | od -An -tx1
echo "1 + 2 * 3" | bc; echo "2 3 + p" | dc
factor 360
printf 'a\r\nb\r\n' | dos2unix | od -c | head -n 1
printf 'a\tb\n' | expand -t 4; printf 'a   b\n' | unexpand -a
printf 'ab\001cdef\002gh\n' >bin.dat; strings -n 3 bin.dat
printf 'line1\nline2\n' >p.orig; printf 'line1\nline 2\n' >p.new; diff -u p.orig p.new >p.diff; patch p.orig p.diff >/dev/null && cat p.orig
echo "find, exec" && find . -name 'p.*' -exec wc -l {} \; | sort
touch -t 200001010000 old && find . -maxdepth 1 -type f ! -newer nums -name 'old'
ls -1 | head -n 5
uniq -c keys | head -n 2
shuf -i 1-5 | sort -n | tr '\n' ' '; echo
seq 10 | xargs -n 3 | tail -n 1
which sh >/dev/null && echo "which found sh"
run-parts --test /nonexistent 2>/dev/null; echo "run-parts status $?"
cal 2 2024
date -u -d @0 '+%Y-%m-%d %H:%M:%S'
date -u -d '2024-02-29 12:00' +%s
ts=$(date +%s); [ "$ts" -gt 1600000000 ] && echo "clock is after 2020"
t=$(mktemp) && [ -f "$t" ] && rm "$t" && echo "mktemp made a file in /tmp: ${t%/*}"
t=$(mktemp -d) && [ -d "$t" ] && rmdir "$t" && echo "mktemp -d made a directory"
