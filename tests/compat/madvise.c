/* madvise: MADV_DONTNEED drops private pages (anonymous memory reads zeros again, a
 * private file mapping the file), keeps shared ones (shared anonymous memory, a shared
 * file mapping), acts on a child's copy only; MADV_DONTFORK, MADV_DOFORK,
 * MADV_WIPEONFORK and MADV_KEEPONFORK; the hints; Linux's errors, and a range with a
 * hole still advised where it is mapped. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define PAGE 4096L

static char *map(long pages, int flags, int fd)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, flags, fd, 0);
}

static void anonymous(void)
{
	char *p = map(3, MAP_PRIVATE | MAP_ANONYMOUS, -1);

	memset(p, 'x', 3 * PAGE);
	CALL(madvise(p + PAGE, PAGE, MADV_DONTNEED));
	printf("private: %c %d %c\n", p[0], p[PAGE], p[2 * PAGE]);
	p[PAGE] = 'y';
	printf("written again: %c\n", p[PAGE]);
	CALL(madvise(p, 3 * PAGE, MADV_DONTNEED));
	printf("all dropped: %d %d %d\n", p[0], p[PAGE], p[2 * PAGE]);
	CALL(munmap(p, 3 * PAGE));

	char *s = map(1, MAP_SHARED | MAP_ANONYMOUS, -1);
	s[0] = 's';
	CALL(madvise(s, PAGE, MADV_DONTNEED));
	printf("shared anonymous keeps: %c\n", s[0]);
	CALL(madvise(s, PAGE, MADV_FREE));
	CALL(munmap(s, PAGE));
}

static void after_fork(void)
{
	char *p = map(1, MAP_PRIVATE | MAP_ANONYMOUS, -1);

	p[0] = 'p';
	fflush(stdout);
	if (fork() == 0) {
		CALL(madvise(p, PAGE, MADV_DONTNEED));
		printf("child's copy dropped: %d\n", p[0]);
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	printf("parent's kept: %c\n", p[0]);
	CALL(madvise(p, PAGE, MADV_DONTNEED));
	printf("then the parent's: %d\n", p[0]);
	CALL(munmap(p, PAGE));
}

/* Whether the child of a fork finds p mapped. */
static void child_finds(const char *what, char *p)
{
	int status;

	fflush(stdout);
	if (fork() == 0)
		_exit(madvise(p, PAGE, MADV_NORMAL) == 0 ? p[0] : 1);
	wait(&status);
	printf("%s: child's status %d\n", what, WEXITSTATUS(status));
}

