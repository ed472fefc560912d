/* Permission bits: umask on files, directories, fifos and nodes, chmod, fchmod and
 * fchmodat with every bit (set-id and sticky too), and their errors. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

static void show(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		printf("%s: errno %d\n", path, errno);
	else
		printf("%s: mode %06o\n", path, (unsigned)st.st_mode);
}

int main(void)
{
	int fd;

	CALL(umask(027));
	CALL(umask(022));
	CALL(umask(0777 | 01000));
	CALL(umask(077));
	CALL(mkdir("md", 0777));
	show("md");
	CALL(chmod("md", 0755));
	CALL(chdir("md"));
	CALL(close(open("f600", O_CREAT | O_WRONLY, 0666)));
	show("f600");
	CALL(umask(0));
	CALL(close(open("f666", O_CREAT | O_WRONLY, 0666)));
	show("f666");
	CALL(close(open("fbits", O_CREAT | O_WRONLY, 07777)));
	show("fbits");
	CALL(mkdir("dbits", 07777));
	show("dbits");
	CALL(umask(0222));
	CALL(mkfifo("fifo", 0666));
	show("fifo");
	CALL(mknod("node", S_IFREG | 0666, 0));
	show("node");
	CALL(mknod("zero", 0644, 0));
	show("zero");
	CALL(mknod("bad", 0170000 | 0644, 0));
	CALL(open("node", O_WRONLY));
	CALL(umask(022));

	CALL(chmod("f666", 04755));
	show("f666");
	CALL(chmod("f666", 0170644));
	show("f666");
	CALL(chmod("f666", 0));
	show("f666");
	fd = CALL(open("f600", O_RDONLY));
	CALL(fchmod(fd, 0640));
	show("f600");
	CALL(close(fd));
	CALL(fchmod(fd, 0640));
	CALL(chmod("missing", 0644));
	CALL(chmod("f600/x", 0644));
	CALL(fchmodat(AT_FDCWD, "f600", 0604, 0));
	show("f600");
	CALL(symlink("f600", "link"));
	CALL(chmod("link", 0644));
	show("f600");
	show("link");
	CALL(fchmodat(AT_FDCWD, "link", 0600, 0x1234));
	fd = CALL(open(".", O_RDONLY | O_DIRECTORY));
	CALL(fchmodat(fd, "f666", 0711, 0));
	show("f666");
	CALL(close(fd));

	CALL(unlink("link"));
	CALL(unlink("zero"));
	CALL(unlink("node"));
	CALL(unlink("fifo"));
	CALL(rmdir("dbits"));
	CALL(unlink("fbits"));
	CALL(unlink("f666"));
	CALL(unlink("f600"));
	CALL(chdir(".."));
	CALL(rmdir("md"));
	return 0;
}
