/*
 * /proc/self: the process server serves /proc, and the paths that reach it come through
 * the fs-server, which knows the identity of the handle asked but not which process
 * asked. The process knows itself: a path that starts with /proc/self is sent as
 * /proc/PID, and /proc/self itself reads as the link to PID it is on Linux.
 */
#include <format.h>
#include <linux/limits.h>
#include <string.h>
#include "path.h"
#include "process.h"

#define SELF "/proc/self"

/* Whether path is /proc/self followed by nothing (0), '/' (1) or anything else (-1). */
static int after_self(const char *path)
{
	size_t n = sizeof(SELF) - 1;

	if (strncmp(path, SELF, n))
		return -1;
	return path[n] == 0 ? 0 : path[n] == '/' ? 1 : -1;
}

const char *proc_self_path(const char *path)
{
	static char buf[PATH_MAX + 16];

	if (!path || after_self(path) < 0)
		return path;
	snprintf(buf, sizeof(buf), "/proc/%d%s", process.pid, path + sizeof(SELF) - 1);
	return buf;
}

int proc_self_link(const char *path, char *target, size_t room)
{
	if (!path || after_self(path) != 0)
		return -1;
	return snprintf(target, room, "%d", process.pid);
}
