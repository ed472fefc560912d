#!/bin/sh
# Crash safety of the fs-server (issue 12). tests/fs/crash_writer.c writes, fsyncs and
# logs "durable PATH SIZE CKSUM ok" on two ext2 disks (the fs-server's root, and one
# the writer mounts on /mnt), and QEMU is killed (SIGKILL: a disk file keeps every
# write the device completed) at KILLS seeded moments after the writer said it
# started. After each kill, on the host, for each disk: e2fsck -fy repairs it,
# repairing nothing the write-order rules forbid, and a second e2fsck -fn finds it
# clean; and every file logged durable so far, in this boot or an earlier one, and not
# retired since, has its size and checksum (debugfs rdump, cksum). The next boot goes
# on with the repaired disks. CRASH_SEED=N replays a run's kill moments (its seed is
# printed); CRASH_KILLS=N changes how many.
set -u
B=build/crash
PATH=$PATH:/sbin:/usr/sbin
KILLS=${CRASH_KILLS:-20}
SEED=${CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
MIN_MS=300 MAX_MS=5000
DISK=$B/disk.img DISK2=$B/disk2.img
# The disk's files are copied out after each kill: into memory where there is some
# (removing tens of MiB from a busy disk takes seconds).
DUMP=$B/dump
[ -d /dev/shm ] && [ -w /dev/shm ] && DUMP=/dev/shm/masque-crash.$$
trap 'rm -rf "$DUMP"' EXIT
. tools/vmcheck.sh
n=0 in_fsync=0 writing=0

rm -rf "$B" && mkdir -p "$B" build/logs || exit 1
echo "# seed $SEED (CRASH_SEED=$SEED sh tests/fs/crash.t replays these kill moments)"
if ! mke2fs -q -F -t ext2 "$DISK" 128M >"$B/mke2fs.log" 2>&1 ||
	! mke2fs -q -F -t ext2 "$DISK2" 64M >>"$B/mke2fs.log" 2>&1; then
	echo "Bail out! mke2fs failed"
	exit 1
fi
awk -v s="$SEED" -v k="$KILLS" -v lo=$MIN_MS -v hi=$MAX_MS \
	'BEGIN { srand(s); for (i = 1; i <= k; i++) print i, lo + int(rand() * (hi - lo)) }' >"$B/delays"
: >"$B/expected"

# Poll the console log until it has a line matching $1, for at most 60 s.
wait_for() {
	i=0
	while [ $i -lt 1200 ]; do
		grep -aq "$1" "$log" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# Boot, wait for the writer, sleep $delay ms, kill. The console log is left in $log.
# QEMU ignores flushes (cache=unsafe): a killed QEMU loses no write it completed, only
# a host that stops does, so they would only slow the writer and load the host's disk.
boot_and_kill() {
	: >"$log"
	sh tools/qemu.sh images/fs-crash.img -drive "if=virtio,format=raw,cache=unsafe,file=$DISK" \
		-drive "if=virtio,format=raw,cache=unsafe,file=$DISK2" </dev/null >"$log" 2>&1 &
	pid=$!
	started=0
	wait_for '^crash_writer: run .* writing' && started=1
	[ $started = 1 ] && sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -KILL $pid
	wait $pid 2>/dev/null
	tr -d '\r' <"$log" >"$log.txt"
}

# repaired DISK: e2fsck -fy's status says it repaired what it found (0, 1 or 2); its
# output is left in $DISK.fsck-y.
repaired() {
	e2fsck -fy "$1" </dev/null >"$1.fsck-y" 2>&1
	status=$?
	[ $status -le 2 ] || sed 's/^/# /' "$1.fsck-y"
	[ $status -le 2 ]
}

# The files the host expects after this boot: those of the earlier boots and this
# one's durable lines, but for those the writer said it retired (in log order). Lines
# the kill cut short match neither pattern.
update_expected() {
	awk '/^durable \/[^ ]* [0-9]+ [0-9]+ ok$/ { if (!($2 in line)) order[++n] = $2; line[$2] = $0 }
	     /^retiring \/[^ ]* now$/ { delete line[$2] }
	     END { for (i = 1; i <= n; i++) if (order[i] in line) { print line[order[i]]; delete line[order[i]] } }' \
		"$B/expected" "$log.txt" >"$B/expected.new" && mv "$B/expected.new" "$B/expected"
}

# What e2fsck -fy repaired is what the write-order rules (fs-server/ext2/cache.c) allow
# a crash to leave: blocks and inodes still marked used that nothing uses, counts,
# names and inodes that missed each other. Never a block or inode in use that its
# bitmap calls free (rule 2), nor a block claimed twice (rules 1 and 3).
order_kept() {
	! grep -Eq 'bitmap differences:.* \+|[Mm]ultiply-claimed|Duplicate' "$1.fsck-y" || {
		grep -E 'bitmap differences:.* \+|[Mm]ultiply-claimed|Duplicate' "$1.fsck-y" | sed 's/^/# /'
		false
	}
}

clean_after() {
	e2fsck -fn "$1" >"$1.fsck-n" 2>&1 || { sed 's/^/# /' "$1.fsck-n"; false; }
}

# Every file in $B/expected ("durable PATH SIZE CKSUM ok") is on the disks with that
# size and checksum: their trees copied out (the second one's under mnt), cksum over
# the files (one process, the same order), its lines put in the log's form and
# compared.
intact() {
	rm -rf "$DUMP" && mkdir -p "$DUMP/mnt" || return 1
	debugfs -R "rdump / $DUMP" "$DISK" </dev/null >"$B/rdump.log" 2>&1
	debugfs -R "rdump / $DUMP/mnt" "$DISK2" </dev/null >>"$B/rdump.log" 2>&1
	sed 's/^durable \([^ ]*\) .*/.\1/' "$B/expected" | (cd "$DUMP" && xargs -r cksum) \
		2>"$B/cksum.err" | awk '{ print "durable " substr($3, 2) " " $2 " " $1 " ok" }' >"$B/found"
	diff "$B/expected" "$B/found" >"$B/intact.diff" || { sed 's/^/# /' "$B/intact.diff" | head -20; false; }
}

while read -r k delay; do
	log=build/logs/crash-$k.log
	boot_and_kill
	update_expected
	logged=$(grep -ac '^durable /[^ ]* [0-9]* [0-9]* ok$' "$log.txt")
	retired=$(grep -ac '^retiring /[^ ]* now$' "$log.txt")
	last=$(grep -a '^creating \|^fsync \|^sync \|^durable ' "$log.txt" | tail -n 1)
	case $last in
	fsync* | sync*) in_fsync=$((in_fsync + 1)) where="inside the ${last%% *} of ${last#* }" ;;
	creating*) writing=$((writing + 1)) where="while it wrote ${last#creating }" ;;
	*) where="between durable files" ;;
	esac
	check "kill $k, ${delay} ms after the writer started ($where): it had logged $logged durable files ($retired retired)" \
		test $started = 1 -a "$logged" -gt 0
	[ $started = 1 ] || { echo "Bail out! the writer did not start (console: $log)"; exit 1; }
	check "kill $k: the writer met no error before" sh -c "! grep -aq 'FAILED' $log.txt"
	check "kill $k: the fs-server found nothing wrong on the disks it mounted (no complaint)" \
		sh -c "! grep -aq '^fs-server: disk[0-9]*: ' $log.txt"
	for d in "$DISK" "$DISK2"; do
		check "kill $k: e2fsck -fy repaired $d" repaired "$d"
		check "kill $k: it repaired nothing the write order forbids (a used block or inode free, a block twice)" order_kept "$d"
		check "kill $k: then e2fsck -fn finds it clean" clean_after "$d"
	done
	check "kill $k: all $(wc -l <"$B/expected") files logged durable so far and not retired are intact" intact
done <"$B/delays"
echo "# $in_fsync of $KILLS kills landed inside the fsync or sync that made a file durable, $writing more while the writer wrote one"

# The write-back clock: with /writeback on the disk the writer writes a file, syncs
# nothing and sleeps 8 s; the machine killed then, the file must be on the disk (the
# fs-server writes back what is dirty every 5 s unasked).
writeback_on_disk() {
	[ "$(debugfs -R "cat /writeback.out" "$DISK" 2>/dev/null)" = "written, never synced" ]
}
log=build/logs/crash-writeback.log
debugfs -w -R "write /dev/null writeback" "$DISK" >/dev/null 2>&1
: >"$log"
sh tools/qemu.sh images/fs-crash.img -drive "if=virtio,format=raw,cache=unsafe,file=$DISK" \
	-drive "if=virtio,format=raw,cache=unsafe,file=$DISK2" </dev/null >"$log" 2>&1 &
pid=$!
wait_for '^crash_writer: unsynced slept'
slept=$?
kill -KILL $pid
wait $pid 2>/dev/null
check "write-back: the writer wrote a file, synced nothing and slept 8 s" test $slept = 0
check "write-back: the machine killed then, the file is on the disk with its bytes" writeback_on_disk
echo "1..$n"
