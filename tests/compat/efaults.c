/* EFAULT: a bad pointer given to calls of every family; each call fails and the
 * program goes on. (A kernel address: in Masque emul's own touch of it is not yet
 * recovered, the program is killed.) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static void all(void *bad)
{
	int fd = open("efault-file", O_CREAT | O_RDWR | O_TRUNC, 0644);

	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);
	CALL(syscall(SYS_open, bad, O_RDONLY));
	CALL(syscall(SYS_stat, bad, bad));
	CALL(syscall(SYS_stat, "efault-file", bad));
	CALL(syscall(SYS_lstat, "efault-file", bad));
	CALL(syscall(SYS_access, bad, F_OK));
	CALL(syscall(SYS_mkdir, bad, 0755));
	CALL(syscall(SYS_unlink, bad));
	CALL(syscall(SYS_rename, bad, "x"));
	CALL(syscall(SYS_rename, "efault-file", bad));
	CALL(syscall(SYS_symlink, bad, "x"));
	CALL(syscall(SYS_readlink, bad, bad, 10));
	CALL(syscall(SYS_chdir, bad));
	CALL(syscall(SYS_chmod, bad, 0644));
	CALL(syscall(SYS_truncate, bad, 0));
	CALL(syscall(SYS_execve, bad, NULL, NULL));
	/* a bad vector, a bad string in one, a bad environment: each fails (the program
	 * is there, so Linux copies them too), and the next execve still can */
	char *bad_string[] = { bad, NULL };
	CALL(syscall(SYS_execve, "/proc/self/exe", bad, NULL));
	CALL(syscall(SYS_execve, "/proc/self/exe", bad_string, NULL));
	CALL(syscall(SYS_execve, "/proc/self/exe", NULL, bad));
	CALL(syscall(SYS_read, fd, bad, 5));
	CALL(syscall(SYS_pread64, fd, bad, 5, 0));
	CALL(syscall(SYS_pwrite64, fd, bad, 5, 0));
	CALL(syscall(SYS_readv, fd, bad, 1));
	struct iovec v = { bad, 4 };
	CALL(syscall(SYS_writev, fd, &v, 1));
	CALL(syscall(SYS_getdents64, open(".", O_RDONLY), bad, 4096));
	CALL(syscall(SYS_pipe, bad));
	CALL(syscall(SYS_pipe2, bad, 0));
	CALL(syscall(SYS_getrlimit, RLIMIT_NOFILE, bad));
	CALL(syscall(SYS_setrlimit, RLIMIT_NOFILE, bad));
	CALL(syscall(SYS_clock_gettime, CLOCK_REALTIME, bad));
	CALL(syscall(SYS_clock_getres, CLOCK_REALTIME, bad));
	CALL(syscall(SYS_nanosleep, bad, NULL));
	CALL(syscall(SYS_gettimeofday, bad, NULL));
	CALL(syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8));
	CALL(syscall(SYS_rt_sigaction, SIGUSR1, NULL, bad, 8));
	CALL(syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8));
	CALL(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, bad, 8));
	CALL(syscall(SYS_rt_sigpending, bad, 8));
	CALL(syscall(SYS_sigaltstack, bad, NULL));
	CALL(syscall(SYS_uname, bad));
	CALL(syscall(SYS_getcwd, bad, 200));
	CALL(syscall(SYS_getrandom, bad, 8, 0));
	CALL(syscall(SYS_sched_getaffinity, 0, 128, bad));
	CALL(syscall(SYS_utimensat, AT_FDCWD, "efault-file", bad, 0));
	CALL(syscall(SYS_newfstatat, AT_FDCWD, bad, bad, 0));
	CALL(syscall(SYS_statx, AT_FDCWD, "efault-file", 0, 0x7ff, bad));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	CALL(syscall(SYS_wait4, pid, bad, 0, NULL));
	CALL(syscall(SYS_wait4, pid, NULL, WNOHANG, NULL));
	close(fd);
	unlink("efault-file");
}

int main(void)
{
	all((void *)16);
	printf("still here\n");
	return 0;
}
