/*
 * Host test of lib/elf_image.c, run by elf_image.t: binaries built at test time are
 * checked against readelf and the AT_PHDR Linux gave them when they ran; then corrupted
 * copies must either fail with an ELF_ERR_* code or parse to an image that keeps every
 * invariant a loader relies on. Prints TAP. Usage: elf_image MANIFEST [SEED]
 */
#include <elf.h>
#include <elf_image.h>
#include <masque/page_size.h>
#include <masque/vm.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE	    ((uint64_t)PAGE_SIZE)
#define PHSIZE	    ((uint64_t)sizeof(Elf64_Phdr))
#define FUZZ_ROUNDS 10000
#define DIAG_MAX    8 /* diagnostics shown per test point */

/* What the tools say about a sample: readelf -hlW, and AT_PHDR - AT_ENTRY from its run. */
struct expect {
	int is_dyn, has_interp, has_tls, has_phdr, has_auxv, stack_exec;
	uint64_t entry, phoff, phdr, auxv_delta, load_align;
	unsigned phnum, phentsize;
	uint64_t tls_offset, tls_vaddr, tls_filesz, tls_memsz, tls_align;
	uint64_t interp_offset, interp_filesz;
	int nloads;
	struct elf_segment loads[ELF_SEGMENTS_MAX];
};

struct sample {
	char name[64];
	unsigned char *file;
	uint64_t size;
	Elf64_Ehdr eh;
	struct expect want;
	struct elf_image im; /* of the intact file */
};

static int tests_run, problems, diags;
static uint64_t fuzz_seed = 0x5eed0e1f;

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
	va_list ap;

	if (diags++ >= DIAG_MAX)
		return;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputs("\n", stdout);
	va_end(ap);
}

static uint64_t page_down(uint64_t a)
{
	return a & ~(PAGE - 1);
}

static uint64_t page_up(uint64_t a)
{
	return page_down(a + PAGE - 1);
}

static int is_pow2_or_zero(uint64_t x)
{
	return (x & (x - 1)) == 0;
}

/* Whether a segment's memory (or only its file part) holds [addr, addr + len). */
static int holds(const struct elf_segment *g, uint64_t addr, uint64_t len, int file_part)
{
	uint64_t hi = g->vaddr + (file_part ? g->filesz : g->memsz);

	return addr >= g->vaddr && addr <= hi && len <= hi - addr;
}

static const struct elf_segment *holder(const struct elf_image *im, uint64_t addr, uint64_t len,
					int file_part)
{
	for (int i = 0; i < im->nsegments; i++)
		if (holds(&im->segments[i], addr, len, file_part))
			return &im->segments[i];
	return NULL;
}

static Elf64_Phdr phdr_of(const unsigned char *f, uint64_t phoff, int i)
{
	Elf64_Phdr ph;

	memcpy(&ph, f + phoff + i * PHSIZE, sizeof(ph));
	return ph;
}

static void set_phdr(unsigned char *f, uint64_t phoff, int i, const Elf64_Phdr *ph)
{
	memcpy(f + phoff + i * PHSIZE, ph, sizeof(*ph));
}

/* ---- Invariants: what a loader trusts about a successful parse ---- */

static const char *broken_segment(const struct elf_image *im, int i, uint64_t n)
{
	const struct elf_segment *g = &im->segments[i];

	if (g->memsz == 0 || g->filesz > g->memsz)
		return "segment empty or larger in the file than in memory";
	if (g->offset > n || g->filesz > n - g->offset)
		return "segment reaches past the end of the file";
	if (g->vaddr >= ELF_USER_END || g->memsz > ELF_USER_END - g->vaddr)
		return "segment outside user space";
	if ((g->vaddr - g->offset) % PAGE != 0)
		return "segment offset and address disagree within the page";
	if (g->prot & ~(uint32_t)VM_PROT_ALL)
		return "segment protection has unknown bits";
	if (i > 0 && page_down(g->vaddr) < page_up(g[-1].vaddr + g[-1].memsz))
		return "segments unsorted or sharing a page";
	return NULL;
}

static uint32_t prot_from_flags(uint32_t flags)
{
	return (flags & PF_R ? VM_PROT_READ : 0) | (flags & PF_W ? VM_PROT_WRITE : 0) |
	       (flags & PF_X ? VM_PROT_EXEC : 0);
}

/* Whether the image reports exactly the PT_LOAD, PT_TLS, PT_INTERP and PT_GNU_STACK
 * headers the file holds. */
static const char *broken_report(const struct elf_image *im, const unsigned char *f,
				 const Elf64_Ehdr *eh)
{
	int nload = 0, interp = 0;
	uint64_t stack = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph = phdr_of(f, eh->e_phoff, i);

		if (ph.p_type == PT_LOAD && ph.p_memsz > 0) {
			const struct elf_segment *g = &im->segments[nload];

			if (nload++ >= im->nsegments || g->vaddr != ph.p_vaddr ||
			    g->memsz != ph.p_memsz || g->offset != ph.p_offset ||
			    g->filesz != ph.p_filesz || g->prot != prot_from_flags(ph.p_flags))
				return "segments differ from the PT_LOAD headers";
		} else if (ph.p_type == PT_TLS) {
			if (im->tls_vaddr != ph.p_vaddr || im->tls_filesz != ph.p_filesz ||
			    im->tls_memsz != ph.p_memsz || im->tls_align != ph.p_align)
				return "TLS fields differ from PT_TLS";
			if (ph.p_filesz > ph.p_memsz || !is_pow2_or_zero(ph.p_align) ||
			    !holder(im, ph.p_vaddr, ph.p_filesz, 0))
				return "bad PT_TLS accepted";
		} else if (ph.p_type == PT_INTERP) {
			interp = 1;
		} else if (ph.p_type == PT_GNU_STACK) {
			stack = (ph.p_flags & PF_X) != 0;
		}
	}
	if (nload != im->nsegments)
		return "segment count differs from the PT_LOAD headers";
	if (im->has_interp != interp || im->stack_prot_exec != stack)
		return "has_interp or stack_prot_exec differ from the headers";
	return NULL;
}

/* Where phdr_vaddr points, if anywhere, the file's program header table must be mapped. */
static const char *broken_phdr(const struct elf_image *im, const Elf64_Ehdr *eh)
{
	uint64_t table = eh->e_phnum * PHSIZE;
	const struct elf_segment *g;

	if (im->phdr_vaddr == 0)
		return NULL;
	g = holder(im, im->phdr_vaddr, table, 1);
	if (g == NULL || g->offset + (im->phdr_vaddr - g->vaddr) != eh->e_phoff)
		return "phdr_vaddr does not map the program header table";
	return NULL;
}

