/* Large reads: files read in calls bigger than one message carries in line (whole,
 * across the end, at odd offsets into odd places of the buffer, positioned, into
 * vectors), and pipes read the same way; every byte checked. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define FILE_SIZE (1300 * 1024 + 77)
#define ROOM	  (FILE_SIZE + 8192)

static unsigned char byte_at(long i)
{
	return (unsigned char)(i * 31 + i / 4099);
}

/* Whether buf holds the file's bytes from offset at, n of them, and the canary after. */
static int holds(const unsigned char *buf, long at, long n)
{
	for (long i = 0; i < n; i++)
		if (buf[i] != byte_at(at + i))
			return 0;
	return buf[n] == 0xee;
}

static void make_file(const char *path)
{
	unsigned char *data = malloc(FILE_SIZE);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	for (long i = 0; i < FILE_SIZE; i++)
		data[i] = byte_at(i);
	CALL(write(fd, data, FILE_SIZE));
	close(fd);
	free(data);
}

/* read(n) at offset at into buf + skew: what came back and whether it is right. */
static void read_at(int fd, unsigned char *room, long at, long n, long skew)
{
	unsigned char *buf = room + skew;

	memset(room, 0xee, ROOM);
	lseek(fd, at, SEEK_SET);
	long r = read(fd, buf, n);
	printf("read %ld at %ld into +%ld = %ld, bytes %s, position %ld\n", n, at, skew, r,
	       r >= 0 && holds(buf, at, r) ? "right" : "WRONG", (long)lseek(fd, 0, SEEK_CUR));
}

static void files(void)
{
	unsigned char *room = malloc(ROOM);
	int fd;

	make_file("big.dat");
	fd = open("big.dat", O_RDONLY);
	read_at(fd, room, 0, 64 * 1024, 0);
	read_at(fd, room, 0, FILE_SIZE, 0);	       /* more than one large transfer */
	read_at(fd, room, 1000, FILE_SIZE, 0);	       /* across the end */
	read_at(fd, room, 4095, 70000, 13);	       /* odd offset, odd place */
	read_at(fd, room, FILE_SIZE - 5, 65536, 1);    /* the last bytes */
	read_at(fd, room, FILE_SIZE, 65536, 0);	       /* at the end */
	read_at(fd, room, FILE_SIZE + 9000, 20000, 0); /* past it */
	read_at(fd, room, 8192, 8193, 0);	       /* just over the in-line size */

	memset(room, 0xee, ROOM);
	long r = pread(fd, room, 200000, 123456);
	printf("pread 200000 at 123456 = %ld, bytes %s, position %ld\n", r,
	       r > 0 && holds(room, 123456, r) ? "right" : "WRONG", (long)lseek(fd, 0, SEEK_CUR));

	memset(room, 0xee, ROOM);
	struct iovec v[3] = { { room, 10 }, { room + 10, 100000 }, { room + 100010, 30000 } };
	lseek(fd, 777, SEEK_SET);
	r = readv(fd, v, 3);
	printf("readv 130010 at 777 = %ld, bytes %s\n", r,
	       r > 0 && holds(room, 777, r) ? "right" : "WRONG");
	close(fd);
	CALL(read(fd, room, 100000));
	fd = open("big.dat", O_WRONLY);
	CALL(read(fd, room, 100000)); /* not open for reading */
	close(fd);
	unlink("big.dat");
	free(room);
}

/* A child writes the file's bytes into a pipe; the parent reads them in large calls. */
static void pipes(void)
{
	unsigned char *room = malloc(ROOM);
	int p[2];
	long got = 0, r;
	int right = 1;

	pipe(p);
	if (fork() == 0) {
		unsigned char chunk[10000];
		close(p[0]);
		for (long at = 0; at < 300000; at += sizeof(chunk)) {
			for (long i = 0; i < (long)sizeof(chunk); i++)
				chunk[i] = byte_at(at + i);
			write(p[1], chunk, sizeof(chunk));
		}
		_exit(0);
	}
	close(p[1]);
	while ((r = read(p[0], room, 100000)) > 0) {
		room[r] = 0xee;
		right &= holds(room, got, r);
		got += r;
	}
	wait(NULL);
	printf("a pipe read in 100000-byte calls: %ld bytes, %s, last read %ld\n", got,
	       right ? "right" : "WRONG", r);
	close(p[0]);
	free(room);
}

int main(void)
{
	files();
	pipes();
	return 0;
}
