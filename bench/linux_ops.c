/* The side-by-side benchmark: one static Linux program that times common system calls
 * with rdtsc (one tick per instruction under QEMU -icount shift=0) and prints
 * "bench NAME TICKS" lines, or "bench NAME failed: CALL: REASON". tools/bench_linux.sh
 * runs it inside Masque and as /init of a Linux booted by the same QEMU command line. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "measure.h"

#define CHEAP_RUNS 10000 /* getpid, getppid */
#define FILE_RUNS  2000	 /* fstat, stat, open+close, pipe round trips */
#define FORK_RUNS  200
#define EXEC_RUNS  100
#define FILES	   1000
#define READ_SIZE  (64 << 20)
#define READ_CHUNK (64 << 10)

/* Everything the program makes is under this directory, made in the current one. */
#define DIR	  "linux_ops.d"
#define STAT_FILE DIR "/stat"
#define READ_FILE DIR "/read"

static uint64_t samples[CHEAP_RUNS];
static char chunk[READ_CHUNK];
static char *self; /* argv[0]: what fork+execve runs */

/* Say why a benchmark could not run; the others still do. */
static int failed(const char *name, const char *call)
{
	printf("bench %s failed: %s: %s\n", name, call, strerror(errno));
	return -1;
}

static void getpid_cost(void)
{
	for (int i = 0; i < CHEAP_RUNS; i++) {
		uint64_t t = cycles();
		getpid();
		samples[i] = cycles() - t;
	}
	report("getpid", samples, CHEAP_RUNS);
}

static void getppid_cost(void)
{
	for (int i = 0; i < CHEAP_RUNS; i++) {
		uint64_t t = cycles();
		getppid();
		samples[i] = cycles() - t;
	}
	report("getppid", samples, CHEAP_RUNS);
}

static int fstat_cost(void)
{
	struct stat st;
	int fd = open(STAT_FILE, O_RDONLY);

	if (fd < 0)
		return failed("fstat", "open");
	for (int i = 0; i < FILE_RUNS; i++) {
		uint64_t t = cycles();
		int r = fstat(fd, &st);
		samples[i] = cycles() - t;
		if (r < 0)
			return failed("fstat", "fstat");
	}
	close(fd);
	report("fstat", samples, FILE_RUNS);
	return 0;
}

static int stat_cost(void)
{
	struct stat st;

	for (int i = 0; i < FILE_RUNS; i++) {
		uint64_t t = cycles();
		int r = stat(STAT_FILE, &st);
		samples[i] = cycles() - t;
		if (r < 0)
			return failed("stat", "stat");
	}
	report("stat", samples, FILE_RUNS);
	return 0;
}

static int open_close_cost(void)
{
	for (int i = 0; i < FILE_RUNS; i++) {
		uint64_t t = cycles();
		int fd = open(STAT_FILE, O_RDONLY);
		if (fd < 0)
			return failed("open_close", "open");
		int r = close(fd);
		samples[i] = cycles() - t;
		if (r < 0)
			return failed("open_close", "close");
	}
	report("open_close", samples, FILE_RUNS);
	return 0;
}

