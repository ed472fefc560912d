/* execve of /proc/self/exe runs the program the process runs, with the arguments
 * given, even when it was started by a relative path and has changed directory since
 * (busybox runs its applets and scripts without #! that way). */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_self_again(void)
{
	char *again[] = { "renamed", "again", NULL };
	int st;

	fflush(stdout);
	if (fork() == 0) {
		execv("/proc/self/exe", again);
		printf("execv failed\n");
		return 127;
	}
	wait(&st);
	return WEXITSTATUS(st);
}

int main(int argc, char **argv)
{
	char dir[4096], base[4096];

	if (argc > 1 && !strcmp(argv[1], "again")) {
		printf("again: argv[0] %s, argc %d\n", argv[0], argc);
		return 3;
	}
	if (argc > 1 && !strcmp(argv[1], "relative")) {
		printf("started as %s; chdir: %d\n", argv[0], chdir("/"));
		printf("from there it ran again and ended with %d\n", run_self_again());
		return 0;
	}
	printf("it ran again and ended with %d\n", run_self_again());
	snprintf(dir, sizeof(dir), "%s", argv[0]);
	snprintf(base, sizeof(base), "./%s", basename(argv[0]));
	if (chdir(dirname(dir)))
		return 1;
	char *relative[] = { "./selfexe", "relative", NULL };
	execv(base, relative);
	printf("execv %s failed\n", base);
	return 1;
}
