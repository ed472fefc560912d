/* exec: the new program's arguments and environment, descriptors kept or closed on
 * exec, the exit status through wait, scripts, and the errors of a failed exec. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static int run(char *const argv[], char *const envp[])
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execve(argv[0], argv, envp);
		printf("execve %s failed: errno %d\n", argv[0], errno);
		fflush(stdout);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void write_file(const char *path, const char *text, int mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	write(fd, text, strlen(text));
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "again")) {
		char buf[8] = { 0 };

		printf("again: argc %d, argv[2] %s\n", argc, argc > 2 ? argv[2] : "-");
		printf("again: FOO=%s, HOME=%s\n", getenv("FOO"), getenv("HOME") ? "set" : "unset");
		printf("again: close-on-exec descriptor: %d (errno %d)\n", fcntl(5, F_GETFD),
		       errno);
		printf("again: kept descriptor reads %ld bytes: %s\n", (long)pread(6, buf, 4, 0),
		       buf);
		fflush(stdout);
		return 5;
	}
	write_file("data", "kept", 0644);
	dup2(open("data", O_RDONLY), 5);
	fcntl(5, F_SETFD, FD_CLOEXEC);
	dup2(open("data", O_RDONLY), 6);
	char *env[] = { "FOO=bar", NULL };
	char *again[] = { argv[0], "again", "two", NULL };
	fflush(stdout);
	printf("exec'd program ended with %d\n", run(again, env));

	char *missing[] = { "/no/such/program", NULL };
	printf("missing program: %d\n", run(missing, env));
	write_file("notelf", "just text\n", 0755);
	char *notelf[] = { "./notelf", NULL };
	printf("a text file: %d\n", run(notelf, env));
	write_file("notexec", "#!/bin/sh\n", 0644);
	char *notexec[] = { "./notexec", NULL };
	printf("a file no one may execute: %d\n", run(notexec, env));
	char *dir[] = { ".", NULL };
	printf("a directory: %d\n", run(dir, env));

	char script[512];
	snprintf(script, sizeof(script), "#!%s again\n", argv[0]);
	write_file("script", script, 0755);
	char *by_script[] = { "./script", "arg", NULL };
	printf("a script: %d\n", run(by_script, env));

	unlink("data");
	unlink("notelf");
	unlink("notexec");
	unlink("script");
	return 0;
}