static const char *broken_invariant(const struct elf_image *im, const unsigned char *f, uint64_t n)
{
	const struct elf_segment *last;
	Elf64_Ehdr eh;
	const char *why;

	if (n < sizeof(eh))
		return "a file shorter than its header parsed";
	memcpy(&eh, f, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
		return "a header that is not x86-64 ELF64 parsed";
	if (im->entry != eh.e_entry || im->is_dyn != (eh.e_type == ET_DYN) ||
	    im->phnum != eh.e_phnum || im->phentsize != PHSIZE || im->phnum == 0)
		return "entry, type, phnum or phentsize differ from the header";
	if (eh.e_phoff < sizeof(eh) || eh.e_phoff > n || eh.e_phnum * PHSIZE > n - eh.e_phoff)
		return "program header table outside the file";
	if (im->nsegments < 1 || im->nsegments > ELF_SEGMENTS_MAX)
		return "segment count out of range";
	last = &im->segments[im->nsegments - 1];
	for (int i = 0; i < im->nsegments; i++)
		if ((why = broken_segment(im, i, n)) != NULL)
			return why;
	if (im->min_vaddr != page_down(im->segments[0].vaddr) ||
	    im->max_vaddr != page_up(last->vaddr + last->memsz))
		return "min_vaddr/max_vaddr are not the page-rounded span";
	if (im->load_align < PAGE || im->load_align > ELF_ALIGN_MAX ||
	    !is_pow2_or_zero(im->load_align))
		return "load_align";
	if (!holder(im, im->entry, 1, 0))
		return "entry outside the segments";
	if ((why = broken_phdr(im, &eh)) != NULL)
		return why;
	return broken_report(im, f, &eh);
}

/* Parses a heap block of exactly n bytes, so that ASan reports any read past its end,
 * and checks the invariants of the outcome. Returns elf_parse's result. */
static int parse_exact(const unsigned char *block, uint64_t n, struct elf_image *im)
{
	static const struct elf_image zero;
	const char *why = NULL;
	int rc;

	memset(im, 0xa5, sizeof(*im));
	rc = elf_parse(block, n, im);
	if (rc == 0)
		why = broken_invariant(im, block, n);
	else if (rc > 0 || strcmp(elf_strerror(rc), elf_strerror(-1000)) == 0)
		why = "unknown error code";
	else if (memcmp(im, &zero, sizeof(zero)) != 0)
		why = "image not cleared after an error";
	if (why) {
		problems++;
		diag("%s (size %llu, result %d)", why, (unsigned long long)n, rc);
	}
	return rc;
}

/* Parses the first n bytes of buf as a file of n bytes. */
static int parse_prefix(const unsigned char *buf, uint64_t n, struct elf_image *im)
{
	unsigned char *copy = malloc(n);
	int rc;

	if (copy == NULL && n > 0)
		abort();
	if (n > 0)
		memcpy(copy, buf, n);
	rc = parse_exact(copy, n, im);
	free(copy);
	return rc;
}

static void expect_rc(int rc, int want, const char *what)
{
	if (rc == want)
		return;
	problems++;
	diag("%s: got %d (%s), want %d (%s)", what, rc, elf_strerror(rc), want, elf_strerror(want));
}

static void expect_true(int cond, const char *what)
{
	if (!cond) {
		problems++;
		diag("%s", what);
	}
}

/* The first field in which two images differ, or NULL. */
static const char *image_diff(const struct elf_image *a, const struct elf_image *b)
{
	if (a->entry != b->entry || a->phdr_vaddr != b->phdr_vaddr)
		return "entry or phdr_vaddr";
	if (a->phnum != b->phnum || a->phentsize != b->phentsize || a->is_dyn != b->is_dyn ||
	    a->has_interp != b->has_interp || a->stack_prot_exec != b->stack_prot_exec)
		return "header fields";
	if (a->min_vaddr != b->min_vaddr || a->max_vaddr != b->max_vaddr ||
	    a->load_align != b->load_align)
		return "span";
	if (a->tls_vaddr != b->tls_vaddr || a->tls_filesz != b->tls_filesz ||
	    a->tls_memsz != b->tls_memsz || a->tls_align != b->tls_align)
		return "tls";
	if (a->nsegments != b->nsegments)
		return "nsegments";
	for (int i = 0; i < a->nsegments; i++) {
		const struct elf_segment *x = &a->segments[i], *y = &b->segments[i];

		if (x->vaddr != y->vaddr || x->memsz != y->memsz || x->offset != y->offset ||
		    x->filesz != y->filesz || x->prot != y->prot)
			return "segments";
	}
	return NULL;
}

static void expect_same(int rc, const struct elf_image *got, const struct elf_image *want,
			const char *what)
{
	const char *diff = rc == 0 ? image_diff(got, want) : NULL;

	expect_rc(rc, 0, what);
	if (diff) {
		problems++;
		diag("%s: %s differ from the intact file's", what, diff);
	}
}

/* ---- Corrupted copies ---- */

static unsigned char *copy_of(const struct sample *s)
{
	unsigned char *f = malloc(s->size);

	if (f == NULL)
		abort();
	memcpy(f, s->file, s->size);
	return f;
}

/* Parses the sample with program header i replaced by *ph. */
static int with_phdr(const struct sample *s, int i, const Elf64_Phdr *ph, struct elf_image *im)
{
	unsigned char *f = copy_of(s);
	int rc;

	set_phdr(f, s->eh.e_phoff, i, ph);
	rc = parse_exact(f, s->size, im);
	free(f);
	return rc;
}

static void want_phdr(const struct sample *s, int i, const Elf64_Phdr *ph, int want,
		      const char *what)
{
	struct elf_image im;

	expect_rc(with_phdr(s, i, ph, &im), want, what);
}

/* Parses the sample with a little-endian field of the file header set to value. */
static int with_field(const struct sample *s, size_t off, size_t width, uint64_t value,
		      struct elf_image *im)
{
	unsigned char *f = copy_of(s);
	int rc;

	memcpy(f + off, &value, width);
	rc = parse_exact(f, s->size, im);
	free(f);
	return rc;
}

/* Index in the table of the nth program header of a type, or -1. */
static int find_phdr(const struct sample *s, uint32_t type, int nth)
{
	for (int i = 0; i < s->eh.e_phnum; i++)
		if (phdr_of(s->file, s->eh.e_phoff, i).p_type == type && nth-- == 0)
			return i;
	return -1;
}

static Elf64_Phdr sample_phdr(const struct sample *s, int i)
{
	return phdr_of(s->file, s->eh.e_phoff, i);
}

/* The file with its program headers, plus extra ones, copied to a new table at the end
 * (which no segment maps); PT_PHDR becomes PT_NULL if drop_phdr. Returns its size. */
static uint64_t with_new_table(const struct sample *s, const Elf64_Phdr *extra, int nextra,
			       int drop_phdr, unsigned char **out)
{
	uint64_t phoff = (s->size + 7) & ~(uint64_t)7;
	int phnum = s->eh.e_phnum + nextra;
	uint64_t n = phoff + phnum * PHSIZE;
	unsigned char *f = calloc(1, n);
	Elf64_Ehdr eh = s->eh;

	if (f == NULL)
		abort();
	memcpy(f, s->file, s->size);
	for (int i = 0; i < phnum; i++) {
		Elf64_Phdr ph = i < s->eh.e_phnum ? sample_phdr(s, i) : extra[i - s->eh.e_phnum];

		if (drop_phdr && ph.p_type == PT_PHDR && i < s->eh.e_phnum)
			ph.p_type = PT_NULL;
		set_phdr(f, phoff, i, &ph);
	}
	eh.e_phoff = phoff;
	eh.e_phnum = phnum;
	memcpy(f, &eh, sizeof(eh));
	*out = f;
	return n;
}

static int parse_new_table(const struct sample *s, const Elf64_Phdr *extra, int nextra,
			   int drop_phdr, struct elf_image *im)
{
	unsigned char *f;
	uint64_t n = with_new_table(s, extra, nextra, drop_phdr, &f);
	int rc = parse_exact(f, n, im);

	free(f);
	return rc;
}

/* The result elf_parse owes a copy of the sample cut to n bytes. */
static int truncation_result(const struct sample *s, uint64_t n)
{
	const struct expect *w = &s->want;
	uint64_t end = w->interp_offset + w->interp_filesz;

	if (n < SELFMAG)
		return ELF_ERR_NOT_ELF;
	if (n < sizeof(Elf64_Ehdr))
		return ELF_ERR_TRUNCATED;
	if (n < w->phoff + w->phnum * PHSIZE)
		return ELF_ERR_PHDR;
	if (w->has_tls && w->tls_offset + w->tls_filesz > end)
		end = w->tls_offset + w->tls_filesz;
	for (int i = 0; i < w->nloads; i++)
		if (w->loads[i].offset + w->loads[i].filesz > end)
			end = w->loads[i].offset + w->loads[i].filesz;
	return n < end ? ELF_ERR_SEGMENT_FILE : 0;
}

static void check_cut(const struct sample *s, uint64_t n)
{
	struct elf_image im;
	char what[64];
	int rc = parse_prefix(s->file, n, &im);

	snprintf(what, sizeof(what), "cut to %llu bytes", (unsigned long long)n);
	if (truncation_result(s, n) == 0)
		expect_same(rc, &im, &s->im, what);
	else
		expect_rc(rc, truncation_result(s, n), what);
}

static void check_truncations(struct sample *s)
{
	const struct expect *w = &s->want;

	for (uint64_t n = 0; n <= w->phoff + w->phnum * PHSIZE + 1; n++)
		check_cut(s, n);
	for (int i = 0; i < w->nloads; i++) {
		uint64_t end = w->loads[i].offset + w->loads[i].filesz;

		for (uint64_t n = end > 0 ? end - 1 : 0; n <= end + 1 && n <= s->size; n++)
			check_cut(s, n);
	}
	if (w->has_tls && w->tls_filesz > 0)
		check_cut(s, w->tls_offset + w->tls_filesz - 1);
	if (w->has_interp && w->interp_filesz > 0)
		check_cut(s, w->interp_offset + w->interp_filesz - 1);
}

static const struct field_case {
	const char *what;
	size_t off, width;
	uint64_t value;
	int want; /* 0: the field is ignored, the image must not change */
} header_cases[] = {
	{ "EI_MAG0", EI_MAG0, 1, 0x7e, ELF_ERR_NOT_ELF },
	{ "EI_MAG1", EI_MAG1, 1, 'e', ELF_ERR_NOT_ELF },
	{ "EI_MAG2", EI_MAG2, 1, 0, ELF_ERR_NOT_ELF },
	{ "EI_MAG3", EI_MAG3, 1, 0xff, ELF_ERR_NOT_ELF },
	{ "EI_CLASS none", EI_CLASS, 1, ELFCLASSNONE, ELF_ERR_CLASS },
	{ "EI_CLASS 32", EI_CLASS, 1, ELFCLASS32, ELF_ERR_CLASS },
	{ "EI_CLASS 3", EI_CLASS, 1, 3, ELF_ERR_CLASS },
	{ "EI_CLASS 0xff", EI_CLASS, 1, 0xff, ELF_ERR_CLASS },
	{ "EI_DATA none", EI_DATA, 1, ELFDATANONE, ELF_ERR_ENDIAN },
	{ "EI_DATA MSB", EI_DATA, 1, ELFDATA2MSB, ELF_ERR_ENDIAN },
	{ "EI_DATA 3", EI_DATA, 1, 3, ELF_ERR_ENDIAN },
	{ "EI_VERSION none", EI_VERSION, 1, EV_NONE, ELF_ERR_VERSION },
	{ "EI_VERSION 2", EI_VERSION, 1, 2, ELF_ERR_VERSION },
	{ "e_version none", offsetof(Elf64_Ehdr, e_version), 4, EV_NONE, ELF_ERR_VERSION },
	{ "e_version 2", offsetof(Elf64_Ehdr, e_version), 4, 2, ELF_ERR_VERSION },
	{ "e_version ~0", offsetof(Elf64_Ehdr, e_version), 4, 0xffffffff, ELF_ERR_VERSION },
	{ "e_type none", offsetof(Elf64_Ehdr, e_type), 2, ET_NONE, ELF_ERR_TYPE },
	{ "e_type rel", offsetof(Elf64_Ehdr, e_type), 2, ET_REL, ELF_ERR_TYPE },
	{ "e_type core", offsetof(Elf64_Ehdr, e_type), 2, ET_CORE, ELF_ERR_TYPE },
	{ "e_type 0xfe00", offsetof(Elf64_Ehdr, e_type), 2, 0xfe00, ELF_ERR_TYPE },
	{ "e_type 0xffff", offsetof(Elf64_Ehdr, e_type), 2, 0xffff, ELF_ERR_TYPE },
	{ "e_machine none", offsetof(Elf64_Ehdr, e_machine), 2, EM_NONE, ELF_ERR_MACHINE },
	{ "e_machine 386", offsetof(Elf64_Ehdr, e_machine), 2, EM_386, ELF_ERR_MACHINE },
	{ "e_machine swapped", offsetof(Elf64_Ehdr, e_machine), 2, 0x3e00, ELF_ERR_MACHINE },
	{ "e_machine 0xffff", offsetof(Elf64_Ehdr, e_machine), 2, 0xffff, ELF_ERR_MACHINE },
	{ "e_phentsize 0", offsetof(Elf64_Ehdr, e_phentsize), 2, 0, ELF_ERR_PHDR },
	{ "e_phentsize 32", offsetof(Elf64_Ehdr, e_phentsize), 2, 32, ELF_ERR_PHDR },
	{ "e_phentsize 55", offsetof(Elf64_Ehdr, e_phentsize), 2, 55, ELF_ERR_PHDR },
	{ "e_phentsize 57", offsetof(Elf64_Ehdr, e_phentsize), 2, 57, ELF_ERR_PHDR },
	{ "e_phentsize 64", offsetof(Elf64_Ehdr, e_phentsize), 2, 64, ELF_ERR_PHDR },
	{ "e_phentsize ~0", offsetof(Elf64_Ehdr, e_phentsize), 2, 0xffff, ELF_ERR_PHDR },
	{ "e_phnum 0", offsetof(Elf64_Ehdr, e_phnum), 2, 0, ELF_ERR_PHDR },
	{ "e_phnum PN_XNUM", offsetof(Elf64_Ehdr, e_phnum), 2, PN_XNUM, ELF_ERR_PHDR },
	{ "e_phnum max+1", offsetof(Elf64_Ehdr, e_phnum), 2, ELF_PHNUM_MAX + 1, ELF_ERR_PHDR },
	{ "e_phoff 0", offsetof(Elf64_Ehdr, e_phoff), 8, 0, ELF_ERR_PHDR },
	{ "e_phoff 1", offsetof(Elf64_Ehdr, e_phoff), 8, 1, ELF_ERR_PHDR },
	{ "e_phoff 63", offsetof(Elf64_Ehdr, e_phoff), 8, 63, ELF_ERR_PHDR },
	{ "e_phoff ~0", offsetof(Elf64_Ehdr, e_phoff), 8, ~0ULL, ELF_ERR_PHDR },
	{ "e_phoff ~0-55", offsetof(Elf64_Ehdr, e_phoff), 8, ~0ULL - 55, ELF_ERR_PHDR },
	{ "e_phoff 2^63", offsetof(Elf64_Ehdr, e_phoff), 8, 1ULL << 63, ELF_ERR_PHDR },
	{ "e_entry ~0", offsetof(Elf64_Ehdr, e_entry), 8, ~0ULL, ELF_ERR_ENTRY },
	{ "e_entry user end", offsetof(Elf64_Ehdr, e_entry), 8, ELF_USER_END, ELF_ERR_ENTRY },
	{ "EI_OSABI", EI_OSABI, 1, 0xff, 0 },
	{ "EI_ABIVERSION", EI_ABIVERSION, 1, 0xff, 0 },
	{ "EI_PAD", EI_PAD, 7, 0xffffffffffffff, 0 },
	{ "e_shoff", offsetof(Elf64_Ehdr, e_shoff), 8, ~0ULL, 0 },
	{ "e_flags", offsetof(Elf64_Ehdr, e_flags), 4, 0xffffffff, 0 },
	{ "e_ehsize 0", offsetof(Elf64_Ehdr, e_ehsize), 2, 0, 0 },
	{ "e_ehsize ~0", offsetof(Elf64_Ehdr, e_ehsize), 2, 0xffff, 0 },
	{ "e_shentsize", offsetof(Elf64_Ehdr, e_shentsize), 2, 0xffff, 0 },
	{ "e_shnum", offsetof(Elf64_Ehdr, e_shnum), 2, 0xffff, 0 },
	{ "e_shstrndx", offsetof(Elf64_Ehdr, e_shstrndx), 2, 0xffff, 0 },
};

static void check_header(struct sample *s)
{
	size_t phoff = offsetof(Elf64_Ehdr, e_phoff), phnum = offsetof(Elf64_Ehdr, e_phnum);
	uint64_t room = s->size - s->eh.e_phoff;
	struct elf_image im;

	for (size_t i = 0; i < sizeof(header_cases) / sizeof(header_cases[0]); i++) {
		const struct field_case *c = &header_cases[i];
		int rc = with_field(s, c->off, c->width, c->value, &im);

		if (c->want == 0)
			expect_same(rc, &im, &s->im, c->what);
		else
			expect_rc(rc, c->want, c->what);
	}
	expect_rc(with_field(s, phoff, 8, s->size, &im), ELF_ERR_PHDR, "e_phoff at the end");
	expect_rc(with_field(s, phoff, 8, s->size - s->eh.e_phnum * PHSIZE + 1, &im), ELF_ERR_PHDR,
		  "table one byte past the end");
	if (room / PHSIZE + 1 <= 0xffff)
		expect_rc(with_field(s, phnum, 2, room / PHSIZE + 1, &im), ELF_ERR_PHDR,
			  "e_phnum one past the end of the file");
}

static void check_entry(struct sample *s)
{
	size_t off = offsetof(Elf64_Ehdr, e_entry);
	struct elf_image im;

	for (int i = 0; i < s->im.nsegments; i++) {
		const struct elf_segment *g = &s->im.segments[i];
		uint64_t end = g->vaddr + g->memsz;

		expect_rc(with_field(s, off, 8, g->vaddr, &im), 0, "entry at a segment's start");
		expect_true(im.entry == g->vaddr, "entry reported as in the header");
		expect_rc(with_field(s, off, 8, end - 1, &im), 0, "entry at a segment's last byte");
		if (!holder(&s->im, end, 1, 0))
			expect_rc(with_field(s, off, 8, end, &im), ELF_ERR_ENTRY,
				  "entry just past a segment");
		if (g->vaddr > 0 && !holder(&s->im, g->vaddr - 1, 1, 0))
			expect_rc(with_field(s, off, 8, g->vaddr - 1, &im), ELF_ERR_ENTRY,
				  "entry just below a segment");
	}
}

/* Program headers of a PT_LOAD index i and of PT_TLS / PT_INTERP with their fields out of the
 * file, in ways that keep every other check satisfied. */
static void check_file_range(struct sample *s)
{
	uint32_t types[] = { PT_LOAD, PT_TLS, PT_INTERP };

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		for (int k = 0, i; (i = find_phdr(s, types[t], k)) >= 0; k++) {
			Elf64_Phdr ph = sample_phdr(s, i), bad = ph;

			if (ph.p_filesz == 0)
				continue;
			bad.p_offset = page_up(s->size) + ph.p_offset % PAGE;
			want_phdr(s, i, &bad, ELF_ERR_SEGMENT_FILE, "offset past the end");
			bad.p_offset = ~(PAGE - 1) + ph.p_offset % PAGE;
			want_phdr(s, i, &bad, ELF_ERR_SEGMENT_FILE, "offset near 2^64");
			bad = ph;
			bad.p_filesz = s->size - ph.p_offset + 1;
			if (bad.p_memsz < bad.p_filesz)
				bad.p_memsz = bad.p_filesz;
			want_phdr(s, i, &bad, ELF_ERR_SEGMENT_FILE, "filesz one past the end");
			bad.p_filesz = bad.p_memsz = ~0ULL;
			want_phdr(s, i, &bad, ELF_ERR_SEGMENT_FILE, "filesz ~0");
		}
	}
}

