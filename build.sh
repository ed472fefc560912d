#!/bin/sh
# Masque's front door: install what is missing, build, make the images, run, test, bench.
# The build graph is in the Makefile; the steps are scripts in tools/.
set -eu
cd "$(dirname "$0")"

# the command each package provides, to check without asking dpkg
COMMANDS="gcc:build-essential make:build-essential qemu-system-x86_64:qemu-system-x86
grub-mkimage:grub-common /usr/lib/grub/i386-pc/boot.img:grub-pc-bin mke2fs:e2fsprogs
sfdisk:fdisk musl-gcc:musl-tools /usr/include/linux/types.h:linux-libc-dev python3:python3
prove:perl clang-format:clang-format git:git openssl:openssl dpkg-source:dpkg-dev
bzip2:bzip2 xz:xz-utils qemu-img:qemu-utils"

say() { printf '==> %s\n' "$*"; }

usage() {
	cat <<USAGE
usage: ./build.sh COMMAND [ARGS]

  deps           install missing Debian packages (apt-get; needs root)
  build          build the kernel, servers and tests
  image          make images/masque.img and the test images
  run [login|demo]
                 build, then boot BusyBox init and a shell on the serial console in QEMU
                 on this terminal (images/shell.img); login: getty and login ask for a
                 name and password first (images/login.img); demo: the demonstration
                 (images/masque.img)
  test [LAYER]   build, then run the tests (LAYER: host, kernel, fs, compat, garbage,
                 debian, tty, busybox, install; default: all);
                 ends with a line "N passed, N failed"
  install DISK [--size SIZE] [--add HOST:GUEST]... [--swap SIZE] [--force]
                 install the system onto a disk image (raw; qcow2 when DISK ends in
                 .qcow2) that boots alone: partitions, GRUB, ext2 root, optional swap
  cp HOST DISK:/GUEST | DISK:/GUEST HOST
                 copy a file into or out of an installed disk, without booting it
  fsck DISK      check an installed disk's root file system (e2fsck -fn)
  exec [--trace] [--add HOST:GUEST]... [--] PROGRAM [ARG]...
                 run a static Linux program inside Masque: stdin in, stdout and
                 stderr out, its exit status as ours; --trace: every call
  bench          run the benchmarks (KVM when /dev/kvm opens, else TCG), then one
                 Linux program, the boot and BusyBox's testsuite in Masque and in
                 Linux side by side (TCG)
  fuzz [--seed N] [--count N]
                 the in-VM fuzzer alone, longer (default 10^6 traps, new seed)
  clean          remove build outputs
USAGE
}

deps() {
	missing=""
	for pair in $COMMANDS; do
		cmd=${pair%%:*} pkg=${pair#*:}
		case $cmd in
		/*) [ -e "$cmd" ] ;;
		*) command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [ -x "/sbin/$cmd" ] ;;
		esac || missing="$missing $pkg"
	done
	if [ -z "$missing" ]; then
		say "deps: all present"
		return
	fi
	say "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
}

build() {
	say "build: kernel, lib, servers, tests ($(nproc) jobs)"
	make -s -j"$(nproc)" all
}

image() {
	say "image: images/masque.img and the test images"
	make -s -j"$(nproc)" images
}

run() {
	deps
	build
	image
	case ${1:-shell} in
	shell) make -s images/shell.img; img=images/shell.img ;;
	login) make -s images/login.img; img=images/login.img ;;
	demo) img=images/masque.img ;;
	*) usage >&2; exit 2 ;;
	esac
	say "run: booting $img (quit: poweroff, or Ctrl-A X)"
	exec tools/qemu.sh "$img" -interactive
}

test_cmd() {
	layer=${1:-all}
	deps
	build
	image
	case $layer in
	all) dirs="tests/host tests/kernel tests/fs tests/compat tests/garbage tests/debian tests/tty tests/busybox tests/install" ;;
	host | kernel | fs | compat | garbage | debian | tty | busybox | install) dirs="tests/$layer" ;;
	*) echo "unknown test layer: $layer" >&2; exit 2 ;;
	esac
	say "test: $dirs"
	# shellcheck disable=SC2086
	PERL5LIB=tools/perl prove --formatter TAP::Formatter::Counting $dirs
}

fuzz() {
	deps
	build
	say "fuzz: tests/kernel/fuzz in images/fuzz.img"
	tools/fuzz.sh "$@"
}

# Everything but the program's own output goes to stderr: its stdout is the caller's.
exec_cmd() {
	{ deps; build; } >&2
	tools/exec.sh "$@"
}

install_cmd() {
	{ deps; build; make -s system; } >&2
	tools/install.sh "$@"
}

bench() {
	deps
	build
	image
	say "bench: IPC and trap costs"
	tools/bench.sh
	say "bench: a static Linux program in Masque and in Linux (the kernel: build/linux/)"
	tools/bench_linux.sh
	say "bench: boot to the first shell prompt, Masque and Linux"
	tools/bench_boot.sh
	say "bench: BusyBox's testsuite, Masque and Linux"
	tools/bench_testsuite.sh
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
deps) deps ;;
build) deps; build ;;
image) deps; build; image ;;
run) run "$@" ;;
test) test_cmd "$@" ;;
exec) exec_cmd "$@" ;;
install) install_cmd "$@" ;;
cp) deps >&2; tools/diskcp.sh "$@" ;;
fsck) deps >&2; tools/diskfsck.sh "$@" ;;
bench) bench ;;
fuzz) fuzz "$@" ;;
clean) say "clean"; make -s clean ;;
-h | --help | help | "") usage ;;
*) usage >&2; exit 2 ;;
esac