/* The child's side of the round trips: every byte back until end of file. */
static void echo_bytes(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

static int pipe_round_trip_cost(void)
{
	int there[2], back[2], st;
	char c = 'x';

	if (pipe(there) < 0 || pipe(back) < 0)
		return failed("pipe_round_trip", "pipe");
	pid_t pid = fork();
	if (pid < 0)
		return failed("pipe_round_trip", "fork");
	if (pid == 0) {
		close(there[1]);
		close(back[0]);
		echo_bytes(there[0], back[1]);
	}
	close(there[0]);
	close(back[1]);
	for (int i = 0; i < FILE_RUNS; i++) {
		uint64_t t = cycles();
		if (write(there[1], &c, 1) != 1)
			return failed("pipe_round_trip", "write");
		if (read(back[0], &c, 1) != 1)
			return failed("pipe_round_trip", "read");
		samples[i] = cycles() - t;
	}
	close(there[1]);
	close(back[0]);
	if (waitpid(pid, &st, 0) < 0)
		return failed("pipe_round_trip", "waitpid");
	report("pipe_round_trip", samples, FILE_RUNS);
	return 0;
}

/* One child made and reaped; with exec, the child runs this program with "exit". */
static int fork_and_wait(const char *name, int exec)
{
	char *argv[] = { self, "exit", NULL };
	int st;

	pid_t pid = fork();
	if (pid < 0)
		return failed(name, "fork");
	if (pid == 0) {
		if (exec)
			execv(self, argv);
		_exit(exec ? 127 : 0);
	}
	if (waitpid(pid, &st, 0) < 0)
		return failed(name, "waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("bench %s failed: the child ended with status %#x\n", name, st);
		return -1;
	}
	return 0;
}

static int fork_cost(const char *name, int exec, int runs)
{
	for (int i = 0; i < runs; i++) {
		uint64_t t = cycles();
		if (fork_and_wait(name, exec) < 0)
			return -1;
		samples[i] = cycles() - t;
	}
	report(name, samples, runs);
	return 0;
}

static int write_read_file(void)
{
	int fd = open(READ_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return failed("read_64mib", "open");
	memset(chunk, 'r', sizeof(chunk));
	for (long done = 0; done < READ_SIZE; done += READ_CHUNK)
		if (write(fd, chunk, READ_CHUNK) != READ_CHUNK)
			return failed("read_64mib", "write");
	if (close(fd) < 0)
		return failed("read_64mib", "close");
	sync(); /* its write-back is not the reads' nor the next test's to pay for */
	return 0;
}

/* 64 MiB just written (and synced), read back in 64 KiB calls: the total. */
static int read_cost(void)
{
	long total = 0;
	ssize_t n;

	if (write_read_file() < 0)
		return -1;
	int fd = open(READ_FILE, O_RDONLY);
	if (fd < 0)
		return failed("read_64mib", "open");
	uint64_t t = cycles();
	while ((n = read(fd, chunk, READ_CHUNK)) > 0)
		total += n;
	t = cycles() - t;
	if (n < 0)
		return failed("read_64mib", "read");
	close(fd);
	unlink(READ_FILE);
	if (total != READ_SIZE) {
		printf("bench read_64mib failed: read %ld bytes of %d\n", total, READ_SIZE);
		return -1;
	}
	report_value("read_64mib", t);
	return 0;
}

/* 1,000 empty files made in one directory, then each removed: the total. */
static int create_unlink_cost(void)
{
	char name[64];

	uint64_t t = cycles();
	for (int i = 0; i < FILES; i++) {
		snprintf(name, sizeof(name), DIR "/f%d", i);
		int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || close(fd) < 0)
			return failed("create_unlink_1000", "open");
	}
	for (int i = 0; i < FILES; i++) {
		snprintf(name, sizeof(name), DIR "/f%d", i);
		if (unlink(name) < 0)
			return failed("create_unlink_1000", "unlink");
	}
	report_value("create_unlink_1000", cycles() - t);
	return 0;
}

static int make_files(void)
{
	if (mkdir(DIR, 0755) < 0 && errno != EEXIST)
		return failed("setup", "mkdir");
	int fd = open(STAT_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "stat me\n", 8) != 8 || close(fd) < 0)
		return failed("setup", "open " STAT_FILE);
	return 0;
}

/* As Linux's init: the console for output; the kernel may have opened none. */
static void open_console(void)
{
	if (fcntl(1, F_GETFD) >= 0)
		return;
	int fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exit") == 0)
		return 0;
	int init = getpid() == 1;
	if (init)
		open_console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	self = argv[0];
	if (make_files() == 0) {
		getpid_cost();
		getppid_cost();
		fstat_cost();
		stat_cost();
		open_close_cost();
		pipe_round_trip_cost();
		fork_cost("fork_exit_wait", 0, FORK_RUNS);
		fork_cost("fork_exec_wait", 1, EXEC_RUNS);
		read_cost();
		create_unlink_cost();
		unlink(STAT_FILE);
		rmdir(DIR);
	}
	printf("bench done\n");
	fflush(stdout);
	if (init)
		reboot(RB_POWER_OFF);
	return 0;
}