static void check_sizes(struct sample *s)
{
	uint32_t types[] = { PT_LOAD, PT_TLS };
	struct elf_image im;

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		for (int k = 0, i; (i = find_phdr(s, types[t], k)) >= 0; k++) {
			Elf64_Phdr ph = sample_phdr(s, i), bad = ph;

			bad.p_filesz = ph.p_memsz + 1;
			want_phdr(s, i, &bad, ELF_ERR_SEGMENT_SIZE, "filesz = memsz + 1");
			if (types[t] != PT_LOAD || ph.p_filesz == ph.p_memsz ||
			    ph.p_offset + ph.p_memsz > s->size)
				continue;
			bad.p_filesz = ph.p_memsz;
			expect_rc(with_phdr(s, i, &bad, &im), 0, "filesz raised to memsz");
			expect_true(im.segments[k].filesz == ph.p_memsz, "raised filesz reported");
		}
	}
}

/* Every address in the file moved up by delta: the PT_LOAD, PT_TLS and PT_PHDR headers
 * and the entry point. */
static int parse_shifted(const struct sample *s, uint64_t delta, struct elf_image *im)
{
	unsigned char *f = copy_of(s);
	Elf64_Ehdr eh = s->eh;
	int rc;

	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph = sample_phdr(s, i);

		if (ph.p_type == PT_LOAD || ph.p_type == PT_TLS || ph.p_type == PT_PHDR)
			ph.p_vaddr += delta;
		set_phdr(f, eh.e_phoff, i, &ph);
	}
	eh.e_entry += delta;
	memcpy(f, &eh, sizeof(eh));
	rc = parse_exact(f, s->size, im);
	free(f);
	return rc;
}

