/*
 * What the kernel hands the first task (the bootstrap): its ports and the boot
 * modules, which it maps read-only into the bootstrap's address space. A pointer to
 * struct boot_info arrives in rdi.
 */
#ifndef MASQUE_BOOT_H
#define MASQUE_BOOT_H

#include <masque/types.h>

#define BOOT_INFO_MAGIC	 0x4d415351 /* "MASQ" */
#define BOOT_MODULES_MAX 64
#define BOOT_NAME_MAX	 64
#define BOOT_CMDLINE_MAX 256

#define BOOTSTRAP_BASE 0x400000 /* the bootstrap is a flat binary loaded here */

struct boot_module {
	char name[BOOT_NAME_MAX]; /* the module's multiboot string */
	uint64_t addr, size;	  /* where it is mapped in the bootstrap */
};

struct boot_info {
	uint32_t magic;
	uint32_t module_count;
	port_name_t host; /* send right to the host port: device privileges */
	port_name_t task_self;
	port_name_t thread_self;
	uint32_t pad;
	uint64_t memory_bytes;		/* usable physical memory */
	char cmdline[BOOT_CMDLINE_MAX]; /* the kernel's command line */
	struct boot_module modules[BOOT_MODULES_MAX];
};

#endif
