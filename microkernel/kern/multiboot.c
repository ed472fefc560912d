/* Reading the boot loader's information: multiboot2 from GRUB, multiboot1 from
 * QEMU's -kernel (benchmarks). Both become one struct boot_params. */
#include <masque/error.h>
#include <string.h>
#include "kern/multiboot.h"
#include "vm/physmap.h"

#define MB1_MAGIC 0x2badb002
#define MB2_MAGIC 0x36d76289

#define MB2_TAG_END	0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE	3
#define MB2_TAG_MMAP	6

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_mmap_entry {
	uint64_t addr, len;
	uint32_t type, reserved;
};

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4], mmap_length, mmap_addr;
};

struct mb1_module {
	uint32_t start, end, string, reserved;
};

static void add_ram(struct boot_params *p, uint64_t start, uint64_t len)
{
	if (p->nranges < BOOT_RANGES_MAX && len)
		p->ram[p->nranges++] = (struct phys_range){ start, start + len };
}

static void add_module(struct boot_params *p, uint64_t start, uint64_t end, const char *name)
{
	if (p->nmodules < BOOT_MODS_MAX) {
		struct boot_module_phys *m = &p->modules[p->nmodules++];
		m->start = start;
		m->end = end;
		strlcpy(m->name, name, sizeof(m->name));
	}
}

static int parse_mb2(uint64_t info, struct boot_params *p)
{
	uint32_t total = *(uint32_t *)phys_to_virt(info);
	uint64_t pos = info + 8;

	p->info_end = info + total;
	while (pos + sizeof(struct mb2_tag) <= info + total) {
		struct mb2_tag *tag = phys_to_virt(pos);
		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_CMDLINE)
			strlcpy(p->cmdline, (const char *)(tag + 1), sizeof(p->cmdline));
		if (tag->type == MB2_TAG_MODULE) {
			uint32_t *m = (uint32_t *)(tag + 1);
			add_module(p, m[0], m[1], (const char *)(m + 2));
		}
		if (tag->type == MB2_TAG_MMAP) {
			uint32_t esize = ((uint32_t *)(tag + 1))[0];
			for (uint64_t e = pos + 16; e + esize <= pos + tag->size; e += esize) {
				struct mb2_mmap_entry *me = phys_to_virt(e);
				if (me->type == 1)
					add_ram(p, me->addr, me->len);
			}
		}
		pos += (tag->size + 7) & ~7u;
	}
	return KERN_SUCCESS;
}

/* Multiboot1 loaders pass a module's whole command line, file name first; GRUB's
 * multiboot2 passes only what follows it. The name is what follows. */
static const char *after_file_name(const char *s)
{
	const char *p = s;

	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	return *p ? p : s;
}

static int parse_mb1(uint64_t info, struct boot_params *p)
{
	struct mb1_info *mi = phys_to_virt(info);

	p->info_end = info + sizeof(*mi);
	if (mi->flags & (1 << 2))
		strlcpy(p->cmdline, phys_to_virt(mi->cmdline), sizeof(p->cmdline));
	if (mi->flags & (1 << 3)) {
		struct mb1_module *m = phys_to_virt(mi->mods_addr);
		for (uint32_t i = 0; i < mi->mods_count; i++)
			add_module(p, m[i].start, m[i].end,
				   after_file_name(phys_to_virt(m[i].string)));
	}
	if (!(mi->flags & (1 << 6)))
		return KERN_INVALID_ARGUMENT;
	for (uint64_t e = mi->mmap_addr; e < (uint64_t)mi->mmap_addr + mi->mmap_length;) {
		uint32_t size = *(uint32_t *)phys_to_virt(e);
		struct mb2_mmap_entry *me = phys_to_virt(e + 4); /* same addr/len/type layout */
		if (me->type == 1)
			add_ram(p, me->addr, me->len);
		e += size + 4;
	}
	return KERN_SUCCESS;
}

int multiboot_parse(uint32_t magic, uint64_t info, struct boot_params *out)
{
	out->nranges = out->nmodules = 0;
	out->cmdline[0] = 0;
	out->info_start = info;
	if (magic == MB2_MAGIC)
		return parse_mb2(info, out);
	if (magic == MB1_MAGIC)
		return parse_mb1(info, out);
	return KERN_INVALID_ARGUMENT;
}