/* The image moved as high as its alignment allows, then one alignment step higher. */
static void check_shift_to_top(struct sample *s)
{
	uint64_t delta = (ELF_USER_END - s->im.max_vaddr) & ~(s->im.load_align - 1);
	struct elf_image im, want = s->im;

	want.entry += delta;
	want.min_vaddr += delta;
	want.max_vaddr += delta;
	want.phdr_vaddr += want.phdr_vaddr ? delta : 0;
	want.tls_vaddr += want.tls_memsz ? delta : 0;
	for (int i = 0; i < want.nsegments; i++)
		want.segments[i].vaddr += delta;
	expect_same(parse_shifted(s, delta, &im), &im, &want, "moved to the top of user space");
	expect_rc(parse_shifted(s, delta + s->im.load_align, &im), ELF_ERR_ADDRESS,
		  "moved past the top of user space");
}

static void check_addresses(struct sample *s)
{
	const uint64_t bases[] = { ~(PAGE - 1), 0xffffffff80000000, 0xffff800000000000, 1ULL << 63,
				   ELF_USER_END };
	struct elf_image im;

	for (int k = 0, i; (i = find_phdr(s, PT_LOAD, k)) >= 0; k++) {
		Elf64_Phdr ph = sample_phdr(s, i), bad = ph;

		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			bad.p_vaddr = bases[b] + ph.p_vaddr % PAGE;
			want_phdr(s, i, &bad, ELF_ERR_ADDRESS, "vaddr outside user space");
		}
		bad = ph;
		if (ph.p_vaddr > 0) {
			bad.p_memsz = ~0ULL - ph.p_vaddr + 1;
			want_phdr(s, i, &bad, ELF_ERR_ADDRESS, "vaddr + memsz wraps to 0");
		}
		bad.p_memsz = ~0ULL;
		want_phdr(s, i, &bad, ELF_ERR_ADDRESS, "memsz ~0");
		bad.p_memsz = ELF_USER_END - ph.p_vaddr + 1;
		want_phdr(s, i, &bad, ELF_ERR_ADDRESS, "end one byte past user space");
		if (k != s->im.nsegments - 1)
			continue;
		bad.p_memsz = ELF_USER_END - ph.p_vaddr;
		expect_rc(with_phdr(s, i, &bad, &im), 0, "last segment ending at user space's end");
		expect_true(im.max_vaddr == ELF_USER_END, "max_vaddr is user space's end");
	}
	check_shift_to_top(s);
}

