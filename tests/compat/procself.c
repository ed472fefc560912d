/* /proc as a process sees itself there: each line says whether one fact of /proc/self
 * (and of the machine's files) agrees with what the system calls say. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#define PROC_SUPER_MAGIC 0x9fa0

static int read_file(const char *path, char *buf, size_t room)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, room - 1, f);
	buf[n] = 0;
	fclose(f);
	return (int)n;
}

/* The value after "name:" in a file of "name: value" lines, or -1. */
static long field(const char *text, const char *name)
{
	const char *at = strstr(text, name);

	return at ? strtol(at + strlen(name), NULL, 10) : -1;
}

static void stat_line(const char *self_name)
{
	char buf[4096], comm[64], state;
	int pid, ppid, pgrp, sid;

	if (read_file("/proc/self/stat", buf, sizeof(buf)) <= 0 ||
	    sscanf(buf, "%d (%63[^)]) %c %d %d %d", &pid, comm, &state, &ppid, &pgrp, &sid) != 6) {
		printf("stat: unreadable\n");
		return;
	}
	printf("stat pid is getpid: %d\n", pid == getpid());
	printf("stat comm is the program's name: %d\n", !strncmp(comm, self_name, 15));
	printf("stat state is R: %d\n", state == 'R');
	printf("stat ppid is getppid: %d\n", ppid == getppid());
	printf("stat pgrp is getpgrp: %d\n", pgrp == getpgrp());
	printf("stat session is getsid: %d\n", sid == getsid(0));
}

static void status_file(void)
{
	char buf[4096];

	read_file("/proc/self/status", buf, sizeof(buf));
	printf("status Pid is getpid: %d\n", field(buf, "\nPid:") == getpid());
	printf("status PPid is getppid: %d\n", field(buf, "\nPPid:") == getppid());
	printf("status Uid is getuid: %d\n", field(buf, "\nUid:") == (long)getuid());
	printf("status has VmRSS: %d\n", field(buf, "\nVmRSS:") > 0);
}

static void cmdline(int argc, char **argv)
{
	char buf[4096], want[4096];
	int n = read_file("/proc/self/cmdline", buf, sizeof(buf)), len = 0;

	for (int i = 0; i < argc; i++)
		len += snprintf(want + len, sizeof(want) - (size_t)len, "%s", argv[i]) + 1;
	printf("cmdline is argv: %d\n", n == len && !memcmp(buf, want, (size_t)len));
}

static void self_link(void)
{
	char buf[64], want[64];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof(want), "%d", getpid());
	printf("/proc/self links to the pid: %d\n", !strcmp(buf, want));
}

/* Whether /proc/self/cwd names the directory getcwd does. */
static int cwd_is_getcwd(void)
{
	char link[4096], cwd[4096];
	ssize_t n = readlink("/proc/self/cwd", link, sizeof(link) - 1);

	if (n < 0 || !getcwd(cwd, sizeof(cwd)))
		return 0;
	link[n] = 0;
	return !strcmp(link, cwd);
}

static void cwd_link(void)
{
	printf("cwd links to getcwd's directory: %d\n", cwd_is_getcwd());
	printf("cwd follows chdir: %d\n", chdir("/") == 0 && cwd_is_getcwd());
}

/* Whether /proc/self/fd holds a link for descriptor fd. */
static int fd_listed(int fd)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

static void fd_links(void)
{
	int fd = open("/proc/self/stat", O_RDONLY);

	printf("fd has standard output: %d\n", fd_listed(1));
	printf("fd has a descriptor just opened: %d\n", fd >= 0 && fd_listed(fd));
	close(fd);
	printf("fd has no descriptor just closed: %d\n", !fd_listed(fd));
}

/* Whether descriptor fd's link names path. */
static int fd_names(int fd, const char *path)
{
	char link[64], target[256];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = 0;
	return !strcmp(target, path);
}

static void device_links(void)
{
	int fd = open("/dev/null", O_RDONLY);

	printf("fd link of /dev/null names it: %d\n", fd >= 0 && fd_names(fd, "/dev/null"));
	close(fd);
}

/* Whether getcwd says path. */
static int cwd_is(const char *path)
{
	char cwd[4096];

	return getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, path);
}

/* The pid in the stat file path names (-1 if it cannot be read). */
static int stat_pid(const char *path)
{
	char buf[4096];
	int pid = -1;

	if (read_file(path, buf, sizeof(buf)) > 0)
		sscanf(buf, "%d", &pid);
	return pid;
}

/* Whether lstat finds a directory at path. */
static int is_dir_lstat(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Paths relative to /proc and through it: "self" and ".." mean what they do on Linux. */
static void relative_paths(void)
{
	char pid_dir[64], link[64], beside[96];
	ssize_t n;

	snprintf(pid_dir, sizeof(pid_dir), "/proc/%d", getpid());
	printf("getcwd in /proc: %d\n", chdir("/proc") == 0 && cwd_is("/proc"));
	printf("self/stat from /proc is ours: %d\n", stat_pid("self/stat") == getpid());
	n = readlink("self", link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	printf("readlink self from /proc: %d\n", atoi(link) == getpid());
	printf("getcwd in /proc/self: %d\n", chdir("self") == 0 && cwd_is(pid_dir));
	printf(".. from /proc/PID is /proc: %d\n", chdir("..") == 0 && cwd_is("/proc"));
	printf(".. from /proc is /: %d\n", chdir("..") == 0 && cwd_is("/"));
	printf("/proc/./self/stat is ours: %d\n", stat_pid("/proc/./self/stat") == getpid());
	snprintf(beside, sizeof(beside), "%s/../self/stat", pid_dir);
	printf("/proc/PID/../self/stat is ours: %d\n", stat_pid(beside) == getpid());
	printf("lstat /proc/self/ follows the link: %d\n", is_dir_lstat("/proc/self/"));
	printf("lstat /proc/self/cwd/ follows the link: %d\n", is_dir_lstat("/proc/self/cwd/"));
	printf("/proc/self/../.. is /: %d\n",
	       access("/proc/self/../../proc/self/../../proc", F_OK) == 0);
}

static void machine(void)
{
	char buf[8192];
	struct sysinfo si;
	struct statfs sf;
	double up = -1;

	sysinfo(&si);
	read_file("/proc/meminfo", buf, sizeof(buf));
	printf("MemTotal is sysinfo's totalram: %d\n",
	       (unsigned long long)field(buf, "MemTotal:") * 1024 ==
		       (unsigned long long)si.totalram * si.mem_unit);
	read_file("/proc/uptime", buf, sizeof(buf));
	sscanf(buf, "%lf", &up);
	printf("uptime is sysinfo's within 2 s: %d\n",
	       up >= 0 && up - si.uptime < 2 && si.uptime - up < 2);
	read_file("/proc/mounts", buf, sizeof(buf));
	printf("mounts has /proc: %d\n", strstr(buf, " /proc proc ") != NULL);
	printf("statfs of /proc says proc: %d\n",
	       statfs("/proc", &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC);
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');

	stat_line(name ? name + 1 : argv[0]);
	status_file();
	cmdline(argc, argv);
	self_link();
	cwd_link();
	fd_links();
	device_links();
	relative_paths();
	machine();
	return 0;
}
