/* Bad addresses given to calls: EFAULT, and the program goes on, as on Linux. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define BAD    ((void *)16)
#define KERNEL ((void *)0xffff800000001000ul) /* the kernel half: never the program's */

int main(int argc, char **argv)
{
	(void)argc;
	int fd = open("efault-data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int dir = open(".", O_RDONLY | O_DIRECTORY);
	static unsigned word;
	struct stat st;

	CALL(write(fd, "some bytes", 10));
	CALL(syscall(SYS_write, 1, BAD, 10));
	CALL(syscall(SYS_read, fd, BAD, 10));
	CALL(syscall(SYS_newfstatat, AT_FDCWD, "efault-data", BAD, 0));
	CALL(syscall(SYS_fstat, fd, BAD));
	CALL(syscall(SYS_openat, AT_FDCWD, BAD, O_RDONLY));
	CALL(syscall(SYS_uname, BAD));
	CALL(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD));
	CALL(syscall(SYS_getcwd, BAD, 100));
	/* paths in the kernel half */
	CALL(syscall(SYS_openat, AT_FDCWD, KERNEL, O_RDONLY));
	CALL(syscall(SYS_newfstatat, AT_FDCWD, KERNEL, &st, 0));
	CALL(syscall(SYS_mkdirat, AT_FDCWD, KERNEL, 0755));
	CALL(syscall(SYS_unlinkat, AT_FDCWD, KERNEL, 0));
	CALL(syscall(SYS_chdir, KERNEL));
	/* buffers in the kernel half */
	CALL(syscall(SYS_read, fd, KERNEL, 10));
	CALL(syscall(SYS_pread64, fd, KERNEL, 10, 0));
	CALL(syscall(SYS_readv, fd, KERNEL, 1));
	CALL(syscall(SYS_write, fd, KERNEL, 10));
	CALL(syscall(SYS_getrandom, KERNEL, 16, 0));
	CALL(syscall(SYS_getcwd, KERNEL, 100));
	CALL(symlink("efault-data", "efault-link"));
	CALL(syscall(SYS_readlink, "efault-link", KERNEL, 10));
	CALL(syscall(SYS_getdents64, dir, KERNEL, 4096));
	CALL(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, KERNEL));
	CALL(syscall(SYS_gettimeofday, KERNEL, 0));
	CALL(syscall(SYS_time, KERNEL));
	CALL(syscall(SYS_nanosleep, KERNEL, 0));
	CALL(syscall(SYS_pipe, KERNEL));
	CALL(syscall(SYS_fstat, fd, KERNEL));
	CALL(syscall(SYS_newfstatat, AT_FDCWD, "efault-data", KERNEL, 0));
	CALL(syscall(SYS_statx, AT_FDCWD, "efault-data", 0, 0x7ff /* STATX_BASIC_STATS */, KERNEL));
	CALL(syscall(SYS_getrlimit, RLIMIT_NOFILE, KERNEL));
	CALL(syscall(SYS_setrlimit, RLIMIT_NOFILE, KERNEL));
	CALL(syscall(SYS_sched_getaffinity, 0, 128, KERNEL));
	CALL(syscall(SYS_futex, &word, 0 /* FUTEX_WAIT */, 0, KERNEL, 0, 0));
	/* execve's vectors and strings: the program itself, never run again */
	char *bad_string[] = { KERNEL, 0 };
	CALL(syscall(SYS_execve, argv[0], KERNEL, 0));
	CALL(syscall(SYS_execve, argv[0], bad_string, 0));
	printf("still here\n");
	close(dir);
	close(fd);
	unlink("efault-link");
	unlink("efault-data");
	return 0;
}
