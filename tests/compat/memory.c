/* Memory: the heap through malloc (brk and mmap underneath), anonymous mappings,
 * protection, and files mapped shared and private. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "report.h"

static long sum(const unsigned char *p, size_t n)
{
	long s = 0;

	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static void heap(void)
{
	static const size_t sizes[] = { 1, 17, 100, 4000, 5000, 70000, 300000, 2000000 };
	void *blocks[8];
	long total = 0;

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 8; i++) {
			blocks[i] = malloc(sizes[i]);
			memset(blocks[i], i + round, sizes[i]);
		}
		for (int i = 0; i < 8; i++) {
			total += sum(blocks[i], sizes[i]);
			free(blocks[i]);
		}
	}
	printf("heap: sum %ld\n", total);
	char *grown = NULL;
	for (int i = 1; i <= 20; i++) {
		grown = realloc(grown, (size_t)i * 10000);
		grown[(size_t)i * 10000 - 1] = (char)i;
	}
	printf("realloc kept: %d\n", grown[10000 * 10 - 1]);
	free(grown);
}

static void anonymous(void)
{
	size_t n = 1 << 20;
	unsigned char *p =
		mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CALL(p != MAP_FAILED);
	printf("fresh memory sums to %ld\n", sum(p, n));
	memset(p, 3, n);
	printf("written, sums to %ld\n", sum(p, n));
	CALL(mprotect(p, 4096, PROT_READ));
	CALL(mprotect(p + 1, 4096, PROT_READ));
	CALL(munmap(p, n));
	CALL(munmap(p + 1, 10));
	CALL(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
	void *fixed = mmap((void *)0x200000000, 8192, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CALL(fixed == (void *)0x200000000);
	CALL(munmap(fixed, 8192));
}

static void files(void)
{
	char page[8192], back[16] = { 0 };
	int fd = open("mapped", O_CREAT | O_RDWR | O_TRUNC, 0644);

	memset(page, 'f', sizeof(page));
	CALL(write(fd, page, sizeof(page)));
	char *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *private = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CALL(shared != MAP_FAILED && private != MAP_FAILED);
	printf("mapped file shows: %c %c\n", shared[0], private[8191]);
	shared[1] = 'S';
	private[2] = 'P';
	CALL(pread(fd, back, 3, 0));
	printf("file after writes to both mappings: %.3s\n", back);
	CALL(pwrite(fd, "W", 1, 3));
	printf("shared mapping sees the write: %c, private: %c\n", shared[3], private[3]);
	CALL(munmap(shared, 8192));
	CALL(munmap(private, 8192));
	CALL(pread(fd, back, 4, 0));
	printf("after unmapping: %.4s\n", back);
	CALL(mmap(NULL, 4096, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED);
	close(fd);
	CALL(unlink("mapped"));
}

int main(void)
{
	heap();
	anonymous();
	files();
	return 0;
}
