/*
 * An ELF image into an address space from its file's memory object, segment by
 * segment as elf_parse described them: nothing is read here, the pages come in on the
 * first touch from the file's pager.
 */
#include <elf_map.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <masque/vm.h>
#include <string.h>
#include <trap.h>

static const uint8_t zeros[PAGE_SIZE];

/* The file's pages of segment s: [start, file_end) of the address space. */
static int64_t map_file_part(port_name_t task, port_name_t object, const struct elf_segment *s,
			     uint64_t start, uint64_t file_end)
{
	int writable = s->prot & VM_PROT_WRITE;
	struct vm_map_args a = {
		.addr = start,
		.size = file_end - start,
		.offset = page_round_down(s->offset),
		.object = object,
		.flags = VM_FIXED | (writable ? VM_MAP_COPY : 0),
		.protection = s->prot,
		.max_protection = VM_PROT_ALL,
		.inheritance = VM_INHERIT_COPY,
	};
	int64_t r = vm_map(task, &a);

	if (r < 0)
		return r;
	/* the file's last page holds what follows the segment in the file: bss here. The
	 * write waits for the page from its pager; a wait that thread_abort broke (a signal
	 * for a process that execs: it is past the point of return) is tried again */
	uint64_t data_end = start + (s->offset & PAGE_MASK) + s->filesz;
	if (s->memsz > s->filesz && (data_end & PAGE_MASK) && writable)
		do
			r = vm_write(task, data_end, zeros, PAGE_SIZE - (data_end & PAGE_MASK));
		while (r == KERN_ABORTED);
	return r < 0 ? r : 0;
}

static int64_t map_segment(port_name_t task, port_name_t object, const struct elf_segment *s,
			   uint64_t bias)
{
	uint64_t start = page_round_down(s->vaddr + bias);
	uint64_t file_end = s->filesz ? page_round_up(s->vaddr + bias + s->filesz) : start;
	uint64_t end = page_round_up(s->vaddr + bias + s->memsz);
	int64_t r;

	if (file_end > start && (r = map_file_part(task, object, s, start, file_end)))
		return r;
	if (end == file_end)
		return 0;
	r = vm_allocate(task, file_end, end - file_end, VM_FIXED);
	if (r < 0)
		return r;
	r = vm_protect(task, file_end, end - file_end, s->prot);
	return r < 0 ? r : 0;
}

int64_t elf_map(port_name_t task, port_name_t object, const struct elf_image *im, uint64_t bias)
{
	for (int i = 0; i < im->nsegments; i++) {
		int64_t r = map_segment(task, object, &im->segments[i], bias);

		if (r)
			return r;
	}
	return 0;
}
