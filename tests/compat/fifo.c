/* FIFOs: mkfifo, opens that wait for the other side (and a signal that ends the
 * wait), O_NONBLOCK opens (a reader at once, a writer ENXIO without a reader), data
 * through, end of file when the writer goes, O_RDWR, data gone once every end is
 * closed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static void sleep_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	while (nanosleep(&ts, &ts) < 0)
		;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(void)
{
	struct stat st;
	char buf[32] = { 0 };
	int r, w, st_child;

	CALL(mkfifo("f", 0644));
	CALL(stat("f", &st));
	printf("a fifo %d\n", S_ISFIFO(st.st_mode));
	CALL(mkfifo("f", 0644));
	CALL(r = open("f", O_RDONLY | O_NONBLOCK));
	CALL(read(r, buf, sizeof(buf)));
	CALL(fstat(r, &st));
	printf("fstat: a fifo %d\n", S_ISFIFO(st.st_mode));
	CALL(w = open("f", O_WRONLY | O_NONBLOCK));
	CALL(write(w, "hello", 5));
	CALL(read(r, buf, sizeof(buf)));
	printf("read back %s\n", buf);
	CALL(close(w));
	CALL(read(r, buf, sizeof(buf)));
	CALL(close(r));
	CALL(open("f", O_WRONLY | O_NONBLOCK));

	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("f", O_WRONLY); /* waits for the parent's reader */
		write(fd, "from the child", 14);
		_exit(fd >= 0 ? 0 : 1);
	}
	sleep_ms(50);
	CALL(r = open("f", O_RDONLY));
	memset(buf, 0, sizeof(buf));
	CALL(read(r, buf, 14));
	printf("read %s\n", buf);
	waitpid(pid, &st_child, 0);
	printf("child exited %d\n", WEXITSTATUS(st_child));
	CALL(read(r, buf, sizeof(buf)));
	CALL(close(r));

	CALL(r = open("f", O_RDWR));
	CALL(write(r, "both", 4));
	memset(buf, 0, sizeof(buf));
	CALL(read(r, buf, sizeof(buf)));
	printf("read %s\n", buf);
	CALL(write(r, "left behind", 11));
	CALL(close(r));
	CALL(r = open("f", O_RDWR | O_NONBLOCK));
	CALL(read(r, buf, sizeof(buf)));
	CALL(close(r));

	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, 0);
	struct itimerval it = { .it_value = { .tv_usec = 100000 } };
	setitimer(ITIMER_REAL, &it, 0);
	CALL(open("f", O_RDONLY)); /* no writer comes: the alarm ends the wait */
	CALL(unlink("f"));
	return 0;
}
