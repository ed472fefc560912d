/* Mounted volumes in the fs-server's mount table (mounted.h). */
#include <string.h>
#include "mounted.h"

#define PREFIX "/dev/"

/* Where c first is in [p, end), or end. */
static const char *find(const char *p, const char *end, char c)
{
	while (p < end && *p != c)
		p++;
	return p;
}

/* Whether a is b, or b's partition ("diskN" and "diskNpM"). */
static int contains(const char *a, size_t a_len, const char *b, size_t b_len)
{
	if (b_len < a_len || memcmp(a, b, a_len))
		return 0;
	return b_len == a_len || b[a_len] == 'p';
}

/* Whether the source of the line from line to end names a volume overlapping name. */
static int line_overlaps(const char *line, const char *end, const char *name)
{
	size_t prefix = sizeof(PREFIX) - 1, n = strlen(name), m;
	const char *source = line + prefix;

	if ((size_t)(end - line) < prefix || memcmp(line, PREFIX, prefix))
		return 0;
	m = (size_t)(find(source, end, ' ') - source);
	return contains(name, n, source, m) || contains(source, m, name, n);
}

int mounted_overlaps(const char *table, uint32_t len, const char *name)
{
	const char *p = table, *end = table + len;

	for (; p < end; p = find(p, end, '\n') + 1)
		if (line_overlaps(p, find(p, end, '\n'), name))
			return 1;
	return 0;
}
