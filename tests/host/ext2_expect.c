/* What the ext2 write tests leave for their .t to check with debugfs (see
 * ext2_expect.h), and the path walk they share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ext2_expect.h"

static const char *expect_dir;

void expect_init(const char *dir)
{
	expect_dir = dir;
}

int path_resolve(struct ext2_fs *fs, const char *path, uint32_t *ino)
{
	const char *p = path, *end;
	int err;
	*ino = EXT2_ROOT;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		err = ext2_lookup(fs, *ino, p, (size_t)(end - p), ino);
		if (err < 0)
			return err;
		p = end;
	}
	return 0;
}

/* For the .t: debugfs must dump exactly these bytes for path. */
void expect_file(const char *path, const uint8_t *data, size_t len)
{
	char name[1200], *p;
	FILE *f;
	snprintf(name, sizeof(name), "%s/files/%s", expect_dir, path + 1);
	for (p = name + strlen(expect_dir) + 7; *p; p++)
		if (*p == '/')
			*p = ',';
	f = fopen(name, "wb");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

/* For the .t: debugfs's stat of path must give what the library's stat gives now. */
void expect_stat(struct ext2_fs *fs, const char *path)
{
	static const char types[] = "?pc?d?b?f?l?s???";
	struct vfs_stat st;
	char line[1400], extra[40] = "-", name[1200];
	uint32_t ino;
	FILE *f;
	if (path_resolve(fs, path, &ino) < 0 || ext2_stat(fs, ino, &st) < 0)
		return;
	if ((st.mode & 0170000) == 0020000 || (st.mode & 0170000) == 0060000)
		snprintf(extra, sizeof(extra), "%u:%u", (st.rdev >> 8) & 0xfff,
			 (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00));
	/* debugfs prints the permission bits as "0%03o" when they fit, else "0%o". */
	snprintf(line, sizeof(line), "%s\t%c\t0%03o\t%u\t%llu\t%llu\t%s\n", path,
		 types[(st.mode >> 12) & 15], st.mode & 07777, st.nlink,
		 (unsigned long long)st.size, (unsigned long long)st.blocks, extra);
	snprintf(name, sizeof(name), "%s/stats", expect_dir);
	f = fopen(name, "a");
	if (f) {
		fputs(line, f);
		fclose(f);
	}
}

/* The whole of path as the library reads it, into expect_file. */
void expect_contents(struct ext2_fs *fs, const char *path)
{
	struct vfs_stat st;
	uint32_t ino;
	uint8_t *buf;
	if (path_resolve(fs, path, &ino) < 0 || ext2_stat(fs, ino, &st) < 0)
		return;
	buf = malloc(st.size + 1);
	if (ext2_read(fs, ino, 0, buf, st.size) == (int64_t)st.size)
		expect_file(path, buf, st.size);
	free(buf);
	expect_stat(fs, path);
}
