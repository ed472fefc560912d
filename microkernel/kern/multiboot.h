/* What the boot loader told us, from multiboot1 or multiboot2 alike, copied out of
 * the loader's memory (which the page allocator may reuse). */
#ifndef KERN_MULTIBOOT_H
#define KERN_MULTIBOOT_H

#include <stdint.h>

#define BOOT_RANGES_MAX 32
#define BOOT_MODS_MAX	64

struct phys_range {
	uint64_t start, end; /* [start, end) */
};

#define BOOT_STRING_MAX 64

struct boot_module_phys {
	uint64_t start, end;
	char name[BOOT_STRING_MAX];
};

struct boot_params {
	int nranges;
	struct phys_range ram[BOOT_RANGES_MAX]; /* usable RAM */
	int nmodules;
	struct boot_module_phys modules[BOOT_MODS_MAX];
	char cmdline[256];
	uint64_t info_start, info_end; /* the loader's info block itself */
};

/* Parse the loader's info at physical address info; 0 or a negative error. */
int multiboot_parse(uint32_t magic, uint64_t info, struct boot_params *out);

#endif
