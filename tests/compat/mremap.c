/* mremap: shrinking, growing in place when the room after is free, ENOMEM when it is
 * not and the mapping may not move, MREMAP_MAYMOVE keeping a private mapping's contents
 * and a shared file mapping's link to the file, MREMAP_FIXED over a mapping, a child
 * reading a moved mapping, MREMAP_DONTUNMAP, and Linux's errors. The raw call: glibc's
 * and musl's wrappers differ in what they check themselves. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define PAGE 4096L

static char *remap(void *old, long old_len, long new_len, long flags, void *to)
{
	return (char *)syscall(SYS_mremap, old, old_len, new_len, flags, to);
}

static char *anonymous(long pages)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* A failed call as -1 (errno as it set it), a mapping as 0: addresses differ. */
static long failed(const char *r)
{
	return r == MAP_FAILED ? -1 : 0;
}

/* Whether the page at p is mapped: madvise says ENOMEM for a hole. */
static int mapped(void *p)
{
	return madvise(p, PAGE, MADV_NORMAL) == 0;
}

static void fill(char *p, long pages)
{
	for (long i = 0; i < pages; i++)
		memset(p + i * PAGE, 'a' + (int)i, PAGE);
}

/* Whether pages [0, pages) hold what fill wrote and [pages, total) zeros. */
static int holds(const char *p, long pages, long total)
{
	for (long i = 0; i < total * PAGE; i++)
		if (p[i] != (i / PAGE < pages ? 'a' + (char)(i / PAGE) : 0))
			return 0;
	return 1;
}

static void shrink_and_grow(void)
{
	char *p = anonymous(8);

	fill(p, 4);
	CALL(munmap(p + 4 * PAGE, 4 * PAGE));
	CALL(remap(p, 4 * PAGE, 2 * PAGE, 0, NULL) == p);
	printf("shrunk: kept %d, third page mapped %d\n", holds(p, 2, 2), mapped(p + 2 * PAGE));
	CALL(remap(p, 2 * PAGE, 6 * PAGE, 0, NULL) == p);
	printf("grown in place: contents %d, last page mapped %d\n", holds(p, 2, 6),
	       mapped(p + 5 * PAGE));
	CALL(remap(p, 6 * PAGE, 6 * PAGE, 0, NULL) == p);
	CALL(remap(p, 6 * PAGE, 5000, 0, NULL) == p);
	printf("cut to 5000 bytes: second page mapped %d, third %d\n", mapped(p + PAGE),
	       mapped(p + 2 * PAGE));
	CALL(munmap(p, 2 * PAGE));
}

static void move(void)
{
	char *p = anonymous(3);

	fill(p, 3);
	CALL(mprotect(p + 2 * PAGE, PAGE, PROT_READ));
	CALL(failed(remap(p, 2 * PAGE, 3 * PAGE, 0, NULL)));
	char *q = remap(p, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE, NULL);
	CALL(q != MAP_FAILED && q != p);
	printf("moved: contents %d, old pages mapped %d %d, read-only page still %c\n",
	       holds(q, 2, 4), mapped(p), mapped(p + PAGE), p[2 * PAGE]);
	q[5] = 'w';
	fflush(stdout);
	if (fork() == 0) {
		printf("child reads the moved page: %c%c\n", q[4], q[5]);
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	char *target = anonymous(2);
	memset(target, 'T', 2 * PAGE);
	CALL(remap(q, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target) == target);
	printf("fixed over a mapping: %c%c%c, old mapped %d\n", target[0], target[5], target[PAGE],
	       mapped(q));
	CALL(munmap(target, 2 * PAGE));
	CALL(munmap(q + 2 * PAGE, 2 * PAGE));
	CALL(munmap(p + 2 * PAGE, PAGE));
}

static void files(void)
{
	char buf[8] = { 0 }, page[3 * PAGE];
	int fd = open("remapped", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char *hole = anonymous(3);

	memset(page, 'f', sizeof(page));
	CALL(write(fd, page, sizeof(page)));
	char *s = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CALL(munmap(hole, 3 * PAGE));
	p[0] = 'P';
	char *t = remap(s, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, hole);
	CALL(t == hole);
	memcpy(t + 10, "moved", 5);
	memcpy(t + 2 * PAGE, "grown", 5);
	CALL(pread(fd, buf, 5, 10));
	printf("a store through the moved shared mapping: %s\n", buf);
	CALL(pread(fd, buf, 5, 2 * PAGE));
	printf("a store to its growth: %s\n", buf);
	CALL(pwrite(fd, "later", 5, PAGE));
	printf("the moved mapping sees a write: %.5s\n", t + PAGE);
	char *q = remap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL);
	CALL(q != MAP_FAILED);
	printf("the private copy moved: %c, its growth reads the file: %c\n", q[0], q[PAGE]);
	CALL(pread(fd, buf, 1, 0));
	printf("file's first byte: %c\n", buf[0]);
	CALL(munmap(t, 3 * PAGE));
	CALL(munmap(q, 2 * PAGE));
	close(fd);
	CALL(unlink("remapped"));
}

/* MREMAP_DONTUNMAP: the pages move, the old range stays mapped: private memory there
 * reads zeros, shared memory the same pages. */
static void dont_unmap(void)
{
	char *p = anonymous(2),
	     *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	fill(p, 2);
	char *q = remap(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	CALL(failed(q));
	printf("moved: %d, the old range mapped %d and empty %d\n", holds(q, 2, 2), mapped(p),
	       holds(p, 0, 2));
	s[0] = 's';
	char *t = remap(s, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	CALL(failed(t));
	t[1] = 't';
	printf("shared: both see %c%c %c%c\n", s[0], s[1], t[0], t[1]);
	CALL(munmap(p, 2 * PAGE));
	CALL(munmap(q, 2 * PAGE));
	CALL(munmap(s, PAGE));
	CALL(munmap(t, PAGE));
}

static void errors(void)
{
	char *p = anonymous(3);

	CALL(failed(remap(p + 1, PAGE, PAGE, 0, NULL)));
	CALL(failed(remap(p, PAGE, PAGE, 8, NULL)));
	CALL(failed(remap(p, PAGE, 0, MREMAP_MAYMOVE, NULL)));
	CALL(failed(remap(p, PAGE, PAGE, MREMAP_FIXED, p + 2 * PAGE)));
	CALL(failed(remap(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p + PAGE)));
	CALL(failed(remap(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p + 1)));
	CALL(failed(remap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL)));
	CALL(failed(remap(p, 0, PAGE, MREMAP_MAYMOVE, NULL)));
	CALL(mprotect(p + PAGE, PAGE, PROT_READ));
	CALL(failed(remap(p, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE, NULL)));
	CALL(munmap(p, 3 * PAGE));
	CALL(failed(remap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL)));
	CALL(failed(remap(p, PAGE, PAGE / 2, 0, NULL)));
}

int main(void)
{
	shrink_and_grow();
	move();
	files();
	dont_unmap();
	errors();
	return 0;
}
