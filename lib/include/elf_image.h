/*
 * The loaders' view of an x86-64 ELF64 executable: elf_parse checks everything a loader
 * trusts (offsets and sizes against the file, addresses against user space, alignment,
 * order) and describes the segments to map. It reads only the bytes it is given.
 */
#ifndef LIB_ELF_IMAGE_H
#define LIB_ELF_IMAGE_H

#include <stdint.h>

#define ELF_SEGMENTS_MAX 16	    /* PT_LOAD segments; linkers write four or five */
#define ELF_PHNUM_MAX	 1170	    /* program headers: 64 KiB of them, as Linux allows */
#define ELF_ALIGN_MAX	 0x40000000 /* largest p_align accepted (1 GiB) */
/* First byte above user space; the last page below 2^47 stays a guard. */
#define ELF_USER_END 0x00007ffffffff000ULL

/* Why a file is refused; a loader maps every one of them to ENOEXEC. */
enum elf_error {
	ELF_ERR_NOT_ELF = -1,	    /* no ELF magic */
	ELF_ERR_TRUNCATED = -2,	    /* shorter than the ELF header */
	ELF_ERR_CLASS = -3,	    /* not ELFCLASS64 */
	ELF_ERR_ENDIAN = -4,	    /* not little-endian */
	ELF_ERR_VERSION = -5,	    /* e_ident[EI_VERSION] or e_version not EV_CURRENT */
	ELF_ERR_TYPE = -6,	    /* neither ET_EXEC nor ET_DYN */
	ELF_ERR_MACHINE = -7,	    /* not EM_X86_64 */
	ELF_ERR_PHDR = -8,	    /* program header table: entry size, count or place; PT_PHDR */
	ELF_ERR_SEGMENT_FILE = -9,  /* a segment's bytes reach past the end of the file */
	ELF_ERR_SEGMENT_SIZE = -10, /* p_filesz > p_memsz */
	ELF_ERR_ADDRESS = -11,	    /* a segment wraps around or reaches out of user space */
	ELF_ERR_ALIGN = -12,	    /* bad p_align, or p_offset and p_vaddr disagree modulo it */
	ELF_ERR_OVERLAP = -13,	    /* PT_LOAD segments out of address order or sharing a page */
	ELF_ERR_TOO_MANY = -14,	    /* more than ELF_SEGMENTS_MAX PT_LOAD segments */
	ELF_ERR_DUPLICATE = -15,    /* more than one PT_PHDR, PT_INTERP or PT_TLS */
	ELF_ERR_TLS = -16,	    /* the PT_TLS image is not inside a PT_LOAD segment */
	ELF_ERR_NO_LOAD = -17,	    /* no PT_LOAD segment maps anything */
	ELF_ERR_ENTRY = -18,	    /* e_entry is not inside a PT_LOAD segment */
};

/* One PT_LOAD: memsz bytes at vaddr, the first filesz from the file at offset. */
struct elf_segment {
	uint64_t vaddr, memsz, offset, filesz;
	uint32_t prot; /* VM_PROT_* from masque/vm.h */
};

/*
 * Addresses are as in the file: for ET_DYN the loader adds a load bias, a multiple of
 * load_align. Segments are non-empty, in address order, never share a page, and lie
 * below ELF_USER_END; vaddr and offset agree modulo the page size.
 */
struct elf_image {
	uint64_t entry;	     /* inside a segment */
	uint64_t phdr_vaddr; /* the program headers in memory, for AT_PHDR (0 if not loaded) */
	uint16_t phnum, phentsize;
	int is_dyn;		       /* ET_DYN: static-PIE, position independent */
	int has_interp;		       /* PT_INTERP present: dynamically linked */
	uint64_t min_vaddr, max_vaddr; /* page-aligned span of the loadable segments */
	uint64_t load_align;	       /* largest p_align of them, at least PAGE_SIZE */
	uint64_t tls_vaddr, tls_filesz, tls_memsz, tls_align; /* PT_TLS if any, else 0 */
	uint64_t stack_prot_exec; /* PT_GNU_STACK asks for an executable stack (absent: no) */
	int nsegments;
	struct elf_segment segments[ELF_SEGMENTS_MAX]; /* PT_LOAD, in file order */
};

/* Checks the size bytes of file and describes them in *out; returns 0 or an ELF_ERR_*
 * code, and then *out is all zero. */
int elf_parse(const void *file, uint64_t size, struct elf_image *out);

/* A short English description of 0 or an ELF_ERR_* code. */
const char *elf_strerror(int err);

#endif
