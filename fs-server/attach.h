/*
 * File systems other servers serve, attached on directories of ours (fs.attach): the
 * process server's /proc. A path that reaches such a directory goes on to its server
 * with the rest of the path and the client's reply right (interfaces/mounted.defs), as
 * an open of a device node goes to the device's server (dev_servers.c).
 */
#ifndef FS_SERVER_ATTACH_H
#define FS_SERVER_ATTACH_H

#include <masque/types.h>
#include <stdint.h>
#include "perm.h"
#include "volume.h"

/* Attach server's file system on the directory covered (an inode reference is kept on
 * it); type, source and where are what the mount table shows. -EBUSY if one is there. */
int attach_add(struct node covered, port_name_t server, const char *type, const char *source,
	       const char *where);
/* The server attached on n, or PORT_NULL. */
port_name_t attach_server(struct node n);
/* Whether a file system is attached on a directory of vol. */
int attach_any_on(const struct volume *vol);
/* Detach what is attached on n: 0, or -EINVAL if nothing is. */
int attach_remove(struct node n);
/* A dead-name notification that came to local: if it is ours, the attached file system
 * whose server died goes (1); 0 if it is another's. */
int attach_dead_name(port_name_t local, port_name_t name);
/* The attached file systems' lines of the mount table, appended to out (of room bytes,
 * *len used so far). */
void attach_table(char *out, uint32_t room, uint32_t *len);

#endif
