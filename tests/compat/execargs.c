/* execve's arguments and environment: many and long strings, 20,000 short ones (as
 * xargs passes), empty strings, an empty environment, argv[0] apart from the path; a #! script with an interpreter argument
 * (spaces kept in it) and the script's own arguments; a script whose interpreter is a
 * script; and the errors: ENOENT, EACCES (no x bit, a directory), ENOEXEC (a bad ELF
 * header, a truncated one), ENOTDIR, an interpreter that is missing (ENOENT). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static void child_side(int argc, char **argv, char **envp)
{
	long total = 0;
	int envc = 0;

	for (int i = 1; i < argc; i++) /* argv[0] may be this program's path: not counted */
		total += (long)strlen(argv[i]);
	while (envp[envc])
		envc++;
	printf("child: argc %d, %ld bytes of arguments, envc %d\n", argc, total, envc);
	for (int i = 1; i < argc && i < 6; i++)
		printf("  argv[%d] = [%.40s]\n", i, argv[i]);
	for (int i = 0; i < envc && i < 3; i++)
		printf("  envp[%d] = [%.40s]\n", i, envp[i]);
	fflush(stdout);
}

static int run(const char *path, char *const argv[], char *const envp[])
{
	int st;

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		printf("execve %s: errno %d\n", path, errno);
		fflush(stdout);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	return WEXITSTATUS(st);
}

static void put(const char *path, const void *data, size_t n, int mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	write(fd, data, n);
	close(fd);
}

int main(int argc, char **argv, char **envp)
{
	static char big[100][200];
	char *many[110], *env[110], script[600], self[512];

	if (argc > 1) { /* exec'd: by name, or by a script (with its arguments first) */
		child_side(argc, argv, envp);
		return strcmp(argv[1], "child") ? 4 : 3;
	}
	if (argv[0][0] == '/')
		snprintf(self, sizeof(self), "%s", argv[0]);
	else {
		getcwd(self, sizeof(self) - 100);
		strcat(self, "/");
		strcat(self, argv[0]);
	}
	many[0] = "another-name";
	many[1] = "child";
	for (int i = 0; i < 100; i++) {
		memset(big[i], 'a' + i % 26, sizeof(big[i]) - 1);
		many[i + 2] = big[i];
		env[i] = big[99 - i];
	}
	many[102] = "";
	many[103] = NULL;
	env[100] = "LAST=1";
	env[101] = NULL;
	printf("exit %d\n", run(self, many, env));
	char *noenv[] = { NULL };
	static char *shorts[20003];
	shorts[0] = "x";
	shorts[1] = "child";
	for (int i = 2; i < 20002; i++)
		shorts[i] = "12345";
	printf("exit %d\n", run(self, shorts, noenv));
	char *two[] = { "x", "child", NULL };
	printf("exit %d\n", run(self, two, noenv));

	snprintf(script, sizeof(script), "#!%s one two  three\nnot read\n", self);
	put("s1", script, strlen(script), 0755);
	char *sargs[] = { "s1-name", "a", "b c", "child", NULL };
	printf("exit %d\n", run("./s1", sargs, noenv));
	snprintf(script, sizeof(script), "#!  %s\t\n", self);
	put("s2", script, strlen(script), 0755);
	printf("exit %d\n", run("./s2", sargs, noenv));
	put("s3", "#!./s1 extra\n", 13, 0755);
	printf("exit %d\n", run("./s3", sargs, noenv));
	put("s4", "#!/no/such/interpreter\n", 23, 0755);
	printf("exit %d\n", run("./s4", sargs, noenv));
	put("noexec", script, strlen(script), 0644);
	printf("exit %d\n", run("./noexec", sargs, noenv));
	printf("exit %d\n", run("/no/such/file", sargs, noenv));
	printf("exit %d\n", run("./s1/x", sargs, noenv));
	printf("exit %d\n", run(".", sargs, noenv));
	unsigned char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	put("badelf", elf, sizeof(elf), 0755);
	printf("exit %d\n", run("./badelf", sargs, noenv));
	put("short", elf, 10, 0755);
	printf("exit %d\n", run("./short", sargs, noenv));
	put("empty", "", 0, 0755);
	printf("exit %d\n", run("./empty", sargs, noenv));
	const char *names[] = { "s1", "s2", "s3", "s4", "noexec", "badelf", "short", "empty" };
	for (int i = 0; i < 8; i++)
		unlink(names[i]);
	return 0;
}
