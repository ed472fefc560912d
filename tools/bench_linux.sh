#!/bin/sh
# The side-by-side runner: the static program build/bench/linux_ops (bench/linux_ops.c)
# inside Masque (tools/exec.sh) and as /init of Debian's cloud kernel, both booted by
# the same QEMU machine (-machine pc, the same -cpu and -m, one CPU) under TCG with
# -icount shift=0, where rdtsc counts instructions: the figures do not vary from run to
# run. Prints one table: operation, Masque, Linux, their ratio and the target.
# The kernel is fetched once with apt-get download into build/linux/ (never by the
# tests); MASQUE_KVM=1 runs both under KVM instead (cycles, not instructions).
set -eu
cd "$(dirname "$0")/.."
B=build
L=$B/linux
PROGRAM=$B/bench/linux_ops
MEM=512M
CPU=${MASQUE_CPU:-qemu64,+smep,+smap}
masque_log=$(mktemp)
linux_log=$(mktemp)
trap 'rm -f "$masque_log" "$linux_log"' EXIT

if [ "${MASQUE_KVM:-0}" = 1 ]; then
	accel="-enable-kvm" ticks=cycles
else
	accel="-cpu $CPU -icount shift=0" ticks=instructions
fi

# The package that holds the vmlinuz: the metapackage only depends on it.
kernel_package() {
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-.*-cloud-amd64$/ { print $2; exit }'
}

