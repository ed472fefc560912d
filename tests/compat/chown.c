/* Owners, as root: chown, fchown, lchown and fchownat to other users and groups, -1
 * to keep one, set-user-id and set-group-id bits cleared by a change, a link and its
 * target told apart, and the errors. */
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
		printf("%s: uid %d gid %d mode %o\n", path, (int)st.st_uid, (int)st.st_gid,
		       (unsigned)st.st_mode & 07777);
}

int main(void)
{
	int fd;

	umask(022);
	CALL(getuid());
	CALL(mkdir("co", 0755));
	CALL(chdir("co"));
	CALL(close(open("f", O_CREAT | O_WRONLY, 0644)));
	show("f");
	CALL(chown("f", 1000, 1001));
	show("f");
	CALL(chown("f", -1, 50));
	show("f");
	CALL(chown("f", 60, -1));
	show("f");
	CALL(chown("f", -1, -1));
	show("f");
	CALL(chmod("f", 06755));
	show("f");
	CALL(chown("f", 61, -1));
	show("f");
	CALL(chmod("f", 06755));
	CALL(chown("f", -1, 51));
	show("f");
	CALL(chmod("f", 06644));
	CALL(chown("f", 62, 52));
	show("f");
	CALL(chmod("f", 02745));
	CALL(chown("f", -1, -1));
	show("f");

	CALL(symlink("f", "l"));
	CALL(lchown("l", 70, 71));
	show("l");
	show("f");
	CALL(chown("l", 80, 81));
	show("l");
	show("f");
	CALL(fchownat(AT_FDCWD, "l", 90, 91, AT_SYMLINK_NOFOLLOW));
	show("l");
	CALL(fchownat(AT_FDCWD, "l", 90, 91, 0x4000));
	fd = CALL(open("f", O_RDONLY));
	CALL(fchown(fd, 0, 0));
	show("f");
	CALL(close(fd));
	CALL(fchown(fd, 0, 0));
	CALL(chown("missing", 0, 0));
	CALL(mkdir("d", 02755));
	CALL(chown("d", -1, 77));
	CALL(close(open("d/inherits", O_CREAT | O_WRONLY, 0644)));
	CALL(mkdir("d/sub", 0755));
	show("d");
	show("d/inherits");
	show("d/sub");
	CALL(unlink("d/inherits"));
	CALL(rmdir("d/sub"));
	CALL(rmdir("d"));
	CALL(unlink("l"));
	CALL(unlink("f"));
	CALL(chdir(".."));
	CALL(rmdir("co"));
	return 0;
}
