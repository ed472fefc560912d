/* sysinfo, getrusage and times: what is sure on any machine (memory there, free no
 * more than total, times that do not go back), and their errors. */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	struct sysinfo si;
	struct rusage ru;
	struct tms t;

	CALL(sysinfo(&si));
	CALL(si.mem_unit >= 1);
	CALL((unsigned long long)si.totalram * si.mem_unit >= 16ull << 20);
	CALL(si.freeram <= si.totalram);
	CALL(si.uptime >= 0);
	CALL(si.procs >= 1);
	CALL(syscall(SYS_sysinfo, (void *)16));
	CALL(sysconf(_SC_PHYS_PAGES) > 0);

	CALL(getrusage(RUSAGE_SELF, &ru));
	CALL(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
	CALL(ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000);
	CALL(getrusage(RUSAGE_CHILDREN, &ru));
	CALL(getrusage(RUSAGE_THREAD, &ru));
	CALL(getrusage(5, &ru));
	CALL(syscall(SYS_getrusage, RUSAGE_SELF, (void *)16));

	clock_t a = times(&t), b = times(NULL);
	CALL(a != (clock_t)-1);
	CALL(b >= a);
	CALL(t.tms_utime >= 0 && t.tms_stime >= 0 && t.tms_cutime >= 0 && t.tms_cstime >= 0);
	CALL(syscall(SYS_times, (void *)16));
	return 0;
}