fetch_kernel() {
	[ -f $L/vmlinuz ] && return
	pkg=$(kernel_package)
	if [ -z "$pkg" ]; then
		apt-get update -q >&2
		pkg=$(kernel_package)
	fi
	[ -n "$pkg" ] || { echo "bench: no linux-image-cloud-amd64 in apt's lists" >&2; exit 1; }
	mkdir -p $L
	rm -rf $L/pkg $L/*.deb $L/vmlinuz.part
	(cd $L && apt-get download -q "$pkg" >&2)
	dpkg-deb -x $L/"$pkg"_*.deb $L/pkg
	dpkg-deb -f $L/"$pkg"_*.deb Package Version | awk '{ v = v sep $2; sep = " " } END { print v }' >$L/version
	# the vmlinuz last: its presence says the fetch is complete
	cp $L/pkg/boot/vmlinuz-* $L/vmlinuz.part
	mv $L/vmlinuz.part $L/vmlinuz
	rm -rf $L/pkg $L/*.deb
}

# Linux with the program as its init; it prints on the console and powers off.
# panic=-1: should init die instead, the machine resets, and -no-reboot ends QEMU.
run_linux() {
	python3 tools/initramfs.py $L/initramfs.cpio "init=$PROGRAM"
	# shellcheck disable=SC2086
	timeout 900 qemu-system-x86_64 $accel -machine pc -m $MEM -no-reboot \
		-display none -monitor none -serial "file:$linux_log" \
		-kernel $L/vmlinuz -initrd $L/initramfs.cpio \
		-append "console=ttyS0 quiet mitigations=off panic=-1 tsc=reliable no_timer_check" \
		</dev/null >/dev/null 2>&1 || true
}

# The same machine for Masque, and room on its disk for the 64 MiB file.
run_masque() {
	if [ "${MASQUE_KVM:-0}" = 1 ]; then
		MASQUE_MEM=$MEM MASQUE_DISK_FREE_MIB=160 tools/exec.sh $PROGRAM >"$masque_log" 2>&1 || true
	else
		MASQUE_CPU=$CPU MASQUE_MEM=$MEM MASQUE_DISK_FREE_MIB=160 \
			MASQUE_QEMU_ARGS="-icount shift=0" tools/exec.sh $PROGRAM >"$masque_log" 2>&1 || true
	fi
}

value_of() { # NAME LOG: the figure, or why there is none
	grep -a "^bench $1 " "$2" | tr -d '\r' | head -1 | cut -d' ' -f3-
}

describe() {
	case $1 in
	getpid) echo "getpid (emul-local)" ;;
	getppid) echo "getppid (process server)" ;;
	fstat) echo "fstat" ;;
	stat) echo "stat (2 components)" ;;
	open_close) echo "open+close" ;;
	pipe_round_trip) echo "pipe 1-byte round trip" ;;
	fork_exit_wait) echo "fork+exit+wait" ;;
	fork_exec_wait) echo "fork+execve+wait" ;;
	read_64mib) echo "read 64 MiB, 64 KiB calls, total" ;;
	create_unlink_1000) echo "create+unlink 1,000 files, total" ;;
	esac
}

target() {
	case $1 in
	getpid) echo 1.0 ;;
	fstat | pipe_round_trip) echo 1.5 ;;
	*) echo 2.0 ;;
	esac
}

commas() { # a figure with thousands separators; anything else as it is
	numeric "$1" || { echo "$1"; return; }
	echo "$1" | awk '{ n = $0; out = ""
		while (length(n) > 3) { out = "," substr(n, length(n) - 2) out; n = substr(n, 1, length(n) - 3) }
		print n out }'
}

numeric() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
}

row() { # NAME
	m=$(value_of "$1" "$masque_log") l=$(value_of "$1" "$linux_log") t=$(target "$1")
	ratio=- met=-
	if numeric "$m" && numeric "$l"; then
		ratio=$(awk -v m="$m" -v l="$l" 'BEGIN { printf "%.2fx", m / l }')
		met=$(awk -v m="$m" -v l="$l" -v t="$t" 'BEGIN { print (m <= t * l) ? "yes" : "no" }')
	fi
	printf '| %-34s | %14s | %14s | %7s | %7s | %3s |\n' "$(describe "$1")" \
		"$(commas "${m:-none}")" "$(commas "${l:-none}")" "$ratio" "<= ${t}x" "$met"
}

# Wall clock of a program that exits at once, from the command to QEMU's end: a bound
# from above on the time to the program's start (it also counts the power-off and
# reading its output back from the disk).
exec_wall() { # COMMAND...
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f s", e - s }'
}

fetch_kernel
run_linux
run_masque
printf '\nThe same static program (bench/linux_ops.c, musl-gcc -static) in Masque and as\n'
printf '/init of Linux (%s, files in its tmpfs),\n' "$(cat $L/version)"
if [ "${MASQUE_KVM:-0}" = 1 ]; then
	printf 'both in QEMU -machine pc -m %s, one CPU, KVM: median cycles (rdtsc);\n' $MEM
	printf 'the read and the files: totals of one run (the file just written).\n\n'
else
	printf 'both in QEMU -machine pc -m %s, one CPU, -cpu %s, TCG,\n' $MEM "$CPU"
	printf -- '-icount shift=0: median instructions (rdtsc) of 10,000 (getpid, getppid),\n'
	printf '2,000 (file calls, pipe), 200 (fork) or 100 (execve) runs; the read and the\n'
	printf 'files: totals of one run (the file just written).\n\n'
fi
printf '| %-34s | %14s | %14s | %7s | %7s | %3s |\n|%s|%s|%s|%s|%s|%s|\n' operation Masque Linux \
	ratio target met "------------------------------------" "----------------" \
	"----------------" "---------" "---------" "-----"
for op in getpid getppid fstat stat open_close pipe_round_trip fork_exit_wait fork_exec_wait \
	read_64mib create_unlink_1000; do
	row $op
done
printf '(%s; "met": Masque within the target ratio of Linux)\n' $ticks
printf '\nMasque'"'"'s files are on ext2, served by the fs-server from a virtio disk through\n'
printf 'its block cache (up to a quarter of memory: the 64 MiB file just written is read\n'
printf 'from memory); what does reach the disk (the write-back of dirty blocks within 5 s)\n'
printf 'counts under -icount in the host'"'"'s nanoseconds, and varies with its load.\n'
printf 'Linux'"'"'s files are in memory. -icount counts a rep-prefixed string instruction once\n'
printf 'per iteration (a rep movsb: once per byte).\n'
for log in "$masque_log" "$linux_log"; do
	grep -q '^bench done' "$log" && continue
	[ "$log" = "$masque_log" ] && who=Masque || who=Linux
	printf '\nThe run in %s did not finish; its last lines:\n' "$who"
	tr -d '\r' <"$log" | tail -8 | sed 's/^/  /'
done
printf '\nFrom command to program start, without KVM (wall clock of a program that exits at\n'
printf 'once, to QEMU'"'"'s end: an upper bound): ./build.sh exec %s (build up to date),\n' \
	"$(exec_wall ./build.sh exec -- $PROGRAM exit)"
printf 'tools/exec.sh alone %s (both vary with the host'"'"'s load).\n' \
	"$(exec_wall tools/exec.sh $PROGRAM exit)"
