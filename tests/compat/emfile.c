/* RLIMIT_NOFILE: open, pipe, dup, dup2 and F_DUPFD against a low limit (EMFILE,
 * EBADF, EINVAL), descriptors above the limit kept, and a limit lowered below them. */
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	struct rlimit lim = { 10, 10 }, got;
	int p[2], fd;

	CALL(dup2(0, 12));
	CALL(setrlimit(RLIMIT_NOFILE, &lim));
	CALL(getrlimit(RLIMIT_NOFILE, &got));
	printf("limit %ld %ld\n", (long)got.rlim_cur, (long)got.rlim_max);
	for (fd = 3; fd < 9; fd++)
		CALL(open(".", O_RDONLY));
	CALL(pipe(p));
	CALL(open(".", O_RDONLY));
	CALL(open(".", O_RDONLY));
	CALL(dup(0));
	CALL(pipe(p));
	CALL(fcntl(0, F_DUPFD, 0));
	CALL(fcntl(0, F_DUPFD, 10));
	CALL(dup2(0, 10));
	CALL(dup2(0, 9));
	CALL(fcntl(12, F_GETFD));
	CALL(close(12));
	CALL(close(5));
	CALL(pipe(p));
	CALL(close(4));
	CALL(pipe(p));
	printf("pipe gave %d %d\n", p[0], p[1]);
	lim.rlim_cur = 20;
	CALL(setrlimit(RLIMIT_NOFILE, &lim));
	lim.rlim_cur = lim.rlim_max = 8;
	CALL(setrlimit(RLIMIT_NOFILE, &lim));
	CALL(fcntl(9, F_GETFD));
	CALL(dup(0));
	CALL(dup2(0, 8));
	CALL(dup2(9, 3));
	return 0;
}
