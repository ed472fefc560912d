/*
 * Directory descriptors follow an identity change (setuid and the like). On Linux a
 * lookup relative to a directory descriptor (the *at calls) checks the identity the
 * caller has at that moment; here a handle carries the identity it was opened with, so
 * each directory descriptor's handle is exchanged for one of the new identity: the same
 * directory with the identity of the new root handle (fs.reidentify), else (a server
 * that does not do that) the directory opened again by its path from the new root. A
 * descriptor that cannot be had either way is closed, unless the new identity is root's,
 * which can do all the old handle could: it must not go on walking as an identity the
 * process gave up.
 */
#include <fs.h>
#include <fs_attr.h>
#include <fs_path.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <stdio.h>
#include "fd.h"
#include "path.h"
#include "process.h"

/* The directory of handle h again, for the identity of new_root: into *out, 0 or an
 * error. */
static int64_t reopen(port_name_t h, port_name_t new_root, port_name_t *out)
{
	static char path[PATH_MAX];
	uint32_t flags, type;
	int64_t r = rpc_fs_reidentify(h, new_root, out);

	if (r >= 0)
		return 0;
	if ((r = rpc_fs_get_flags(h, &flags)) < 0 ||
	    (r = fs_path_of(process.root, h, walk_parent, path, sizeof(path))) < 0)
		return r;
	return rpc_fs_open(new_root, path, (flags & (O_ACCMODE | O_PATH)) | O_DIRECTORY, 0, out,
			   &type);
}

void dirfds_follow_identity(port_name_t new_root)
{
	for (int fd = 0; fd < FD_MAX; fd++) {
		port_name_t h = fd_handle(fd), n;
		struct fs_attr a;
		if (h == PORT_NULL || fd_first_use(h) != fd || fs_attr_of(h, &a) < 0 ||
		    !S_ISDIR(a.mode))
			continue;
		if (reopen(h, new_root, &n) >= 0) {
			fd_exchange(h, n);
			continue;
		}
		if (process.euid == 0)
			continue;
		printf("emul: pid %d: directory descriptor %d is out of the new identity's reach: "
		       "closed\n",
		       process.pid, fd);
		for (int other = fd; other < FD_MAX; other++)
			if (fd_handle(other) == h)
				fd_close(other);
	}
}
