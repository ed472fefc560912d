/*
 * What the Masque-only test programs share: TAP points, one fact each, numbered as
 * they come (the program prints its plan at the end), and the small file helpers
 * their points use. Each program includes it once.
 */
#ifndef TESTS_COMPAT_MASQUE_POINTS_H
#define TESTS_COMPAT_MASQUE_POINTS_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int n; /* points so far */

static void check(const char *what, int ok)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n, what);
	fflush(stdout);
}

/* The errno of a call that should fail (0 if it did not). */
static int err_of(int r)
{
	return r < 0 ? errno : 0;
}

/* Write text as the whole of path (made 0644): 0, or -1 with errno. */
static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	return close(fd) == 0 && ok ? 0 : -1;
}

/* The first bytes of path, or "" */
static const char *get(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t got = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[got > 0 ? got : 0] = 0;
	return buf;
}

/* Whether a line of the mount table has text in it. */
static int in_table(const char *text)
{
	char line[512];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		found |= strstr(line, text) != NULL;
	if (f)
		fclose(f);
	return found;
}

#endif
