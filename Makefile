# The build graph of Masque. build.sh is the front door; this file says what is made
# from what. Outputs go to build/ and images/.

B := build
CC := gcc
PYTHON := python3

WARN := -Wall -Wextra -Werror
GCC_INC := $(shell $(CC) -print-file-name=include)

# The kernel: freestanding, no red zone (interrupts push on the same stack), no SSE. It
# sees the ABI (include/) and the code it shares with native programs (common/), never
# the user runtime (lib/).
# Code is made at the link (-flto), so the link takes the code-making flags too: the
# message path crosses ipc/, sched/, task/ and vm/, and inlines across them.
KCODE := -O2 -g -flto=auto -ffreestanding -fno-pic -fno-pie -fno-stack-protector -mno-red-zone \
	-mcmodel=kernel -mgeneral-regs-only
KCFLAGS := -std=gnu11 $(KCODE) $(WARN) \
	-nostdinc -isystem $(GCC_INC) -Iinclude -Imicrokernel -Icommon/include -DMASQUE_KERNEL -MMD -MP
KLDFLAGS := $(KCODE) $(WARN) -nostdlib -static -Wl,--build-id=none,--no-warn-rwx-segments \
	-z max-page-size=0x1000 -T microkernel/arch/x86_64/linker.ld

# Native user programs (bootstrap, servers, drivers, tests): freestanding against lib/
# and common/, with the generated stubs and the Linux UAPI headers (errno values) in
# reach.
UCODE := -O2 -g -flto=auto -ffat-lto-objects -ffreestanding -fno-pic -fno-pie -fno-stack-protector -mgeneral-regs-only
UCFLAGS := -std=gnu11 $(UCODE) $(WARN) \
	-nostdinc -isystem $(GCC_INC) -Iinclude -Ilib/include -Icommon/include -I$(B)/gen \
	-idirafter $(B)/linux-include -MMD -MP
# (main may be int main(void), as C allows, while lib/start.c passes it two arguments.)
ULDFLAGS := $(UCODE) $(WARN) -Wno-lto-type-mismatch -Wno-maybe-uninitialized -nostdlib -static -no-pie -Wl,--build-id=none -z max-page-size=0x1000 -T lib/user.ld

.PHONY: all kernel images clean
all: kernel