/* The first segment starting 16 bytes into its page: the span still starts on the page. */
static void check_start_in_page(struct sample *s)
{
	int i = find_phdr(s, PT_LOAD, 0);
	Elf64_Phdr ph = sample_phdr(s, i);
	struct elf_image im;

	if (ph.p_filesz < 16 || s->eh.e_phoff < ph.p_offset + 16)
		return;
	ph.p_vaddr += 16, ph.p_offset += 16;
	ph.p_filesz -= 16, ph.p_memsz -= 16;
	expect_rc(with_phdr(s, i, &ph, &im), 0, "first segment 16 bytes into its page");
	expect_true(im.min_vaddr == s->im.min_vaddr && im.segments[0].vaddr == ph.p_vaddr,
		    "min_vaddr is the page below the first segment");
}

static void check_alignment(struct sample *s)
{
	const uint64_t bad_aligns[] = { 3,	    PAGE + 1, PAGE * 3, (uint64_t)ELF_ALIGN_MAX * 2,
					1ULL << 63, ~0ULL };
	struct elf_image im;

	for (int k = 0, i; (i = find_phdr(s, PT_LOAD, k)) >= 0; k++) {
		Elf64_Phdr ph = sample_phdr(s, i), bad = ph;

		bad.p_vaddr = ph.p_vaddr + 1;
		want_phdr(s, i, &bad, ELF_ERR_ALIGN, "vaddr + 1");
		bad.p_vaddr = ph.p_vaddr + PAGE / 2;
		want_phdr(s, i, &bad, ELF_ERR_ALIGN, "vaddr + half a page");
		bad = ph;
		if (ph.p_offset > 0) {
			bad.p_offset = ph.p_offset - 1;
			want_phdr(s, i, &bad, ELF_ERR_ALIGN, "offset - 1");
			bad = ph;
		}
		for (size_t a = 0; a < sizeof(bad_aligns) / sizeof(bad_aligns[0]); a++) {
			bad.p_align = bad_aligns[a];
			want_phdr(s, i, &bad, ELF_ERR_ALIGN, "p_align");
		}
		bad.p_align = 0x200000;
		expect_rc(with_phdr(s, i, &bad, &im),
			  (ph.p_vaddr - ph.p_offset) % bad.p_align ? ELF_ERR_ALIGN : 0,
			  "p_align 2 MiB");
		expect_true(im.load_align == 0 || im.load_align == bad.p_align, "load_align 2 MiB");
		bad.p_align = 0;
		expect_rc(with_phdr(s, i, &bad, &im), 0, "p_align 0");
		bad.p_align = 1;
		expect_rc(with_phdr(s, i, &bad, &im), 0, "p_align 1");
	}
	check_start_in_page(s);
}

