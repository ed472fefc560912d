/* creat: a new file made for writing only, an existing one emptied, the mode after
 * the umask, and the errors of open's with the same flags. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

static long mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)(st.st_mode & 07777);
}

static long size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)st.st_size;
}

int main(void)
{
	char c;

	umask(022);
	int fd = CALL(creat("made", 0666));
	CALL(write(fd, "hello", 5));
	CALL(read(fd, &c, 1)); /* opened for writing only: EBADF */
	CALL(close(fd));
	CALL(mode_of("made"));
	CALL(size_of("made"));
	fd = CALL(creat("made", 0600)); /* there already: emptied, mode kept */
	CALL(size_of("made"));
	CALL(mode_of("made"));
	CALL(close(fd));
	CALL(creat("no/such/dir/file", 0644));
	mkdir("dir", 0755);
	CALL(creat("dir", 0644));
	CALL(creat("", 0644));
	unlink("made");
	rmdir("dir");
	return 0;
}