clean:
	rm -rf $(B) images/*.img

# --- the kernel ---------------------------------------------------------------------

KERNEL_SRC := $(wildcard microkernel/*/*.c microkernel/arch/x86_64/*.c common/*.c)
KERNEL_ASM := $(wildcard microkernel/arch/x86_64/*.S)
KERNEL_OBJ := $(patsubst %,$(B)/k/%.o,$(KERNEL_SRC) $(KERNEL_ASM))

# The protocols the kernel speaks (it sends their requests): tools/ifgen.py
# --kernel-sender writes the kernel's side, NAME_ksend.h and NAME_ksend.c, into
# $(B)/kgen; the user side receives them with the ordinary generated demultiplexers.
IFGEN := tools/ifgen.py tools/ifgen_defs.py tools/ifgen_ksend.py
KERNEL_DEFS := pager default_pager exc notify irq cpu_alarm
KGEN_H := $(patsubst %,$(B)/kgen/%_ksend.h,$(KERNEL_DEFS))
KGEN_OBJ := $(patsubst %,$(B)/k/kgen/%_ksend.c.o,$(KERNEL_DEFS))
KERNEL_OBJ += $(KGEN_OBJ)
KCFLAGS += -I$(B)/kgen

$(B)/kgen/%_ksend.h $(B)/kgen/%_ksend.c: interfaces/%.defs interfaces/subsystems $(IFGEN)
	@mkdir -p $(B)/kgen
	$(PYTHON) tools/ifgen.py --kernel-sender $< --out $(B)/kgen

$(B)/k/kgen/%.c.o: $(B)/kgen/%.c | $(KGEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

kernel: $(B)/masque.elf

$(B)/masque.elf: $(KERNEL_OBJ) microkernel/arch/x86_64/linker.ld
	$(CC) $(KLDFLAGS) -o $@ $(KERNEL_OBJ)

$(B)/k/%.c.o: %.c | $(KGEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -Imicrokernel/arch/x86_64 -c -o $@ $<

# The trap reference, made from the trap list.
$(B)/doc/traps.md: include/masque/traps.h tools/trapdoc.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/trapdoc.py $< > $@
all: $(B)/doc/traps.md

# --- server protocols ---------------------------------------------------------------
# tools/ifgen.py writes NAME.h, NAME_client.c and NAME_server.c from interfaces/NAME.defs.
# Client stubs go into libmasque.a; a server links its own NAME_server.c.

DEFS := $(wildcard interfaces/*.defs)
GEN_H := $(patsubst interfaces/%.defs,$(B)/gen/%.h,$(DEFS))
GEN_CLIENT_OBJ := $(patsubst interfaces/%.defs,$(B)/u/gen/%_client.c.o,$(DEFS))

$(B)/gen/%.h $(B)/gen/%_client.c $(B)/gen/%_server.c: interfaces/%.defs interfaces/subsystems $(IFGEN)
	@mkdir -p $(B)/gen
	$(PYTHON) tools/ifgen.py $< --out $(B)/gen

# Linux UAPI headers (errno values, structures) for native code, which sees no system
# headers otherwise.
LINUX_INC := $(B)/linux-include
$(LINUX_INC)/.made:
	@mkdir -p $(LINUX_INC)
	@ln -sfn /usr/include/linux $(LINUX_INC)/linux
	@ln -sfn /usr/include/asm-generic $(LINUX_INC)/asm-generic
	@ln -sfn /usr/include/x86_64-linux-gnu/asm $(LINUX_INC)/asm
	@touch $@

# --- native programs ----------------------------------------------------------------

$(B)/u/%.c.o: %.c | $(GEN_H) $(LINUX_INC)/.made
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/u/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/u/gen/%.c.o: $(B)/gen/%.c | $(GEN_H) $(LINUX_INC)/.made
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

# The compiler itself may call memcpy and memset after link-time optimization has
# chosen the archive members: they stay ordinary object code, always at hand.
$(B)/u/common/string.c.o: UCFLAGS += -fno-lto
$(B)/e/common/string.c.o: ECFLAGS += -fno-lto

# The runtime: every program links start.o (the bootstrap has its own entry) and
# libmasque.a, which holds lib/ and common/.
LIB_SRC := $(filter-out lib/start.S lib/start.c,$(wildcard lib/*.c lib/*.S)) $(wildcard common/*.c)
LIB_OBJ := $(patsubst %,$(B)/u/%.o,$(LIB_SRC))
START_OBJ := $(B)/u/lib/start.S.o $(B)/u/lib/start.c.o

$(B)/libmasque.a: $(LIB_OBJ) $(GEN_CLIENT_OBJ)
	@rm -f $@
	gcc-ar rcs $@ $^

# native_program(OUT, SOURCES): build/OUT.elf from the sources (.c, or generated .c).
objects = $(foreach s,$(1),$(if $(filter $(B)/gen/%,$(s)),$(s:$(B)/gen/%=$(B)/u/gen/%.o),$(B)/u/$(s).o))
define native_program
$(B)/$(1).elf: $(call objects,$(2)) $(START_OBJ) $(B)/libmasque.a lib/user.ld
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ULDFLAGS) -o $$@ $(START_OBJ) $(call objects,$(2)) $(B)/libmasque.a
all: $(B)/$(1).elf
endef

# The bootstrap runs as a flat binary (the kernel knows no ELF): bss included.
BOOTSTRAP_OBJ := $(patsubst %,$(B)/u/%.o,$(wildcard bootstrap/*.c bootstrap/*.S)) \
	$(B)/u/gen/ns_server.c.o $(B)/u/gen/notify_server.c.o

$(B)/bootstrap.elf: $(BOOTSTRAP_OBJ) $(B)/libmasque.a lib/user.ld
	$(CC) $(ULDFLAGS) -o $@ $(BOOTSTRAP_OBJ) $(B)/libmasque.a

$(B)/bootstrap.bin: $(B)/bootstrap.elf
	objcopy -O binary --set-section-flags .bss=alloc,load,contents $< $@

all: $(B)/bootstrap.bin

# The default pager.
PAGER := $(B)/pager/pager.elf
$(eval $(call native_program,pager/pager,$(wildcard pager/*.c) $(B)/gen/pager_server.c $(B)/gen/default_pager_server.c))

# The demonstration the run image boots into, until there is a shell.
DEMO := $(B)/demo/echo_server.elf $(B)/demo/echo_client.elf $(B)/demo/ls.elf
$(eval $(call native_program,demo/ls,demo/ls.c))
$(eval $(call native_program,demo/echo_server,demo/echo_server.c $(B)/gen/echo_server.c))
$(eval $(call native_program,demo/echo_client,demo/echo_client.c))

# User-level drivers, started by the boot scripts (module names: the file names).
DRIVERS := $(B)/drivers/virtio_blk.elf
$(eval $(call native_program,drivers/virtio_blk,$(wildcard drivers/virtio-blk/*.c) $(B)/gen/block_server.c $(B)/gen/irq_server.c))

# The fs-server: the ext2 and tmpfs libraries (fs-server/ext2/, fs-server/tmpfs/) and the
# server around them.
FS_SERVER := $(B)/fs-server/fs_server.elf
$(eval $(call native_program,fs-server/fs_server,$(wildcard fs-server/*.c fs-server/ext2/*.c fs-server/tmpfs/*.c) $(B)/gen/fs_server.c $(B)/gen/notify_server.c $(B)/gen/pager_server.c))

# The Linux personality. emul is mapped into every Linux process at EMUL_BASE
# (emul/layout.h), far above the program, so it is compiled position-independent
# (no 32-bit absolute addresses) and linked there with the runtime pieces it needs,
# compiled the same way (the linker may not turn GOT loads into 32-bit immediates:
# --no-relax); it keeps a reply port per thread (emul/thread.c), not
# lib/reply_port.c's one per task.
ECFLAGS := $(filter-out -fno-pic -fno-pie,$(UCFLAGS)) -fpie
ECODE := $(filter-out -fno-pic -fno-pie,$(UCODE)) -fpie
EMUL := $(B)/emul/emul.elf
EMUL_LIB := lib/ipc.c lib/rpc.c lib/elf_image.c lib/elf_map.c lib/console.c lib/self.c \
	lib/fs_path.c \
	$(wildcard common/*.c) $(B)/gen/fs_client.c $(B)/gen/proc_client.c $(B)/gen/pipe_client.c \
	$(B)/gen/tty_client.c
EMUL_OBJ := $(patsubst %,$(B)/e/%.o,$(wildcard emul/*.c emul/*.S) $(EMUL_LIB:$(B)/%=%))

# Linux's system-call numbers and names, from the UAPI header: X(number, name) lines.
$(B)/gen/linux_syscalls.inc: /usr/include/x86_64-linux-gnu/asm/unistd_64.h
	@mkdir -p $(dir $@)
	sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$$/X(\2, \1)/p' $< > $@

# Linux's errno names, for --trace: X(number, name) lines.
$(B)/gen/linux_errnos.inc: /usr/include/asm-generic/errno-base.h /usr/include/asm-generic/errno.h
	@mkdir -p $(dir $@)
	cat $^ | sed -n 's/^#define[[:space:]]*\(E[A-Z0-9]*\)[[:space:]]*\([0-9][0-9]*\).*/X(\2, \1)/p' > $@

