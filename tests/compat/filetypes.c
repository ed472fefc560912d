/* stat on every kind of file: regular, directory, symbolic link, fifo, character
 * and block device nodes made with mknod (their device numbers), a pipe; and what
 * /dev/null is. (Opening a fifo: not served yet.) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "report.h"

static const char *kind(mode_t m)
{
	return S_ISREG(m)    ? "regular"
	       : S_ISDIR(m)  ? "directory"
	       : S_ISLNK(m)  ? "link"
	       : S_ISFIFO(m) ? "fifo"
	       : S_ISCHR(m)  ? "char device"
	       : S_ISBLK(m)  ? "block device"
	       : S_ISSOCK(m) ? "socket"
			     : "?";
}

static void show(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		printf("%s: errno %d\n", path, errno);
		return;
	}
	printf("%s: %s, mode %o", path, kind(st.st_mode), (unsigned)st.st_mode & 07777);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf(", device %u:%u", major(st.st_rdev), minor(st.st_rdev));
	if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
		printf(", size %ld", (long)st.st_size);
	printf("\n");
}

int main(void)
{
	struct stat st;
	int p[2];

	umask(0);
	CALL(mkdir("ft", 0755));
	CALL(chdir("ft"));
	CALL(close(open("reg", O_CREAT | O_WRONLY, 0640)));
	CALL(symlink("reg", "sym"));
	CALL(mkfifo("fifo", 0620));
	CALL(mknod("chr", S_IFCHR | 0600, makedev(1, 3)));
	CALL(mknod("blk", S_IFBLK | 0660, makedev(8, 1)));
	CALL(mknod("big", S_IFCHR | 0600, makedev(300, 70000)));
	CALL(mknod("sock", S_IFSOCK | 0755, 0));
	CALL(mknod("reg", S_IFIFO | 0600, 0));
	show(".");
	show("reg");
	show("sym");
	show("fifo");
	show("chr");
	show("blk");
	show("big");
	show("sock");
	show("/dev/null");
	CALL(pipe(p));
	CALL(fstat(p[0], &st));
	printf("a pipe: %s\n", kind(st.st_mode));
	int fd = CALL(open("chr", O_RDWR));
	CALL(write(fd, "gone", 4));
	CALL(read(fd, p, 4));
	CALL(close(fd));
	CALL(unlink("sock"));
	CALL(unlink("big"));
	CALL(unlink("blk"));
	CALL(unlink("chr"));
	CALL(unlink("fifo"));
	CALL(unlink("sym"));
	CALL(unlink("reg"));
	CALL(chdir(".."));
	CALL(rmdir("ft"));
	return 0;
}