/* Each pair of consecutive PT_LOADs swapped, and the second moved onto the first's pages. */
static void check_order(struct sample *s)
{
	for (int k = 0; find_phdr(s, PT_LOAD, k + 1) >= 0; k++) {
		int i = find_phdr(s, PT_LOAD, k), j = find_phdr(s, PT_LOAD, k + 1);
		Elf64_Phdr a = sample_phdr(s, i), b = sample_phdr(s, j), moved = b;
		uint64_t end_a = a.p_vaddr + a.p_memsz;
		unsigned char *f = copy_of(s);
		struct elf_image im;

		set_phdr(f, s->eh.e_phoff, i, &b);
		set_phdr(f, s->eh.e_phoff, j, &a);
		expect_rc(parse_exact(f, s->size, &im), ELF_ERR_OVERLAP, "two segments swapped");
		free(f);
		moved.p_vaddr = page_down(end_a - 1) + b.p_offset % PAGE;
		want_phdr(s, j, &moved, ELF_ERR_OVERLAP, "next segment in the last page");
		moved.p_vaddr = page_down(a.p_vaddr) + b.p_offset % PAGE;
		want_phdr(s, j, &moved, ELF_ERR_OVERLAP, "next segment at the same page");
	}
}

static void check_tls(struct sample *s)
{
	int i = find_phdr(s, PT_TLS, 0);
	Elf64_Phdr ph, bad;
	const struct elf_segment *g;
	struct elf_image im;

	if (i < 0)
		return;
	ph = bad = sample_phdr(s, i);
	g = holder(&s->im, ph.p_vaddr, ph.p_filesz, 0);
	bad.p_vaddr = s->im.max_vaddr;
	want_phdr(s, i, &bad, ELF_ERR_TLS, "TLS above the segments");
	bad.p_vaddr = 0xffffffff80000000;
	want_phdr(s, i, &bad, ELF_ERR_ADDRESS, "TLS in the kernel half");
	bad = ph;
	bad.p_align = 3;
	want_phdr(s, i, &bad, ELF_ERR_ALIGN, "TLS p_align 3");
	bad.p_align = 0;
	expect_rc(with_phdr(s, i, &bad, &im), 0, "TLS p_align 0");
	if (g == NULL || g->offset + g->memsz + 1 > s->size)
		return;
	bad = ph;
	bad.p_filesz = g->vaddr + g->memsz - ph.p_vaddr;
	bad.p_memsz = bad.p_filesz > ph.p_memsz ? bad.p_filesz : ph.p_memsz;
	expect_rc(with_phdr(s, i, &bad, &im), 0, "TLS image up to its segment's end");
	bad.p_filesz++;
	bad.p_memsz++;
	want_phdr(s, i, &bad, ELF_ERR_TLS, "TLS image one past its segment's end");
}

static void check_phdr_place(struct sample *s)
{
	int i = find_phdr(s, PT_PHDR, 0);
	struct elf_image im, want = s->im;

	if (i >= 0) {
		Elf64_Phdr ph = sample_phdr(s, i), bad = ph;

		bad.p_vaddr = ph.p_vaddr + 8;
		want_phdr(s, i, &bad, ELF_ERR_PHDR, "PT_PHDR 8 bytes off");
		bad.p_vaddr = s->im.max_vaddr;
		want_phdr(s, i, &bad, ELF_ERR_PHDR, "PT_PHDR above the segments");
		bad = ph;
		bad.p_type = PT_NULL;
		expect_same(with_phdr(s, i, &bad, &im), &im, &s->im,
			    "without PT_PHDR, through the PT_LOAD holding the table");
		expect_rc(parse_new_table(s, NULL, 0, 0, &im), ELF_ERR_PHDR,
			  "PT_PHDR not pointing at a moved table");
	}
	want.phdr_vaddr = 0;
	expect_same(parse_new_table(s, NULL, 0, 1, &im), &im, &want,
		    "table moved out of the segments: phdr_vaddr 0");
}

static void check_counts(struct sample *s)
{
	Elf64_Phdr extra[ELF_SEGMENTS_MAX + 2] = { 0 };
	int room = ELF_SEGMENTS_MAX - s->im.nsegments, n;
	struct elf_image im, moved = s->im;

	moved.phdr_vaddr = 0; /* the new table is out of the segments */
	moved.phnum++;
	for (n = 0; n <= room; n++) {
		extra[n].p_type = PT_LOAD;
		extra[n].p_vaddr = s->im.max_vaddr + 2 * n * PAGE;
		extra[n].p_memsz = PAGE;
		extra[n].p_flags = PF_R;
	}
	expect_rc(parse_new_table(s, extra, room, 1, &im), 0, "ELF_SEGMENTS_MAX segments");
	expect_true(im.nsegments == ELF_SEGMENTS_MAX, "all segments reported");
	expect_rc(parse_new_table(s, extra, room + 1, 1, &im), ELF_ERR_TOO_MANY,
		  "ELF_SEGMENTS_MAX + 1 segments");
	extra[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_align = PAGE };
	expect_same(parse_new_table(s, extra, 1, 1, &im), &im, &moved,
		    "an empty PT_LOAD is ignored");
	if (find_phdr(s, PT_TLS, 0) >= 0) {
		extra[0] = sample_phdr(s, find_phdr(s, PT_TLS, 0));
		expect_rc(parse_new_table(s, extra, 1, 1, &im), ELF_ERR_DUPLICATE, "two PT_TLS");
	}
	extra[0] = extra[1] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_filesz = 1 };
	expect_rc(parse_new_table(s, extra, 1, 1, &im), s->want.has_interp ? ELF_ERR_DUPLICATE : 0,
		  "one PT_INTERP more");
	expect_true(im.has_interp == !s->want.has_interp, "an added PT_INTERP is reported");
	expect_rc(parse_new_table(s, extra, 2, 1, &im), ELF_ERR_DUPLICATE, "two PT_INTERP more");
	extra[0] = extra[1] = (Elf64_Phdr){ .p_type = PT_PHDR };
	expect_rc(parse_new_table(s, extra, 2, 1, &im), ELF_ERR_DUPLICATE, "two PT_PHDR");
}

