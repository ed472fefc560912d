/* O_APPEND from several processes at once: every write lands whole at the end, none
 * is lost or torn; the file ends as long as all the writes together. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define WRITERS 4
#define LINES	100

int main(void)
{
	char line[32], buf[WRITERS * LINES * 16 + 1];
	struct stat st;
	int fd = open("log", O_CREAT | O_WRONLY | O_TRUNC | O_APPEND, 0644);

	fflush(stdout);
	for (int w = 0; w < WRITERS; w++)
		if (fork() == 0) {
			int own = open("log", O_WRONLY | O_APPEND);
			for (int i = 0; i < LINES; i++) {
				snprintf(line, sizeof(line), "w%d line %04d\n", w, i);
				write(i % 2 ? own : fd, line, strlen(line));
			}
			_exit(0);
		}
	for (int w = 0; w < WRITERS; w++)
		wait(NULL);
	CALL(fstat(fd, &st));
	printf("size %ld of %d\n", (long)st.st_size, WRITERS * LINES * 13);
	int r = open("log", O_RDONLY);
	long n = read(r, buf, sizeof(buf) - 1), torn = 0, next[WRITERS] = { 0 };
	buf[n > 0 ? n : 0] = 0;
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		int w, i;
		if (sscanf(p, "w%d line %d\n", &w, &i) != 2 || w < 0 || w >= WRITERS ||
		    i != next[w]++ || p[12] != '\n')
			torn++;
	}
	printf("lines out of place or torn: %ld\n", torn);
	close(r);
	close(fd);
	CALL(unlink("log"));
	return 0;
}
