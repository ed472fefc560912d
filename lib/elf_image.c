/*
 * The one ELF64 parser of the loaders (bootstrap's module loader, emul's execve): it
 * decides whether a file is safe to map and says how. Every size is checked against
 * the file and every address against user space before anything is reported.
 */
#include <elf.h>
#include <elf_image.h>
#include <masque/page_size.h>
#include <masque/vm.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr is 64 bytes");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr is 56 bytes");

/* What the walk over the program headers keeps besides the image. */
struct walk {
	int have_phdr, have_tls;
	uint64_t phdr_vaddr; /* PT_PHDR's */
};

/* Whether [off, off + len) lies within a file of size bytes. */
static int in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Whether [vaddr, vaddr + len) lies within user space. */
static int in_user(uint64_t vaddr, uint64_t len)
{
	return vaddr <= ELF_USER_END && len <= ELF_USER_END - vaddr;
}

/* The segment whose memory holds [vaddr, vaddr + len), counting only its file-backed
 * part if file_backed is set; NULL if there is none. */
static const struct elf_segment *segment_holding(const struct elf_image *im, uint64_t vaddr,
						 uint64_t len, int file_backed)
{
	for (int i = 0; i < im->nsegments; i++) {
		const struct elf_segment *s = &im->segments[i];
		uint64_t n = file_backed ? s->filesz : s->memsz;

		if (vaddr >= s->vaddr && vaddr - s->vaddr <= n && len <= n - (vaddr - s->vaddr))
			return s;
	}
	return NULL;
}

/* Checks the file header after the magic: the identification, the type, the machine,
 * and where the program header table lies. */
static int check_ehdr(const Elf64_Ehdr *eh, uint64_t size)
{
	uint64_t table = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);

	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return ELF_ERR_CLASS;
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return ELF_ERR_ENDIAN;
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return ELF_ERR_VERSION;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return ELF_ERR_TYPE;
	if (eh->e_machine != EM_X86_64)
		return ELF_ERR_MACHINE;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_PHNUM_MAX)
		return ELF_ERR_PHDR;
	/* A table overlapping the file header would be read as program headers. */
	if (eh->e_phoff < sizeof(Elf64_Ehdr) || !in_file(eh->e_phoff, table, size))
		return ELF_ERR_PHDR;
	return 0;
}

/* Checks what a PT_LOAD and a PT_TLS share: sizes, file range, addresses, p_align. */
static int check_segment(const Elf64_Phdr *ph, uint64_t size)
{
	if (ph->p_filesz > ph->p_memsz)
		return ELF_ERR_SEGMENT_SIZE;
	if (!in_file(ph->p_offset, ph->p_filesz, size))
		return ELF_ERR_SEGMENT_FILE;
	if (!in_user(ph->p_vaddr, ph->p_memsz))
		return ELF_ERR_ADDRESS;
	if ((ph->p_align & (ph->p_align - 1)) != 0 || ph->p_align > ELF_ALIGN_MAX)
		return ELF_ERR_ALIGN;
	return 0;
}

/* Checks a PT_LOAD on its own: it must be mappable page by page from the file. */
static int check_load(const Elf64_Phdr *ph, uint64_t size)
{
	uint64_t skew = ph->p_offset - ph->p_vaddr; /* modulo 2^64, which p_align divides */
	int err = check_segment(ph, size);

	if (err)
		return err;
	if ((skew & PAGE_MASK) != 0)
		return ELF_ERR_ALIGN;
	if (ph->p_align > 1 && (skew & (ph->p_align - 1)) != 0)
		return ELF_ERR_ALIGN;
	return 0;
}

static uint32_t prot_of(uint32_t flags)
{
	return (flags & PF_R ? VM_PROT_READ : 0) | (flags & PF_W ? VM_PROT_WRITE : 0) |
	       (flags & PF_X ? VM_PROT_EXEC : 0);
}

/* Appends a checked PT_LOAD to the image: each must start on a page above the last
 * page of the one before, so every page has one protection. */
