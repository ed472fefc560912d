#!/bin/sh
# BusyBox's own testsuite (testsuite/ of the source ports/busybox builds), Masque beside
# Linux: the same busybox binary and .config, the same runtest, in the same QEMU machine
# (-machine pc, one CPU, -cpu and -m alike, TCG). Masque runs it through tools/exec.sh
# (the testsuite on its disk); Linux is Debian's cloud kernel (build/linux/, fetched by
# tools/bench_linux.sh) with an initramfs of BusyBox, its applet links and the
# testsuite. Each guest times the run with its own clock (/proc/uptime, before and
# after runtest) and counts the tests that pass and fail. Prints one table.
# BENCH_APPLETS names the applets to test (default: every one runtest knows); the tests
# tools/testsuite_slow.sh names are skipped on both sides, as in tests/busybox.
set -eu
cd "$(dirname "$0")/.."
B=build L=$B/linux
CPU=${MASQUE_CPU:-qemu64,+smep,+smap} MEM=512M
SRC=$B/ports/cache/src/busybox-$(sed -n 's/^VERSION=[0-9]*://p' ports/busybox/source)
OBJ=$B/ports/busybox/obj
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f $L/vmlinuz ] || { echo "bench_testsuite: no $L/vmlinuz (tools/bench_linux.sh fetches it)" >&2; exit 1; }
if [ ! -d "$SRC/testsuite" ] || [ ! -x $OBJ/busybox ]; then
	echo "bench_testsuite: no BusyBox source or build ($SRC, $OBJ)" >&2
	exit 1
fi
. tools/testsuite_slow.sh
mkdir -p "$work/tb"
cp $OBJ/busybox $OBJ/.config "$work/tb/"
cp -r "$SRC/testsuite" "$work/ts"
skip_slow "$work/ts"

# What both guests run: the start and end of the run on their clocks, the counts.
cat >"$work/run.sh" <<EOF
read start _ </proc/uptime
cd /ts && SHELL=/bin/sh bindir=/tb tsdir=/ts sh ./runtest ${BENCH_APPLETS:-} >/tmp/runtest.out 2>&1
read end _ </proc/uptime
echo "testsuite \$start \$end \$(grep -c '^PASS' /tmp/runtest.out) \$(grep -c '^FAIL' /tmp/runtest.out)"
EOF

masque() {
	MASQUE_CPU=$CPU MASQUE_MEM=$MEM MASQUE_DISK_FREE_MIB=64 MASQUE_TIMEOUT=3600 \
		tools/exec.sh --add "$work/ts:/ts" --add "$work/tb:/tb" --add "$work/run.sh:/run.sh" \
		-- /bin/sh /run.sh 2>/dev/null | grep -a '^testsuite ' || true
}

linux() {
	{ echo '#!/bin/sh'; echo '/bin/busybox --install -s /bin'
	  echo 'mount -t proc proc /proc'; echo 'sh /run.sh'; echo 'poweroff -f'; } >"$work/init"
	chmod 755 "$work/init"
	files="init=$work/init bin/busybox=$OBJ/busybox bin/sh=$OBJ/busybox proc/ tmp/ run.sh=$work/run.sh"
	files="$files tb/busybox=$work/tb/busybox tb/.config=$work/tb/.config"
	for f in $(cd "$work" && find ts -type f); do
		files="$files $f=$work/$f"
	done
	# shellcheck disable=SC2086
	python3 tools/initramfs.py "$work/initrd" $files
	timeout 3600 qemu-system-x86_64 -cpu "$CPU" -machine pc -m $MEM -no-reboot -display none \
		-monitor none -serial "file:$work/linux.log" -kernel $L/vmlinuz -initrd "$work/initrd" \
		-append "console=ttyS0 quiet panic=-1" </dev/null >/dev/null 2>&1 || true
	grep -a '^testsuite ' "$work/linux.log" | tr -d '\r' || true
}

row() { # NAME LINE: "testsuite START END PASS FAIL" or nothing
	# shellcheck disable=SC2086 # the line's words
	set -- "$1" $2
	if [ $# -lt 6 ]; then
		printf '| %-8s | %10s | %6s | %6s |\n' "$1" none - -
		return
	fi
	printf '| %-8s | %8.1f s | %6s | %6s |\n' "$1" "$(awk -v s="$3" -v e="$4" 'BEGIN { print e - s }')" "$5" "$6"
}

m=$(masque) l=$(linux)
printf '\nBusyBox testsuite (%s), the same busybox and runtest, QEMU -machine pc -m %s,\n' \
	"${BENCH_APPLETS:-every applet}" $MEM
printf 'one CPU, -cpu %s, TCG: each guest'"'"'s own clock from start to end.\n\n' "$CPU"
printf '| %-8s | %10s | %6s | %6s |\n|----------|------------|--------|--------|\n' system time PASS FAIL
row Masque "$m"
row Linux "$l"