static void check_no_load(struct sample *s)
{
	unsigned char *f = copy_of(s), *g = copy_of(s);
	struct elf_image im;

	for (int k = 0, i; (i = find_phdr(s, PT_LOAD, k)) >= 0; k++) {
		Elf64_Phdr ph = sample_phdr(s, i);

		ph.p_filesz = ph.p_memsz = 0;
		set_phdr(g, s->eh.e_phoff, i, &ph);
		ph.p_type = PT_NULL;
		set_phdr(f, s->eh.e_phoff, i, &ph);
	}
	expect_rc(parse_exact(f, s->size, &im), ELF_ERR_NO_LOAD, "PT_LOAD turned into PT_NULL");
	expect_rc(parse_exact(g, s->size, &im), ELF_ERR_NO_LOAD, "every PT_LOAD empty");
	free(f);
	free(g);
}

/* ---- Random mutations ---- */

static uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
	return z ^ (z >> 31);
}

static uint64_t rng_below(uint64_t *state, uint64_t n)
{
	return n ? rng_next(state) % n : 0;
}

/* A value likely to sit on some check's edge. */
static uint64_t edgy(uint64_t *rng, const struct sample *s)
{
	const uint64_t values[] = {
		0,	 1,	   ~0ULL,   1ULL << 63,	 ELF_USER_END,	  ELF_USER_END - 1,
		PAGE,	 PAGE - 1, s->size, s->size - 1, s->im.max_vaddr, s->im.min_vaddr,
		PT_LOAD, PT_TLS,   PT_PHDR, PT_INTERP
	};
	uint64_t v = values[rng_below(rng, sizeof(values) / sizeof(values[0]))];

	return rng_below(rng, 4) ? v : v + rng_below(rng, 2 * PAGE) - PAGE;
}

/* Applies one mutation, mostly in the headers; returns where it wrote. */
static void mutate(uint64_t *rng, const struct sample *s, unsigned char *f, uint64_t *off,
		   unsigned *len)
{
	uint64_t hot = s->eh.e_phoff + s->eh.e_phnum * PHSIZE;
	uint64_t v;

	*off = rng_below(rng, 10) ? rng_below(rng, hot) : rng_below(rng, s->size);
	*len = 1;
	switch (rng_below(rng, 4)) {
	case 0:
		f[*off] = rng_next(rng);
		break;
	case 1:
		f[*off] ^= 1 << rng_below(rng, 8);
		break;
	default:
		*len = rng_below(rng, 2) ? 8 : 4;
		*off &= ~(uint64_t)(*len - 1);
		if (*off + *len > s->size)
			*off = s->size - *len;
		v = edgy(rng, s);
		memcpy(f + *off, &v, *len);
	}
}

static void check_random(struct sample *s)
{
	uint64_t rng = fuzz_seed, hot = s->eh.e_phoff + s->eh.e_phnum * PHSIZE;
	unsigned char *f = copy_of(s);
	int parsed = 0, refused = 0;

	for (int i = 0; i < FUZZ_ROUNDS; i++) {
		uint64_t off[4], n = s->size;
		unsigned len[4], count = 1 + rng_below(&rng, 4);
		struct elf_image im;

		for (unsigned m = 0; m < count; m++)
			mutate(&rng, s, f, &off[m], &len[m]);
		if (rng_below(&rng, 8) == 0)
			n = rng_below(&rng, 2) ? rng_below(&rng, hot + 1) : rng_below(&rng, n + 1);
		if ((n == s->size ? parse_exact(f, n, &im) : parse_prefix(f, n, &im)) == 0)
			parsed++;
		else
			refused++;
		for (unsigned m = 0; m < count; m++)
			memcpy(f + off[m], s->file + off[m], len[m]);
	}
	free(f);
	printf("# %s: %d mutants parsed, %d refused (seed %#llx)\n", s->name, parsed, refused,
	       (unsigned long long)fuzz_seed);
	expect_true(parsed > 0 && refused > 0, "mutants should both parse and fail");
}

/* ---- The samples against the tools ---- */

static void check_readelf(struct sample *s)
{
	const struct expect *w = &s->want;
	const struct elf_image *im = &s->im;

	expect_true(im->is_dyn == w->is_dyn && im->has_interp == w->has_interp,
		    "type or interpreter");
	expect_true(im->entry == w->entry, "entry");
	expect_true(im->phnum == w->phnum && im->phentsize == w->phentsize, "phnum, phentsize");
	expect_true(im->nsegments == w->nloads, "number of LOAD segments");
	for (int i = 0; i < w->nloads && i < im->nsegments; i++) {
		const struct elf_segment *g = &im->segments[i], *l = &w->loads[i];

		expect_true(g->vaddr == l->vaddr && g->memsz == l->memsz &&
				    g->offset == l->offset && g->filesz == l->filesz &&
				    g->prot == l->prot,
			    "a LOAD segment");
	}
	if (w->nloads > 0 && w->nloads == im->nsegments) {
		const struct elf_segment *l = &w->loads[w->nloads - 1];

		expect_true(im->min_vaddr == page_down(w->loads[0].vaddr) &&
				    im->max_vaddr == page_up(l->vaddr + l->memsz),
			    "span of the segments");
	}
	expect_true(im->load_align == w->load_align, "load_align is the largest LOAD Align");
	expect_true(im->tls_vaddr == w->tls_vaddr && im->tls_filesz == w->tls_filesz &&
			    im->tls_memsz == w->tls_memsz && im->tls_align == w->tls_align,
		    "TLS");
	expect_true(im->stack_prot_exec == (uint64_t)w->stack_exec, "GNU_STACK flags");
	if (w->has_phdr)
		expect_true(im->phdr_vaddr == w->phdr, "PHDR VirtAddr");
}

static void check_auxv(struct sample *s)
{
	expect_true(s->want.has_auxv, "the sample printed no AT_PHDR");
	expect_true(s->im.phdr_vaddr != 0, "phdr_vaddr found");
	expect_true(s->im.phdr_vaddr - s->im.entry == s->want.auxv_delta,
		    "phdr_vaddr - entry == AT_PHDR - AT_ENTRY");
}

static const struct point {
	const char *what;
	void (*run)(struct sample *s);
} points[] = {
	{ "matches readelf -hlW", check_readelf },
	{ "phdr_vaddr is where Linux put AT_PHDR", check_auxv },
	{ "truncated at every header boundary and segment end", check_truncations },
	{ "each ELF header field bad, or ignored", check_header },
	{ "entry point at and around the segments", check_entry },
	{ "segments reaching past the end of the file", check_file_range },
	{ "filesz > memsz", check_sizes },
	{ "wrapping, kernel-half and past-user-space addresses", check_addresses },
	{ "misaligned offsets, addresses and p_align", check_alignment },
	{ "unsorted and overlapping segments", check_order },
	{ "PT_TLS outside, misaligned, at its segment's end", check_tls },
	{ "program header table placement and PT_PHDR", check_phdr_place },
	{ "too many segments, duplicate headers", check_counts },
	{ "no loadable segment", check_no_load },
	{ "10000 random mutations and truncations", check_random },
};
#define NPOINTS (sizeof(points) / sizeof(points[0]))

