/* RLIMIT_AS: mmap, brk and mremap's growth fail ENOMEM past the limit (the break
 * stays where it was), MAP_FIXED over a mapping counts only what it adds, malloc
 * returns NULL, and a child keeps the limit. RLIMIT_DATA: the same for private
 * writable memory only. The program's own few MiB are far below the limits used, on
 * Linux and in Masque alike. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define MiB (1024L * 1024)

static char *map(long size)
{
	return mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* A failed call as -1 (errno as it set it), a mapping as 0: addresses differ. */
static long failed(const void *r)
{
	return r == MAP_FAILED ? -1 : 0;
}

static void mappings(void)
{
	CALL(failed(map(2048 * MiB)));
	char *a = map(600 * MiB);
	CALL(failed(a));
	CALL(failed(map(600 * MiB)));
	CALL(failed(mmap(a, 600 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)));
	CALL(failed(mremap(a, 600 * MiB, 1200 * MiB, MREMAP_MAYMOVE)));
	char *b = mremap(a, 600 * MiB, 700 * MiB, MREMAP_MAYMOVE);
	CALL(failed(b));
	CALL(munmap(b, 700 * MiB));
}

static void heap(void)
{
	uintptr_t start = syscall(SYS_brk, 0);

	CALL(syscall(SYS_brk, start + 1536 * MiB) == (long)start);
	CALL(syscall(SYS_brk, start + 64 * 1024) == (long)(start + 64 * 1024));
	CALL(syscall(SYS_brk, start) == (long)start);
	CALL(malloc(1536 * MiB) == NULL);
	void *small = malloc(10 * MiB);
	CALL(small != NULL);
	free(small);
}

/* RLIMIT_DATA bounds private writable memory only. */
static void data(void)
{
	struct rlimit r = { 256 * MiB, RLIM_INFINITY };
	uintptr_t start = syscall(SYS_brk, 0);

	CALL(setrlimit(RLIMIT_DATA, &r));
	CALL(failed(map(512 * MiB)));
	char *ro = mmap(NULL, 512 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CALL(failed(ro));
	CALL(munmap(ro, 512 * MiB));
	char *shared =
		mmap(NULL, 300 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CALL(failed(shared));
	CALL(munmap(shared, 300 * MiB));
	CALL(syscall(SYS_brk, start + 512 * MiB) == (long)start);
	CALL(malloc(512 * MiB) == NULL);
	char *a = map(100 * MiB);
	CALL(failed(mremap(a, 100 * MiB, 400 * MiB, MREMAP_MAYMOVE)));
	CALL(munmap(a, 100 * MiB));
}

int main(void)
{
	struct rlimit r = { 1024 * MiB, RLIM_INFINITY };
	int status;

	CALL(setrlimit(RLIMIT_AS, &r));
	mappings();
	heap();
	fflush(stdout);
	if (fork() == 0) {
		CALL(failed(map(2048 * MiB)));
		CALL(failed(map(64 * MiB)));
		_exit(0);
	}
	wait(&status);
	CALL(WEXITSTATUS(status));
	data();
	return 0;
}