$(B)/e/gen/%.c.o: $(B)/gen/%.c | $(GEN_H) $(LINUX_INC)/.made
	@mkdir -p $(dir $@)
	$(CC) $(ECFLAGS) -c -o $@ $<

$(B)/e/%.c.o: %.c | $(GEN_H) $(LINUX_INC)/.made $(B)/gen/linux_syscalls.inc $(B)/gen/linux_errnos.inc
	@mkdir -p $(dir $@)
	$(CC) $(ECFLAGS) -c -o $@ $<

$(B)/e/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ECFLAGS) -c -o $@ $<

# Functions of emul that a program calls itself, as a forger would
# (tests/compat/masque/forge.c): kept whole under their names, whatever the link inlines.
EMUL_CALLED := -Wl,-u,fd_handle,-u,rpc_proc_exec_setid,-u,rpc_proc_vfork_share

$(EMUL): $(EMUL_OBJ) emul/emul.ld
	@mkdir -p $(dir $@)
	$(CC) $(ECODE) $(WARN) -Wno-maybe-uninitialized -nostdlib -static -no-pie -Wl,--build-id=none,--no-relax \
		$(EMUL_CALLED) -z max-page-size=0x1000 -T emul/emul.ld -o $@ $(EMUL_OBJ)
all: $(EMUL)

