/* sendfile: from a file to a file and to a pipe, at the input's position or at an
 * offset that moves instead of it, short at the end of the input, and its errors. */
#include <fcntl.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>
#include "report.h"

static void make_file(const char *path, int bytes)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	for (int i = 0; i < bytes; i++)
		write(fd, &"abcdefghijklmnopqrstuvwxyz"[i % 26], 1);
	close(fd);
}

static void show(const char *path)
{
	char buf[64] = { 0 };
	int fd = open(path, O_RDONLY);

	CALL(read(fd, buf, sizeof(buf) - 1));
	printf("%s: %s\n", path, buf);
	close(fd);
}

int main(void)
{
	off_t off = 5;
	int p[2];
	char buf[64] = { 0 };

	make_file("sendfile.in", 30000);
	int in = CALL(open("sendfile.in", O_RDONLY));
	int out = CALL(open("sendfile.out", O_CREAT | O_WRONLY | O_TRUNC, 0644));
	CALL(sendfile(out, in, NULL, 20000));
	CALL(lseek(in, 0, SEEK_CUR));
	CALL(sendfile(out, in, NULL, 20000)); /* 10000 left */
	CALL(sendfile(out, in, NULL, 100));   /* at the end */
	CALL(lseek(out, 0, SEEK_END));
	CALL(sendfile(out, in, &off, 10));
	printf("offset now %ld\n", (long)off);
	CALL(lseek(in, 0, SEEK_CUR)); /* the position did not move */
	CALL(sendfile(out, in, NULL, 0));
	close(out);
	show("sendfile.out");
	int check = open("sendfile.out", O_RDONLY);
	CALL(pread(check, buf, 10, 30000));
	printf("at 30000: %s\n", buf); /* what the offset pointed at */
	close(check);
	memset(buf, 0, sizeof(buf));

	CALL(pipe(p));
	off = 26;
	CALL(sendfile(p[1], in, &off, 7));
	CALL(read(p[0], buf, sizeof(buf) - 1));
	printf("from the pipe: %s\n", buf);

	off = -1;
	CALL(sendfile(p[1], in, &off, 7));
	CALL(sendfile(p[1], 99, NULL, 7));
	CALL(sendfile(99, in, NULL, 7));
	CALL(sendfile(in, in, NULL, 7)); /* out read-only */
	int wronly = CALL(open("sendfile.out", O_WRONLY));
	CALL(sendfile(p[1], wronly, NULL, 7)); /* in write-only */
	int append = CALL(open("sendfile.out", O_WRONLY | O_APPEND));
	CALL(sendfile(append, in, NULL, 7));
	unlink("sendfile.in");
	unlink("sendfile.out");
	return 0;
}
