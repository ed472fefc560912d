# The build graph of Masque. build.sh is the front door; this file says what is made
# from what. Outputs go to build/ and images/.

B := build
CC := gcc
HOST_CC := gcc
PYTHON := python3

WARN := -Wall -Wextra -Werror
GCC_INC := $(shell $(CC) -print-file-name=include)

# The kernel: freestanding, no red zone (interrupts push on the same stack), no SSE.
KCFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-mno-red-zone -mcmodel=kernel -mgeneral-regs-only -fno-omit-frame-pointer \
	-nostdinc -isystem $(GCC_INC) -Iinclude -Imicrokernel -Ilib/include -MMD -MP
KLDFLAGS := -nostdlib -static -Wl,--build-id=none,--no-warn-rwx-segments -z max-page-size=0x1000 -T microkernel/arch/x86_64/linker.ld

# Native user programs (servers, drivers, tests): freestanding against lib/.
UCFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-nostdinc -isystem $(GCC_INC) -Iinclude -Ilib/include -I$(B)/gen -MMD -MP
ULDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -T lib/user.ld

HOSTCFLAGS := -std=gnu11 -O1 -g $(WARN) -Iinclude -fsanitize=address,undefined

KERNEL_SRC := $(wildcard microkernel/*/*.c microkernel/arch/x86_64/*.c) lib/format.c lib/string.c
KERNEL_ASM := $(wildcard microkernel/arch/x86_64/*.S)
KERNEL_OBJ := $(patsubst %,$(B)/k/%.o,$(KERNEL_SRC) $(KERNEL_ASM))

.PHONY: all kernel clean
all: kernel

kernel: $(B)/masque.elf

$(B)/masque.elf: $(KERNEL_OBJ) microkernel/arch/x86_64/linker.ld
	$(CC) $(KLDFLAGS) -o $@ $(KERNEL_OBJ)

$(B)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -Imicrokernel/arch/x86_64 -c -o $@ $<

clean:
	rm -rf $(B) images/*.img

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Disk images: a staged root tree per image, then tools/mkimage.sh.
.PHONY: images
images: images/masque.img

images/masque.img: $(B)/masque.elf tools/mkimage.sh tools/grubcfg.sh
	@rm -rf $(B)/root-masque && mkdir -p $(B)/root-masque/boot/grub
	@cp $(B)/masque.elf $(B)/root-masque/boot/
	@tools/grubcfg.sh > $(B)/root-masque/boot/grub/grub.cfg
	@tools/mkimage.sh $(B)/root-masque $@ 64
