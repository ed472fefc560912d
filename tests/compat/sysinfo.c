/* What the system says of itself that does not change from machine to machine:
 * uname's fixed fields, getrandom's sizes and flags (and EINVAL, EFAULT), the page
 * size, sysinfo's unit and memory, sched_yield, sched_getaffinity. */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	struct utsname u;
	struct sysinfo si;
	unsigned char buf[600];
	cpu_set_t set;

	CALL(uname(&u));
	printf("sysname %s machine %s, release and version set: %d %d\n", u.sysname, u.machine,
	       u.release[0] != 0, u.version[0] != 0);
	CALL(getrandom(buf, 0, 0));
	CALL(getrandom(buf, 16, 0));
	CALL(getrandom(buf, 256, GRND_NONBLOCK));
	CALL(getrandom(buf, sizeof(buf), 0));
	CALL(getrandom(buf, 16, GRND_RANDOM));
	CALL(getrandom(buf, 16, GRND_INSECURE));
	CALL(getrandom(buf, 16, 0x40));
	CALL(syscall(SYS_getrandom, (void *)16, 16, 0));
	memset(buf, 0, 64);
	getrandom(buf, 64, 0);
	int zeros = 0;
	for (int i = 0; i < 64; i++)
		zeros += !buf[i];
	printf("64 random bytes are not all zero: %d\n", zeros < 64);
	CALL(getpagesize());
	CALL(sysconf(_SC_PAGESIZE));
	CALL(sysconf(_SC_CLK_TCK));
	CALL(sysinfo(&si));
	printf("sysinfo: unit %u, some memory %d, some free %d, no more free than all %d\n",
	       si.mem_unit, si.totalram > 0, si.freeram > 0, si.freeram <= si.totalram);
	CALL(syscall(SYS_sysinfo, (void *)16));
	CALL(sched_yield());
	CALL(sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0);
	CALL(syscall(SYS_sched_getaffinity, 0, 4, &set));
	CALL(syscall(SYS_sched_getaffinity, 99999, sizeof(set), &set));
	return 0;
}
