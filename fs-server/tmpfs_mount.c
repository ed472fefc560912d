/* mount -t tmpfs: a tmpfs instance (tmpfs/) as a volume, made as its options say. */
#include <errno.h>
#include <masque/vm.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "ops.h"
#include "tmpfs/tmpfs.h"
#include "volume.h"

/* The machine's memory in bytes (4 GiB if it does not say). */
static uint64_t memory_bytes(void)
{
	struct vm_stats vm;

	if (vm_statistics(&vm) < 0)
		return 4ull << 30;
	return vm.total_pages * vm.page_size;
}

/* The digits at *s in base (8 or 10), *s moved past them: 0, or -EINVAL for none or
 * for a number past 2^40 (more than any size or count here). */
static int parse_digits(const char **s, unsigned base, uint64_t *out)
{
	const char *p = *s;

	for (*out = 0; *p >= '0' && *p < (char)('0' + base); p++)
		if ((*out = *out * base + (uint64_t)(*p - '0')) > (1ull << 40))
			return -EINVAL;
	if (p == *s)
		return -EINVAL;
	*s = p;
	return 0;
}

/* A number with an optional k, m or g (or %, of whole): 0 or -EINVAL. */
static int parse_size(const char *s, uint64_t whole, uint64_t *out)
{
	const char *end = s;
	uint64_t n;

	if (parse_digits(&end, 10, &n))
		return -EINVAL;
	switch (*end) {
	case 'k':
	case 'K':
		n <<= 10, end++;
		break;
	case 'm':
	case 'M':
		n <<= 20, end++;
		break;
	case 'g':
	case 'G':
		n <<= 30, end++;
		break;
	case '%':
		n = whole / 100 * n, end++;
		break;
	}
	*out = n;
	return *end ? -EINVAL : 0;
}

/* A number in base (8 or 10) that fits 32 bits: 0 or -EINVAL. */
static int parse_u32(const char *s, unsigned base, uint32_t *out)
{
	uint64_t n;

	if (parse_digits(&s, base, &n) || *s || n > 0xffffffffu)
		return -EINVAL;
	*out = (uint32_t)n;
	return 0;
}

/* One option, "name=value", into opt. */
static int parse_option(char *option, struct tmpfs_options *opt)
{
	char *value = strchr(option, '=');
	uint64_t memory = memory_bytes();

	if (!value)
		return -EINVAL;
	*value++ = 0;
	if (!strcmp(option, "size"))
		return parse_size(value, memory, &opt->max_bytes);
	if (!strcmp(option, "nr_inodes"))
		return parse_size(value, memory / 4096, &opt->max_inodes);
	if (!strcmp(option, "mode"))
		return parse_u32(value, 8, &opt->mode);
	if (!strcmp(option, "uid"))
		return parse_u32(value, 10, &opt->uid);
	if (!strcmp(option, "gid"))
		return parse_u32(value, 10, &opt->gid);
	return -EINVAL;
}

/* Options as Linux's tmpfs takes them, over its defaults: half the memory, as many
 * inodes as half its pages, a root directory of mode 1777 owned by root. */
static int parse_options(const char *options, struct tmpfs_options *opt)
{
	char copy[256], *option = copy, *comma;
	uint64_t memory = memory_bytes();

	*opt = (struct tmpfs_options){ .max_bytes = memory / 2,
				       .max_inodes = memory / 4096 / 2,
				       .mode = 01777 };
	if (strlcpy(copy, options, sizeof(copy)) >= sizeof(copy))
		return -EINVAL;
	for (; option; option = comma ? comma + 1 : NULL) {
		if ((comma = strchr(option, ',')))
			*comma = 0;
		if (*option && parse_option(option, opt))
			return -EINVAL;
	}
	opt->mode &= 07777;
	return opt->max_bytes && opt->max_inodes ? 0 : -EINVAL;
}

/* The time now, for the file system's timestamps. */
static void now(void *ctx, struct vfs_time *t)
{
	(void)ctx;
	ops_now(t);
}

int volume_mount_tmpfs(const char *source, const char *options, int read_only, struct volume **out)
{
	struct tmpfs_options opt;
	struct tmpfs *fs;
	struct volume *v;
	int err = parse_options(options, &opt);

	if (err)
		return err;
	opt.now = now;
	if (!(v = calloc(1, sizeof(*v))))
		return -ENOMEM;
	if ((err = tmpfs_mount(&opt, &fs))) {
		free(v);
		return err;
	}
	v->ops = &tmpfs_vfs_ops;
	v->fs = fs;
	v->read_only = read_only;
	strlcpy(v->source, source, sizeof(v->source));
	volume_number(v);
	*out = v;
	return 0;
}
