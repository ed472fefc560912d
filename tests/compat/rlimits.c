/* Resource limits: getrlimit, setrlimit and prlimit64 for several resources, a soft
 * limit above the hard one (EINVAL), an unknown resource, lowering the hard limit,
 * limits inherited by a child. (Raising a hard limit needs a privilege the host's root
 * may lack; fsize.c tests RLIMIT_FSIZE's enforcement.) */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static void show(const char *name, int res)
{
	struct rlimit r;

	if (getrlimit(res, &r) < 0)
		printf("%s: errno %d\n", name, errno);
	else
		printf("%s: %lld %lld\n", name, (long long)r.rlim_cur, (long long)r.rlim_max);
}

int main(void)
{
	struct rlimit r = { 100, 200 }, old;
	int st;

	CALL(setrlimit(RLIMIT_NOFILE, &r));
	show("nofile", RLIMIT_NOFILE);
	r.rlim_cur = 300;
	CALL(setrlimit(RLIMIT_NOFILE, &r));
	r = (struct rlimit){ 50, 150 };
	CALL(prlimit(0, RLIMIT_NOFILE, &r, &old));
	printf("old: %lld %lld\n", (long long)old.rlim_cur, (long long)old.rlim_max);
	show("nofile", RLIMIT_NOFILE);
	CALL(prlimit(0, RLIMIT_NOFILE, NULL, &old));
	r = (struct rlimit){ 1 << 20, 1 << 22 };
	CALL(setrlimit(RLIMIT_CORE, &r));
	show("core", RLIMIT_CORE);
	r = (struct rlimit){ 1 << 23, 1 << 22 };
	CALL(setrlimit(RLIMIT_CORE, &r));
	r = (struct rlimit){ 1 << 10, 1 << 21 };
	CALL(setrlimit(RLIMIT_CORE, &r));
	show("core", RLIMIT_CORE);
	CALL(syscall(SYS_getrlimit, 99, &r));
	CALL(syscall(SYS_setrlimit, 99, &r));
	CALL(syscall(SYS_getrlimit, RLIMIT_NOFILE, (void *)16));
	CALL(syscall(SYS_prlimit64, 999999, RLIMIT_NOFILE, NULL, &old));
	fflush(stdout);
	if (fork() == 0) {
		show("child's nofile", RLIMIT_NOFILE);
		fflush(stdout);
		_exit(0);
	}
	wait(&st);

	return 0;
}
