/* Memory across fork and against files: an anonymous shared mapping seen by parent
 * and child, a private one copied, a file mapped shared (a store there read back with
 * read(), a write() seen in the mapping), MAP_PRIVATE copy-on-write, MAP_FIXED over a
 * mapping, a hole punched by munmap, and the errors of mmap (EINVAL, EBADF, EACCES,
 * ENODEV) and msync (EINVAL, ENOMEM). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static sigjmp_buf back;

static void on_segv(int sig)
{
	siglongjmp(back, sig);
}

/* Whether a read at p faults. */
static int faults(volatile char *p)
{
	if (sigsetjmp(back, 1))
		return 1;
	(void)*p;
	return 0;
}

static void across_fork(void)
{
	int st;
	char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *private =
		mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	strcpy(shared, "parent");
	strcpy(private, "parent");
	fflush(stdout);
	if (fork() == 0) {
		printf("child sees: %s %s\n", shared, private);
		strcpy(shared, "child");
		strcpy(private, "child");
		fflush(stdout);
		_exit(0);
	}
	wait(&st);
	printf("parent sees: %s %s\n", shared, private);
	munmap(shared, 4096);
	munmap(private, 4096);
}

static void files(void)
{
	char buf[8] = { 0 };
	int fd = open("mf", O_CREAT | O_RDWR | O_TRUNC, 0644);

	CALL(ftruncate(fd, 8192));
	char *s = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	memcpy(s + 4096, "store", 5);
	CALL(pread(fd, buf, 5, 4096));
	printf("read() sees the store: %s\n", buf);
	CALL(pwrite(fd, "WRITE", 5, 100));
	printf("the mapping sees the write: %.5s, the private one: %.5s\n", s + 100, p + 100);
	memcpy(p + 200, "mine", 4);
	printf("a private store stays private: %d\n", s[200]);
	CALL(pwrite(fd, "later", 5, 200));
	printf("after its copy, the private page keeps: %.4s\n", p + 200);
	fflush(stdout);
	if (fork() == 0) {
		memcpy(s, "kid", 3);
		_exit(0);
	}
	wait(NULL);
	CALL(pread(fd, buf, 3, 0));
	printf("a child's store to the shared file: %.3s\n", buf);
	CALL(msync(s, 8192, MS_SYNC));
	CALL(munmap(s, 8192));
	CALL(munmap(p, 8192));
	int ro = open("mf", O_RDONLY);
	CALL(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED);
	CALL(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) != MAP_FAILED);
	char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0);
	CALL(r != MAP_FAILED);
	CALL(mprotect(r, 4096, PROT_READ | PROT_WRITE)); /* shared, open for reading: EACCES */
	char *w = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CALL(mprotect(w, 4096, PROT_READ | PROT_WRITE)); /* open for writing: it may */
	w[2] = 'w';
	CALL(pread(ro, buf, 3, 0));
	printf("a store after mprotect reaches the file: %.3s\n", buf);
	CALL(munmap(r, 4096));
	CALL(munmap(w, 4096));
	int wo = open("mf", O_WRONLY);
	CALL(mmap(NULL, 4096, PROT_READ, MAP_SHARED, wo, 0) == MAP_FAILED);
	int d = open(".", O_RDONLY);
	CALL(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, d, 0) == MAP_FAILED);
	CALL(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 1) == MAP_FAILED);
	close(ro);
	close(wo);
	close(d);
	close(fd);
	unlink("mf");
}

static void fixed_and_holes(void)
{
	char *a = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(a, 'a', 4 * 4096);
	char *b = mmap(a + 4096, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CALL(b == a + 4096);
	printf("over the old page: %d, its neighbours: %c %c\n", b[0], a[0], a[2 * 4096]);
	CALL(munmap(a + 2 * 4096, 4096));
	printf("the hole faults: %d, after it: %d (%c)\n", faults(a + 2 * 4096),
	       faults(a + 3 * 4096), a[3 * 4096]);
	CALL(msync(a, 4 * 4096, MS_ASYNC));
	CALL(msync(a, 2 * 4096, MS_ASYNC));
	CALL(msync(a + 1, 4096, MS_ASYNC));
	CALL(msync(a, 4096, MS_ASYNC | MS_SYNC));
	CALL(msync(a, 4096, 0x100));
	CALL(msync(a, 0, MS_SYNC));
	CALL(mprotect(a, 4096, PROT_NONE));
	printf("PROT_NONE faults: %d\n", faults(a));
	CALL(mprotect(a, 4096, PROT_READ));
	printf("PROT_READ again: %d\n", faults(a));
	CALL(mprotect(a + 2 * 4096, 4096, PROT_READ));
	CALL(munmap(a, 4 * 4096));
	CALL(munmap(a, 4096));
	CALL(mmap(a + 1, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	     MAP_FAILED);
	CALL(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
	CALL(mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	     MAP_FAILED);
	CALL(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED);
	CALL(munmap((char *)a + 1, 4096));
	CALL(munmap(a, 0));
	CALL(mprotect((char *)a + 1, 4096, PROT_READ));
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_segv };

	sigaction(SIGSEGV, &sa, NULL);
	across_fork();
	files();
	fixed_and_holes();
	return 0;
}
