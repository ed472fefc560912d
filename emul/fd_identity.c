/*
 * Descriptors follow an identity change (setuid and the like). On Linux a lookup
 * relative to a directory descriptor (the *at calls) and fchmod, fchown and futimens on
 * any descriptor check the identity the caller has at that moment; here a handle
 * carries the identity it was opened with, so each handle is exchanged for one on the
 * same file with the identity of the new root handle (fs.reidentify; what the open
 * granted, reading or writing, stays). A directory's handle whose server does not do
 * that is opened again by its path from the new root; one that cannot be had either way
 * is closed, unless the new identity is root's, which can do all the old handle could:
 * it must not go on walking as an identity the process gave up. Other files keep their
 * handles (a pipe's, a device's: their servers check no identity).
 */
#include <fs.h>
#include <fs_path.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <stdio.h>
#include "fd.h"
#include "path.h"
#include "process.h"

/* The directory of handle h again, by its path from new_root: into *out, 0 or an
 * error. */
static int64_t reopen_dir(port_name_t h, port_name_t new_root, port_name_t *out)
{
	static char path[PATH_MAX];
	uint32_t flags, type;
	int64_t r;

	if ((r = rpc_fs_get_flags(h, &flags)) < 0 ||
	    (r = fs_path_of(process.root, h, walk_parent, path, sizeof(path))) < 0)
		return r;
	return rpc_fs_open(new_root, path, (flags & (O_ACCMODE | O_PATH)) | O_DIRECTORY, 0, out,
			   &type);
}

/* Handle h, whose file is a directory, had no new identity: reopened, else closed
 * unless the new identity is root's. */
static void dir_follow_identity(int fd, port_name_t h, port_name_t new_root)
{
	port_name_t n;

	if (reopen_dir(h, new_root, &n) >= 0) {
		fd_exchange(h, n);
		return;
	}
	if (process.euid == 0)
		return;
	printf("emul: pid %d: directory descriptor %d is out of the new identity's reach: "
	       "closed\n",
	       process.pid, fd);
	for (int other = fd; other < FD_MAX; other++)
		if (fd_handle(other) == h)
			fd_close(other);
}

void fds_follow_identity(port_name_t new_root)
{
	for (int fd = 0; fd < FD_MAX; fd++) {
		port_name_t h = fd_handle(fd), n;
		struct fs_attr a;
		if (h == PORT_NULL || fd_first_use(h) != fd)
			continue;
		if (rpc_fs_reidentify(h, new_root, &n) >= 0)
			fd_exchange(h, n);
		else if (rpc_fs_stat(h, &a) >= 0 && S_ISDIR(a.mode))
			dir_follow_identity(fd, h, new_root);
	}
}
