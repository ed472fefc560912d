/* The program break: brk(0) finds it, growing it gives zeroed memory, shrinking and
 * growing again gives zeros again, sbrk's increments, and a break that cannot move
 * (below the start) stays where it was. */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "report.h"

static long zeros(const char *p, long n)
{
	long z = 0;

	for (long i = 0; i < n; i++)
		z += p[i] == 0;
	return z;
}

int main(void)
{
	char *start = (char *)syscall(SYS_brk, 0);
	char *end;

	CALL((char *)syscall(SYS_brk, 0) == start);
	end = (char *)syscall(SYS_brk, start + 100000);
	CALL(end == start + 100000);
	printf("new memory zeroed: %ld of 100000\n", zeros(start, 100000));
	for (long i = 0; i < 100000; i++)
		start[i] = (char)(i | 1);
	end = (char *)syscall(SYS_brk, start + 10000);
	CALL(end == start + 10000);
	end = (char *)syscall(SYS_brk, start + 200000);
	CALL(end == start + 200000);
	printf("kept below: %ld zeros of 10000; zeroed from the next page: %ld of %ld\n",
	       zeros(start, 10000), zeros(start + 12288, 200000 - 12288), 200000l - 12288);
	end = (char *)syscall(SYS_brk, start - 4096 * 1000);
	CALL(end == start + 200000);
	end = (char *)syscall(SYS_brk, (char *)1);
	CALL(end == start + 200000);
	end = (char *)syscall(SYS_brk, start);
	CALL(end == start);
	void *s = sbrk(0);
	CALL(sbrk(8192) == s);
	CALL((char *)sbrk(0) - (char *)s);
	CALL(sbrk(-4096) != (void *)-1);
	CALL((char *)sbrk(0) - (char *)s);
	return 0;
}