/* ---- Samples, expectations, TAP ---- */

static uint64_t num(const char *s)
{
	return strtoull(s, NULL, 0);
}

static uint32_t prot_from_letters(const char *flags)
{
	return (strchr(flags, 'R') ? VM_PROT_READ : 0) | (strchr(flags, 'W') ? VM_PROT_WRITE : 0) |
	       (strchr(flags, 'E') ? VM_PROT_EXEC : 0);
}

/* One line of the expectation file the .t script wrote from readelf and the sample's run. */
static void read_expect_line(struct expect *e, const char *line)
{
	char k[32], a[6][40];
	int n = sscanf(line, "%31s %39s %39s %39s %39s %39s %39s", k, a[0], a[1], a[2], a[3], a[4],
		       a[5]);

	if (n >= 2 && strcmp(k, "type") == 0)
		e->is_dyn = strcmp(a[0], "DYN") == 0;
	else if (n >= 2 && strcmp(k, "entry") == 0)
		e->entry = num(a[0]);
	else if (n >= 2 && strcmp(k, "phoff") == 0)
		e->phoff = num(a[0]);
	else if (n >= 2 && strcmp(k, "phentsize") == 0)
		e->phentsize = num(a[0]);
	else if (n >= 2 && strcmp(k, "phnum") == 0)
		e->phnum = num(a[0]);
	else if (n >= 2 && strcmp(k, "phdr") == 0)
		e->has_phdr = 1, e->phdr = num(a[0]);
	else if (n >= 2 && strcmp(k, "stack") == 0)
		e->stack_exec = strchr(a[0], 'E') != NULL;
	else if (n >= 2 && strcmp(k, "auxv_phdr_minus_entry") == 0)
		e->has_auxv = 1, e->auxv_delta = num(a[0]);
	else if (n >= 3 && strcmp(k, "interp") == 0)
		e->has_interp = 1, e->interp_offset = num(a[0]), e->interp_filesz = num(a[1]);
	else if (n >= 6 && strcmp(k, "tls") == 0) {
		e->has_tls = 1;
		e->tls_offset = num(a[0]), e->tls_vaddr = num(a[1]), e->tls_filesz = num(a[2]);
		e->tls_memsz = num(a[3]), e->tls_align = num(a[4]);
	} else if (n >= 7 && strcmp(k, "load") == 0 && e->nloads < ELF_SEGMENTS_MAX) {
		struct elf_segment *l = &e->loads[e->nloads++];

		l->offset = num(a[0]), l->vaddr = num(a[1]), l->filesz = num(a[2]);
		l->memsz = num(a[3]), l->prot = prot_from_letters(a[4]);
		if (num(a[5]) > e->load_align)
			e->load_align = num(a[5]);
	}
}

static int read_expect(const char *path, struct expect *e)
{
	FILE *f = fopen(path, "r");
	char line[256];

	if (f == NULL)
		return -1;
	memset(e, 0, sizeof(*e));
	e->load_align = PAGE;
	while (fgets(line, sizeof(line), f))
		read_expect_line(e, line);
	fclose(f);
	return 0;
}

static int read_file(const char *path, struct sample *s)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		return -1;
	}
	s->size = n;
	s->file = n > 0 ? malloc(n) : NULL; /* exactly n bytes: see parse_exact */
	if (s->file == NULL || fread(s->file, 1, n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (s->size >= sizeof(s->eh))
		memcpy(&s->eh, s->file, sizeof(s->eh));
	return 0;
}

static void tap(int pass, const char *name, const char *what, const char *directive)
{
	printf("%s %d - %s: %s%s\n", pass ? "ok" : "not ok", ++tests_run, name, what, directive);
	if (diags > DIAG_MAX)
		printf("# (%d more)\n", diags - DIAG_MAX);
	diags = 0;
}

/* Runs every test point on one sample of the manifest line "NAME FILE EXPECT", or skips
 * them for "NAME - REASON". */
static void run_sample(char *line)
{
	struct sample *s = calloc(1, sizeof(*s));
	char file[512] = "", expect[512] = "", skip[600];
	int fields = sscanf(line, "%63s %511s %511[^\n]", s->name, file, expect);

	if (fields >= 2 && strcmp(file, "-") == 0) {
		snprintf(skip, sizeof(skip), " # SKIP %s", fields == 3 ? expect : "not built");
		for (size_t i = 0; i < NPOINTS; i++)
			tap(1, s->name, points[i].what, skip);
	} else if (fields != 3 || read_file(file, s) != 0 || read_expect(expect, &s->want) != 0) {
		diag("cannot read the sample or its expectations: %s", line);
		for (size_t i = 0; i < NPOINTS; i++)
			tap(0, s->name, points[i].what, "");
	} else {
		int rc = parse_exact(s->file, s->size, &s->im);

		expect_rc(rc, 0, "the intact file");
		for (size_t i = 0; i < NPOINTS; i++) {
			int before = problems;

			if (rc == 0)
				points[i].run(s);
			tap(rc == 0 && problems == before, s->name, points[i].what, "");
		}
	}
	free(s->file);
	free(s);
}

static void check_strerror(void)
{
	const char *unknown = elf_strerror(-1000);
	int pass = strcmp(elf_strerror(1), unknown) == 0 &&
		   strcmp(elf_strerror(-2147483647 - 1), unknown) == 0 &&
		   strcmp(elf_strerror(ELF_ERR_ENTRY - 1), unknown) == 0;

	for (int e = 0; e >= ELF_ERR_ENTRY; e--)
		for (int d = e + 1; d <= 0; d++)
			pass &= strcmp(elf_strerror(e), unknown) != 0 &&
				strcmp(elf_strerror(e), elf_strerror(d)) != 0;
	tap(pass, "elf_strerror", "one distinct message per code, unknown for the rest", "");
}

int main(int argc, char **argv)
{
	char lines[32][1024];
	int nsamples = 0;
	FILE *manifest = argc >= 2 ? fopen(argv[1], "r") : NULL;

	if (manifest == NULL) {
		printf("Bail out! usage: elf_image MANIFEST [SEED]\n");
		return 1;
	}
	if (argc >= 3)
		fuzz_seed = num(argv[2]);
	while (nsamples < 32 && fgets(lines[nsamples], sizeof(lines[0]), manifest))
		nsamples++;
	fclose(manifest);
	printf("1..%zu\n", nsamples * NPOINTS + 1);
	check_strerror();
	for (int i = 0; i < nsamples; i++)
		run_sample(lines[i]);
	return 0;
}
