/* A vfork child and its parent are one memory on Linux until the child execs or ends:
 * what the child maps, unmaps, protects, moves or grows is the parent's too. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static char *volatile made, *volatile moved;

static sigjmp_buf back;

static void segv(int sig)
{
	siglongjmp(back, sig);
}

/* Whether a store at p faults. */
static int read_only(char *p)
{
	signal(SIGSEGV, segv);
	if (sigsetjmp(back, 1))
		return 1;
	*(volatile char *)p = 1;
	return 0;
}

/* Whether [p, p + n) is mapped (msync: ENOMEM for a hole). */
static int mapped(void *p, size_t n)
{
	return msync(p, n, MS_ASYNC) == 0;
}

int main(void)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS, rw = PROT_READ | PROT_WRITE;
	char *keep = mmap(0, PAGE, rw, flags, -1, 0);
	char *gone = mmap(0, PAGE, rw, flags, -1, 0);
	char *ro = mmap(0, PAGE, rw, flags, -1, 0);
	char *grow = mmap(0, PAGE, rw, flags, -1, 0);
	int st;

	if (keep == MAP_FAILED || gone == MAP_FAILED || ro == MAP_FAILED || grow == MAP_FAILED)
		return 1;
	strcpy(keep, "the parent's");
	strcpy(grow, "grown");
	pid_t pid = vfork();
	if (pid == 0) {
		made = mmap(0, 2 * PAGE, rw, flags, -1, 0);
		if (made != MAP_FAILED)
			strcpy(made + PAGE, "made by the child");
		munmap(gone, PAGE);
		mprotect(ro, PAGE, PROT_READ);
		moved = mremap(grow, PAGE, 4 * PAGE, MREMAP_MAYMOVE);
		if (moved != MAP_FAILED)
			strcpy(moved + 3 * PAGE, "and grown");
		strcpy(keep, "the child's");
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 1;
	printf("a page both had: %s\n", keep);
	printf("a mapping the child made: %s\n",
	       made != MAP_FAILED && mapped(made, 2 * PAGE) ? made + PAGE : "(not there)");
	printf("a mapping the child unmapped: %s\n", mapped(gone, PAGE) ? "there" : "gone");
	printf("one it made read-only: %s\n", read_only(ro) ? "read-only" : "writable");
	printf("one it grew: %s, %s\n", moved != MAP_FAILED ? moved : "(failed)",
	       moved != MAP_FAILED && mapped(moved, 4 * PAGE) ? moved + 3 * PAGE : "(not there)");
	printf("its old place: %s\n",
	       moved == grow || !mapped(grow, PAGE) ? "left as Linux leaves it" : "still mapped");
	return 0;
}