static void inheritance(void)
{
	char *p = map(2, MAP_PRIVATE | MAP_ANONYMOUS, -1);

	p[0] = 'i';
	CALL(madvise(p, PAGE, MADV_DONTFORK));
	child_finds("after MADV_DONTFORK", p);
	child_finds("the page beside it", p + PAGE);
	CALL(madvise(p, 2 * PAGE, MADV_DOFORK));
	child_finds("after MADV_DOFORK", p);
	CALL(madvise(p, PAGE, MADV_WIPEONFORK));
	child_finds("after MADV_WIPEONFORK", p);
	printf("the parent keeps its own: %c\n", p[0]);
	CALL(madvise(p, 2 * PAGE, MADV_KEEPONFORK));
	child_finds("after MADV_KEEPONFORK", p);
	CALL(munmap(p, 2 * PAGE));

	char *s = map(1, MAP_SHARED | MAP_ANONYMOUS, -1);
	CALL(madvise(s, PAGE, MADV_WIPEONFORK));
	CALL(madvise(s, PAGE, MADV_KEEPONFORK));
	CALL(munmap(s, PAGE));
	int fd = open("wiped", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CALL(ftruncate(fd, PAGE));
	char *f = map(1, MAP_PRIVATE, fd);
	CALL(madvise(f, PAGE, MADV_WIPEONFORK));
	CALL(munmap(f, PAGE));
	close(fd);
	CALL(unlink("wiped"));
}

static void files(void)
{
	char page[2 * PAGE], buf[4] = { 0 };
	int fd = open("advised", O_CREAT | O_RDWR | O_TRUNC, 0644);

	memset(page, 'f', sizeof(page));
	CALL(write(fd, page, sizeof(page)));
	char *s = map(2, MAP_SHARED, fd);
	char *p = map(2, MAP_PRIVATE, fd);
	s[0] = 'S';
	p[PAGE] = 'P';
	CALL(madvise(s, 2 * PAGE, MADV_DONTNEED));
	printf("shared file mapping: %c\n", s[0]);
	CALL(madvise(s, PAGE, MADV_FREE));
	CALL(madvise(p, PAGE, MADV_FREE));
	CALL(pread(fd, buf, 1, 0));
	printf("the file: %c\n", buf[0]);
	printf("private file mapping before: %c %c\n", p[0], p[PAGE]);
	CALL(madvise(p, 2 * PAGE, MADV_DONTNEED));
	printf("after: %c %c\n", p[0], p[PAGE]);
	CALL(pwrite(fd, "W", 1, PAGE));
	printf("reads the file again: %c %c\n", s[PAGE], p[PAGE]);
	CALL(munmap(s, 2 * PAGE));
	CALL(munmap(p, 2 * PAGE));
	close(fd);
	CALL(unlink("advised"));
}

/* A file mapped by one private mapping alone: a store stays out of the file, and
 * MADV_DONTNEED reads the file again. */
static void private_alone(void)
{
	char buf[2] = { 0 };
	int fd = open("alone", O_CREAT | O_RDWR | O_TRUNC, 0644);

	CALL(write(fd, "abcd", 4));
	char *p = map(1, MAP_PRIVATE, fd);
	p[0] = 'X';
	CALL(pread(fd, buf, 1, 0));
	printf("the file under a private store: %c\n", buf[0]);
	CALL(madvise(p, PAGE, MADV_DONTNEED));
	printf("the mapping after MADV_DONTNEED: %c\n", p[0]);
	CALL(munmap(p, PAGE));
	close(fd);
	CALL(unlink("alone"));
}

static void hints(void)
{
	static const int advice[] = { MADV_NORMAL,   MADV_RANDOM,    MADV_SEQUENTIAL, MADV_WILLNEED,
				      MADV_DONTDUMP, MADV_DODUMP,    MADV_COLD,	      MADV_PAGEOUT,
				      MADV_HUGEPAGE, MADV_NOHUGEPAGE };
	char *p = map(2, MAP_PRIVATE | MAP_ANONYMOUS, -1);

	p[0] = 'h';
	for (unsigned i = 0; i < sizeof(advice) / sizeof(advice[0]); i++)
		printf("advice %d: %d\n", advice[i], madvise(p, 2 * PAGE, advice[i]));
	printf("kept: %c\n", p[0]);
	CALL(madvise(p, 2 * PAGE, MADV_FREE));
	CALL(munmap(p, 2 * PAGE));
}

static void errors(void)
{
	char *p = map(3, MAP_PRIVATE | MAP_ANONYMOUS, -1);

	memset(p, 'e', 3 * PAGE);
	CALL(madvise(p, PAGE, 999));
	CALL(madvise(p, PAGE, MADV_REMOVE));
	CALL(madvise(p + 1, PAGE, MADV_NORMAL));
	CALL(madvise(p + 1, 0, MADV_NORMAL));
	CALL(madvise(p, 0, MADV_DONTNEED));
	CALL(madvise(p, -1UL, MADV_NORMAL));
	CALL(munmap(p + PAGE, PAGE));
	CALL(madvise(p + PAGE, PAGE, MADV_NORMAL));
	CALL(madvise(p, 3 * PAGE, MADV_DONTNEED));
	printf("the mapped parts dropped all the same: %d %d\n", p[0], p[2 * PAGE]);
	CALL(munmap(p, 3 * PAGE));
	CALL(madvise(p, PAGE, MADV_WILLNEED));
}

int main(void)
{
	anonymous();
	after_fork();
	inheritance();
	files();
	private_alone();
	hints();
	errors();
	return 0;
}
