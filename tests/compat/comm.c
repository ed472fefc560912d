/* A process's name as others see it (/proc/PID/comm and stat's comm follow exec and
 * PR_SET_NAME, as BusyBox's pidof reads them), and another process's CPU affinity (as
 * BusyBox's taskset -p reads it). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

/* The contents of path, up to room - 1 bytes ("" when it cannot be read). */
static void read_text(const char *path, char *buf, size_t room)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, room - 1);

	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
}

/* What /proc/self/comm and /proc/self/stat say the name is. */
static void show_names(const char *when)
{
	char comm[64], stat[512], *open_paren, *close_paren;

	read_text("/proc/self/comm", comm, sizeof(comm));
	printf("%s: comm %s", when, comm[0] ? comm : "(unreadable)\n");
	read_text("/proc/self/stat", stat, sizeof(stat));
	open_paren = strchr(stat, '(');
	close_paren = strrchr(stat, ')');
	if (!open_paren || !close_paren || close_paren < open_paren) {
		printf("%s: stat unreadable\n", when);
		return;
	}
	*close_paren = 0;
	printf("%s: stat comm %s\n", when, open_paren + 1);
}

static void names(void)
{
	show_names("after exec");
	CALL(prctl(PR_SET_NAME, "renamed"));
	show_names("after PR_SET_NAME");
	CALL(prctl(PR_SET_NAME, "a-name-longer-than-fifteen"));
	show_names("after a long name");
}

/* A child that waits to be killed: its affinity, read by its parent. */
static void others_affinity(void)
{
	cpu_set_t set;
	pid_t child = fork();

	if (child == 0) {
		pause();
		_exit(0);
	}
	printf("child's affinity read: %d\n", sched_getaffinity(child, sizeof(set), &set) == 0);
	printf("child's affinity holds a CPU: %d\n", CPU_COUNT(&set) > 0);
	kill(child, SIGKILL);
	waitpid(child, 0, 0);
	CALL(sched_getaffinity(0x3fffffff, sizeof(set), &set));
	CALL(sched_getaffinity(-5, sizeof(set), &set));
}

int main(void)
{
	names();
	others_affinity();
	return 0;
}