static int add_load(struct elf_image *im, const Elf64_Phdr *ph)
{
	struct elf_segment *s;

	if (ph->p_memsz == 0)
		return 0;
	if (im->nsegments == ELF_SEGMENTS_MAX)
		return ELF_ERR_TOO_MANY;
	if (im->nsegments > 0 && page_round_down(ph->p_vaddr) < im->max_vaddr)
		return ELF_ERR_OVERLAP;
	s = &im->segments[im->nsegments++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->prot = prot_of(ph->p_flags);
	if (im->nsegments == 1)
		im->min_vaddr = page_round_down(ph->p_vaddr);
	im->max_vaddr =
		page_round_up(ph->p_vaddr + ph->p_memsz); /* at most ELF_USER_END: no wrap */
	if (ph->p_align > im->load_align)
		im->load_align = ph->p_align;
	return 0;
}

static int take_tls(struct elf_image *im, const Elf64_Phdr *ph, uint64_t size)
{
	int err = check_segment(ph, size);

	if (err)
		return err;
	im->tls_vaddr = ph->p_vaddr;
	im->tls_filesz = ph->p_filesz;
	im->tls_memsz = ph->p_memsz;
	im->tls_align = ph->p_align;
	return 0;
}

/* Takes one program header into the image; types a loader does not use are skipped. */
static int take_phdr(struct elf_image *im, struct walk *w, const Elf64_Phdr *ph, uint64_t size)
{
	int err;

	switch (ph->p_type) {
	case PT_LOAD:
		err = check_load(ph, size);
		return err ? err : add_load(im, ph);
	case PT_TLS:
		if (w->have_tls)
			return ELF_ERR_DUPLICATE;
		w->have_tls = 1;
		return take_tls(im, ph, size);
	case PT_INTERP:
		if (im->has_interp)
			return ELF_ERR_DUPLICATE;
		im->has_interp = 1;
		return in_file(ph->p_offset, ph->p_filesz, size) ? 0 : ELF_ERR_SEGMENT_FILE;
	case PT_PHDR:
		if (w->have_phdr)
			return ELF_ERR_DUPLICATE;
		w->have_phdr = 1;
		w->phdr_vaddr = ph->p_vaddr;
		return 0;
	case PT_GNU_STACK:
		im->stack_prot_exec = (ph->p_flags & PF_X) != 0;
		return 0;
	default:
		return 0;
	}
}

/* Finds where the program header table is in memory: at PT_PHDR's address, which must
 * map the table from the file, or else (as Linux does) in the PT_LOAD whose file part
 * holds the table; 0 if none does. */
static int place_phdrs(struct elf_image *im, const struct walk *w, uint64_t phoff)
{
	uint64_t table = (uint64_t)im->phnum * sizeof(Elf64_Phdr);
	const struct elf_segment *s;

	if (w->have_phdr) {
		s = segment_holding(im, w->phdr_vaddr, table, 1);
		if (s == NULL || s->offset + (w->phdr_vaddr - s->vaddr) != phoff)
			return ELF_ERR_PHDR;
		im->phdr_vaddr = w->phdr_vaddr;
		return 0;
	}
	for (int i = 0; i < im->nsegments; i++) {
		s = &im->segments[i];
		if (phoff >= s->offset && in_file(phoff - s->offset, table, s->filesz)) {
			im->phdr_vaddr = s->vaddr + (phoff - s->offset);
			return 0;
		}
	}
	return 0;
}

static int parse(const unsigned char *file, uint64_t size, struct elf_image *im)
{
	struct walk w = { 0 };
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int err;

	if (size < SELFMAG || memcmp(file, ELFMAG, SELFMAG) != 0)
		return ELF_ERR_NOT_ELF;
	if (size < sizeof(eh))
		return ELF_ERR_TRUNCATED;
	memcpy(&eh, file, sizeof(eh)); /* the file may be unaligned */
	err = check_ehdr(&eh, size);
	if (err)
		return err;
	im->entry = eh.e_entry;
	im->phnum = eh.e_phnum;
	im->phentsize = eh.e_phentsize;
	im->is_dyn = eh.e_type == ET_DYN;
	im->load_align = PAGE_SIZE;
	for (int i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, file + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		err = take_phdr(im, &w, &ph, size);
		if (err)
			return err;
	}
	if (im->nsegments == 0)
		return ELF_ERR_NO_LOAD;
	err = place_phdrs(im, &w, eh.e_phoff);
	if (err)
		return err;
	if (w.have_tls && segment_holding(im, im->tls_vaddr, im->tls_filesz, 0) == NULL)
		return ELF_ERR_TLS;
	if (segment_holding(im, im->entry, 1, 0) == NULL)
		return ELF_ERR_ENTRY;
	return 0;
}

int elf_parse(const void *file, uint64_t size, struct elf_image *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	err = parse(file, size, out);
	if (err)
		memset(out, 0, sizeof(*out));
	return err;
}

static const char *const messages[] = {
	[0] = "no error",
	[-ELF_ERR_NOT_ELF] = "not an ELF file",
	[-ELF_ERR_TRUNCATED] = "file shorter than the ELF header",
	[-ELF_ERR_CLASS] = "not a 64-bit ELF file",
	[-ELF_ERR_ENDIAN] = "not a little-endian ELF file",
	[-ELF_ERR_VERSION] = "unknown ELF version",
	[-ELF_ERR_TYPE] = "neither an executable nor a position-independent executable",
	[-ELF_ERR_MACHINE] = "not an x86-64 ELF file",
	[-ELF_ERR_PHDR] = "bad program header table",
	[-ELF_ERR_SEGMENT_FILE] = "segment extends past the end of the file",
	[-ELF_ERR_SEGMENT_SIZE] = "segment larger in the file than in memory",
	[-ELF_ERR_ADDRESS] = "segment wraps around or lies outside user space",
	[-ELF_ERR_ALIGN] = "bad segment alignment",
	[-ELF_ERR_OVERLAP] = "loadable segments overlap or are not in address order",
	[-ELF_ERR_TOO_MANY] = "too many loadable segments",
	[-ELF_ERR_DUPLICATE] = "more than one PT_PHDR, PT_INTERP or PT_TLS",
	[-ELF_ERR_TLS] = "TLS segment outside the loadable segments",
	[-ELF_ERR_NO_LOAD] = "no loadable segment",
	[-ELF_ERR_ENTRY] = "entry point outside the loadable segments",
};

const char *elf_strerror(int err)
{
	if (err > 0 || err <= -(int)(sizeof(messages) / sizeof(messages[0])))
		return "unknown ELF error";
	return messages[-err];
}
