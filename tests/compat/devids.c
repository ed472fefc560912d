/* A device's descriptor across an id change (the program runs as root): fchmod and
 * fchown on a pseudo-terminal's slave check the identity the process has when it
 * calls, not the one that opened it, as for a file (fdids.c); the node shows the
 * change, and so does fstat of the descriptor. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	char path[64];
	struct stat st;
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) || unlockpt(m) || ptsname_r(m, path, sizeof(path)))
		return 1;
	int s = CALL(open(path, O_RDWR | O_NOCTTY));
	CALL(setresuid(1000, 1000, 0));
	CALL(fchmod(s, 0640));
	CALL(fchown(s, 1000, -1));
	CALL(seteuid(0));
	CALL(fchmod(s, 0640));
	CALL(stat(path, &st));
	printf("the node: mode %o uid %d\n", st.st_mode & 07777, (int)st.st_uid);
	struct stat fst;
	CALL(fchown(s, 1000, -1));
	CALL(fstat(s, &fst));
	printf("fstat: mode %o uid %d, the node's dev and ino %d, a character device %d\n",
	       fst.st_mode & 07777, (int)fst.st_uid,
	       fst.st_dev == st.st_dev && fst.st_ino == st.st_ino, S_ISCHR(fst.st_mode));
	return 0;
}