# The pipe server.
PIPE_SERVER := $(B)/pipe-server/pipe_server.elf
$(eval $(call native_program,pipe-server/pipe_server,$(wildcard pipe-server/*.c) \
	$(B)/gen/fs_server.c $(B)/gen/pipe_server.c $(B)/gen/notify_server.c))

# The process server.
PROC_SERVER := $(B)/proc-server/proc_server.elf
$(eval $(call native_program,proc-server/proc_server,$(wildcard proc-server/*.c) \
	$(B)/gen/proc_server.c $(B)/gen/exc_server.c $(B)/gen/notify_server.c \
	$(B)/gen/fs_server.c $(B)/gen/mounted_server.c $(B)/gen/cpu_alarm_server.c))

# The terminal server.
TTY_SERVER := $(B)/tty-server/tty_server.elf
$(eval $(call native_program,tty-server/tty_server,$(wildcard tty-server/*.c) \
	$(B)/gen/fs_server.c $(B)/gen/device_server.c $(B)/gen/tty_server.c $(B)/gen/irq_server.c \
	$(B)/gen/notify_server.c))

# The block-device server.
BLKDEV_SERVER := $(B)/blkdev-server/blkdev_server.elf
$(eval $(call native_program,blkdev-server/blkdev_server,$(wildcard blkdev-server/*.c) \
	$(B)/gen/fs_server.c $(B)/gen/device_server.c $(B)/gen/notify_server.c))

# In-VM kernel tests: one program per tests/kernel/NAME.c with a main, linked with the
# shared test helpers.
# The fuzzer is in parts (tests/kernel/fuzz_*.c), linked into tests/fuzz.
KTEST_HELPERS := tests/kernel/tap.c tests/kernel/msgs.c
FUZZ_PARTS := $(wildcard tests/kernel/fuzz_*.c)
KTESTS := $(filter-out $(KTEST_HELPERS) $(FUZZ_PARTS),$(wildcard tests/kernel/*.c))
KTEST_ELF := $(patsubst tests/kernel/%.c,$(B)/tests/%.elf,$(KTESTS))
# The generated demultiplexers a test serves with: KTEST_SERVERS_NAME.
KTEST_SERVERS_fault := exc
KTEST_SERVERS_ipc := notify
KTEST_SERVERS_serve := echo
KTEST_SERVERS_vm := pager
ktest_servers = $(patsubst %,$(B)/gen/%_server.c,$(KTEST_SERVERS_$(1)))
$(foreach t,$(KTESTS),$(eval $(call native_program,tests/$(basename $(notdir $(t))),$(t) \
	$(KTEST_HELPERS) $(call ktest_servers,$(basename $(notdir $(t)))) \
	$(if $(filter tests/kernel/fuzz.c,$(t)),$(FUZZ_PARTS)))))

# Benchmarks: native programs run by tools/bench.sh.
BENCH_ELF := $(B)/bench/ipc.elf $(B)/bench/vm.elf $(B)/bench/fs.elf
$(eval $(call native_program,bench/ipc,bench/ipc.c bench/measure.c))
$(eval $(call native_program,bench/vm,bench/vm.c bench/measure.c))
$(eval $(call native_program,bench/fs,bench/fs.c bench/measure.c))
# The side-by-side benchmark: a static Linux program, run in Masque and in Linux by
# tools/bench_linux.sh.
$(B)/bench/linux_ops: bench/linux_ops.c bench/measure.c bench/measure.h
	@mkdir -p $(dir $@)
	musl-gcc -static -O2 $(WARN) -o $@ bench/linux_ops.c bench/measure.c
all: $(B)/bench/linux_ops

# --- ports and the root tree -------------------------------------------------------
# Third-party software built from Debian's sources (ports/NAME, see ports/README.md):
# tools/port.sh rebuilds one only when its inputs changed, into $(B)/ports/NAME/root.
# The root tree of the system ($(B)/rootfs: rootfs/ and the ports) is what the run image
# and ./build.sh exec start from.
PORTS := busybox e2fsprogs
PORT_STAMPS := $(patsubst %,$(B)/ports/%/stamp,$(PORTS))
define port
$(B)/ports/$(1)/stamp: $(wildcard ports/$(1)/* ports/$(1)/patches/*) tools/port.sh tools/debsrc.sh
	@tools/port.sh $(1)
endef
$(foreach p,$(PORTS),$(eval $(call port,$(p))))

ROOTFS := $(B)/rootfs.made
$(ROOTFS): $(PORT_STAMPS) $(shell find rootfs/etc) rootfs/layout tools/rootfs.sh
	@tools/rootfs.sh $(B)/rootfs $(PORT_STAMPS:%/stamp=%/root)
	@touch $@
all: $(ROOTFS)

# --- disk images --------------------------------------------------------------------
# A staged root tree per image, then tools/mkimage.sh. The boot modules are files in
# /boot of the ext2 partition, which GRUB loads.

# stage(TREE, BOOT_CONF, PROGRAMS): the kernel, the bootstrap, the boot script and the
# programs it names, and a grub.cfg that loads them all.
define stage
	@rm -rf $(1) && mkdir -p $(1)/boot/grub
	@cp $(B)/masque.elf $(1)/boot/
	@cp $(B)/bootstrap.bin $(1)/boot/bootstrap
	@cp $(2) $(1)/boot/boot.conf
	@for p in $(3); do cp $$p $(1)/boot/$$(basename $$p .elf); done
	@tools/grubcfg.sh bootstrap boot.conf $(notdir $(basename $(3))) > $(1)/boot/grub/grub.cfg
endef

# where tools/mkimage.sh starts the root partition (sector 2048), for debugfs
ROOT_OFFSET := 1048576
IMAGE_TOOLS := tools/mkimage.sh tools/grubcfg.sh tools/grubboot.sh tools/devnodes.sh
images: images/masque.img images/test.img images/swap.img images/fs.img images/fs-bench.img images/fs-corrupt.img images/fs-crash.img images/fs-stress.img

# The file-system benchmark (bench/fs.c) runs against the fs-server on scratch disks
# that tools/bench.sh makes.
images/bench.img: $(B)/masque.elf $(B)/bootstrap.bin $(BENCH_ELF) $(DRIVERS) $(FS_SERVER) bench/boot.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-bench,bench/boot.conf,$(BENCH_ELF) $(DRIVERS) $(FS_SERVER))
	@tools/mkimage.sh $(B)/root-bench $@ 64

# The run image carries the root tree (and emul, which every Linux process maps) beside
# what it boots.
images/masque.img: $(B)/masque.elf $(B)/bootstrap.bin $(DEMO) $(DRIVERS) $(FS_SERVER) $(EMUL) $(ROOTFS) rootfs/boot/boot.conf $(IMAGE_TOOLS) tools/owners.sh
	$(call stage,$(B)/root-masque,rootfs/boot/boot.conf,$(DRIVERS) $(FS_SERVER) $(DEMO))
	@cp -a $(B)/rootfs/. $(B)/root-masque/
	@mkdir -p $(B)/root-masque/lib/masque && cp $(EMUL) $(B)/root-masque/lib/masque/emul
	@tools/mkimage.sh $(B)/root-masque $@ 64
	@tools/owners.sh "$@?offset=$(ROOT_OFFSET)"

# What `./build.sh run` boots: the root tree with BusyBox init as process 1, which
# respawns a shell on the serial console (rootfs/boot/shell.conf, rootfs/etc/inittab).
SHELL_SERVERS := $(DRIVERS) $(FS_SERVER) $(PIPE_SERVER) $(TTY_SERVER) $(PROC_SERVER) $(BLKDEV_SERVER)
images/shell.img: $(B)/masque.elf $(B)/bootstrap.bin $(SHELL_SERVERS) $(EMUL) $(ROOTFS) rootfs/boot/shell.conf $(IMAGE_TOOLS) tools/owners.sh
	$(call stage,$(B)/root-shell,rootfs/boot/shell.conf,$(SHELL_SERVERS))
	@cp -a $(B)/rootfs/. $(B)/root-shell/
	@mkdir -p $(B)/root-shell/lib/masque && cp $(EMUL) $(B)/root-shell/lib/masque/emul
	@tools/mkimage.sh $(B)/root-shell $@ 64
	@tools/owners.sh "$@?offset=$(ROOT_OFFSET)"
images: images/shell.img

# The same system with getty and login on the console (`./build.sh run login`): the run
# image's root tree with rootfs/login laid over it (its /etc/inittab).
images/login.img: $(B)/masque.elf $(B)/bootstrap.bin $(SHELL_SERVERS) $(EMUL) $(ROOTFS) $(shell find rootfs/login) rootfs/boot/shell.conf $(IMAGE_TOOLS) tools/owners.sh
	$(call stage,$(B)/root-login,rootfs/boot/shell.conf,$(SHELL_SERVERS))
	@cp -a $(B)/rootfs/. $(B)/root-login/
	@cp -R rootfs/login/. $(B)/root-login/
	@mkdir -p $(B)/root-login/lib/masque && cp $(EMUL) $(B)/root-login/lib/masque/emul
	@tools/mkimage.sh $(B)/root-login $@ 64
	@tools/owners.sh "$@?offset=$(ROOT_OFFSET)"
images: images/login.img

# The installed system: what `./build.sh run` boots (its boot script and servers) with
# the whole root tree, emul and GRUB's boot images (for rootfs/sbin/masque-install),
# staged once in $(B)/root-system. tools/install.sh puts
# it on a disk; a change to what the run image boots changes what is installed.
SYSTEM_CONF := rootfs/boot/shell.conf
SYSTEM := $(B)/root-system.made
$(SYSTEM): $(B)/masque.elf $(B)/bootstrap.bin $(SHELL_SERVERS) $(EMUL) $(ROOTFS) $(SYSTEM_CONF) $(IMAGE_TOOLS) tools/masque-install.sh
	$(call stage,$(B)/root-system,$(SYSTEM_CONF),$(SHELL_SERVERS))
	@cp -a $(B)/rootfs/. $(B)/root-system/
	@mkdir -p $(B)/root-system/lib/masque && cp $(EMUL) $(B)/root-system/lib/masque/emul
	@tools/grubboot.sh $(B)/root-system/boot/grub/i386-pc
	@cp tools/masque-install.sh $(B)/root-system/sbin/masque-install
	@touch $@
system: $(SYSTEM)
images: $(SYSTEM)
.PHONY: system

images/test.img: $(B)/masque.elf $(B)/bootstrap.bin $(KTEST_ELF) $(DRIVERS) tests/kernel/boot.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-test,tests/kernel/boot.conf,$(KTEST_ELF) $(DRIVERS))
	@tools/mkimage.sh $(B)/root-test $@ 400 320

# The fs-server's tests (tests/fs/NAME.c, with the kernel tests' TAP helpers) boot with
# the disk driver and the fs-server; tests/fs/fs.t gives them a second disk.
FS_TEST_SRC := $(wildcard tests/fs/*.c)
FS_TESTS := $(patsubst tests/fs/%.c,$(B)/tests/fs/%.elf,$(FS_TEST_SRC))
$(foreach t,$(FS_TEST_SRC),$(eval $(call native_program,tests/fs/$(basename $(notdir $(t))),$(t) tests/kernel/tap.c)))
images/fs.img: $(B)/masque.elf $(B)/bootstrap.bin $(FS_TESTS) $(DRIVERS) $(FS_SERVER) tests/fs/boot.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-fs,tests/fs/boot.conf,$(FS_TESTS) $(DRIVERS) $(FS_SERVER))
	@tools/mkimage.sh $(B)/root-fs $@ 64

# The compatibility corpus: each tests/compat/NAME.c built static with musl and with
# glibc; images/compat.img boots with the fs-server on its own partition and runs
# each under the process server (stdout and stderr to files in /out/NAME, which
# tests/compat/compat.t compares with the same binary's output on this Linux).
COMPAT_NAMES := $(basename $(notdir $(wildcard tests/compat/*.c)))
COMPAT_BINS := $(foreach n,$(COMPAT_NAMES),$(B)/compat/bin/$(n)-musl $(B)/compat/bin/$(n)-glibc)
$(B)/compat/bin/%-musl: tests/compat/%.c
	@mkdir -p $(dir $@)
	musl-gcc -static -O2 -Wall -Werror -o $@ $<
$(B)/compat/bin/%-glibc: tests/compat/%.c
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -Werror -o $@ $<
$(B)/compat/boot.conf: Makefile $(wildcard tests/compat/*.c)
	@mkdir -p $(dir $@)
	@{ echo "start -p virtio_blk"; echo "wait disk0p1"; echo "start -p fs_server disk0p1"; \
	  echo "wait fs"; echo "start pipe_server"; echo "wait pipe"; \
	  echo "start -p tty_server"; echo "wait tty"; \
	  for b in $(notdir $(COMPAT_BINS)); do \
	  echo "run timeout=120 proc_server -m -o /out/$$b /compat/$$b $$(cat tests/compat/$${b%-*}.args 2>/dev/null)"; \
	  done; echo "poweroff 0"; } > $@
images/compat.img: $(B)/masque.elf $(B)/bootstrap.bin $(DRIVERS) $(FS_SERVER) $(PIPE_SERVER) $(TTY_SERVER) $(PROC_SERVER) $(EMUL) $(COMPAT_BINS) $(B)/compat/boot.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-compat,$(B)/compat/boot.conf,$(DRIVERS) $(FS_SERVER) $(PIPE_SERVER) $(TTY_SERVER) $(PROC_SERVER))
	@mkdir -p $(B)/root-compat/lib/masque $(B)/root-compat/compat $(B)/root-compat/out \
		$(B)/root-compat/proc
	@cp $(EMUL) $(B)/root-compat/lib/masque/emul
	@cp $(COMPAT_BINS) $(B)/root-compat/compat/
	@tools/mkimage.sh $(B)/root-compat $@ 128
images: images/compat.img

# Masque-only programs of tests/compat (tests/compat/masque/NAME.c), run by NAME.t
# through ./build.sh exec: what a program can do to its own emul, and mounts.
$(B)/compat/masque/%: tests/compat/masque/%.c tests/compat/masque/points.h | $(LINUX_INC)/.made
	@mkdir -p $(dir $@)
	musl-gcc -static -O2 -Wall -Wextra -Werror -idirafter $(LINUX_INC) -o $@ $<
all: $(B)/compat/masque/forge $(B)/compat/masque/nosuid $(B)/compat/masque/bind \
	$(B)/compat/masque/reread $(B)/compat/masque/loop $(B)/compat/masque/tmpfs

# Garbage to every Linux call (tests/garbage/garbage.t): tests/garbage/garbage.c built
# static with musl, run under the process server with the fs-server and the pipe server.
GARBAGE := $(B)/garbage/garbage
$(GARBAGE): tests/garbage/garbage.c
	@mkdir -p $(dir $@)
	musl-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<
all: $(GARBAGE)
images/garbage.img: $(B)/masque.elf $(B)/bootstrap.bin $(DRIVERS) $(FS_SERVER) $(PIPE_SERVER) $(PROC_SERVER) $(EMUL) $(GARBAGE) tests/garbage/boot.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-garbage,tests/garbage/boot.conf,$(DRIVERS) $(FS_SERVER) $(PIPE_SERVER) $(PROC_SERVER))
	@mkdir -p $(B)/root-garbage/lib/masque $(B)/root-garbage/garbage $(B)/root-garbage/out
	@cp $(EMUL) $(B)/root-garbage/lib/masque/emul
	@cp $(GARBAGE) $(B)/root-garbage/garbage/
	@tools/mkimage.sh $(B)/root-garbage $@ 128
images: images/garbage.img

# The file-system benchmark, short, as a test (tests/fs/bench.t).
images/fs-bench.img: $(B)/masque.elf $(B)/bootstrap.bin $(B)/bench/fs.elf $(DRIVERS) $(FS_SERVER) tests/fs/bench.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-fs-bench,tests/fs/bench.conf,$(B)/bench/fs.elf $(DRIVERS) $(FS_SERVER))
	@tools/mkimage.sh $(B)/root-fs-bench $@ 64

# The fs-server on corrupted disks: its own client, with tests/fs/corrupt.t's disks.
CORRUPT_TEST := $(B)/tests/fs/corrupt_client.elf
images/fs-corrupt.img: $(B)/masque.elf $(B)/bootstrap.bin $(CORRUPT_TEST) $(DRIVERS) $(FS_SERVER) tests/fs/corrupt.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-fs-corrupt,tests/fs/corrupt.conf,$(CORRUPT_TEST) $(DRIVERS) $(FS_SERVER))
	@tools/mkimage.sh $(B)/root-fs-corrupt $@ 64

# The crash test boots the writer alone (tests/fs/crash.t kills the machine).
images/fs-crash.img: $(B)/masque.elf $(B)/bootstrap.bin $(B)/tests/fs/crash_writer.elf $(DRIVERS) $(FS_SERVER) tests/fs/crash.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-fs-crash,tests/fs/crash.conf,$(B)/tests/fs/crash_writer.elf $(DRIVERS) $(FS_SERVER))
	@tools/mkimage.sh $(B)/root-fs-crash $@ 64

# The stress run (tests/fs/stress.t): fs_stress alone, with the driver and the fs-server.
FS_STRESS := $(B)/tests/fs/fs_stress.elf $(DRIVERS) $(FS_SERVER)
images/fs-stress.img: $(B)/masque.elf $(B)/bootstrap.bin $(FS_STRESS) tests/fs/stress.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-fs-stress,tests/fs/stress.conf,$(FS_STRESS))
	@tools/mkimage.sh $(B)/root-fs-stress $@ 64

# The long fuzz run (tools/fuzz.sh writes its boot script).
images/fuzz.img: $(B)/masque.elf $(B)/bootstrap.bin $(B)/tests/fuzz.elf $(B)/fuzz/boot.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-fuzz,$(B)/fuzz/boot.conf,$(B)/tests/fuzz.elf)
	@tools/mkimage.sh $(B)/root-fuzz $@ 64

# The swap tests boot alone in 64 MiB, with the default pager on the swap partition.
SWAP_TESTS := $(B)/tests/pagestall.elf $(B)/tests/swap.elf
images/swap.img: $(B)/masque.elf $(B)/bootstrap.bin $(SWAP_TESTS) $(DRIVERS) $(PAGER) tests/kernel/swap.conf $(IMAGE_TOOLS)
	$(call stage,$(B)/root-swap,tests/kernel/swap.conf,$(SWAP_TESTS) $(DRIVERS) $(PAGER))
	@tools/mkimage.sh $(B)/root-swap $@ 400 320

-include $(shell find $(B)/k $(B)/u $(B)/e -name '*.d' -type f 2>/dev/null)
.SECONDARY:
