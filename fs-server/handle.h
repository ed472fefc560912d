/*
 * Handles: the ports the fs-server gives out for open files: a node, the identity the
 * handle acts with and its open file description (the position and the open flags,
 * which dup'ed and inherited descriptors share on Linux). One description has several
 * handles when a process changes identity: its descriptors' handles are exchanged for
 * ones of the new identity on the same descriptions (fs.reidentify), while a parent
 * sharing them keeps its own. A handle lives until its last send right goes: the
 * kernel's no-senders notification comes to the handle's own port.
 */
#ifndef FS_SERVER_HANDLE_H
#define FS_SERVER_HANDLE_H

#include <masque/types.h>
#include <stdint.h>
#include "perm.h"
#include "volume.h"

struct open_file {
	uint32_t flags; /* the open flags kept: access mode, O_APPEND, O_NONBLOCK, O_PATH */
	uint32_t handles;
	uint64_t pos;
	uint32_t loop; /* an open loop device: its number + 1 (loop.h); else 0 */
};

struct handle {
	port_name_t port;
	struct node node;
	uint32_t type; /* S_IFMT bits of the file's mode when opened */
	struct open_file *of;
	struct identity who;
	struct handle *next; /* in its hash chain */
};

/* The port set every handle's port is in: the server receives on it. */
extern port_name_t handle_set;
/* How many handles there are. */
extern uint64_t handle_count;

int handle_init(void);
/* A new handle on node (an inode reference is taken for it), with its port in the
 * set and its no-senders notification requested. The caller gives the client a send
 * right made from h->port. */
int handle_new(struct node node, uint32_t type, uint32_t flags, const struct identity *who,
	       struct handle **out);
/* A new handle on h's node and open file description, acting as who. */
int handle_share(const struct handle *h, const struct identity *who, struct handle **out);
/* The handle whose port is name, or NULL. */
struct handle *handle_of(port_name_t name);
/* Whether any handle is on a file of vol. */
int handle_any_on(const struct volume *vol);
/* Whether any handle is open for writing on a regular file of vol. */
int handle_any_writer_on(const struct volume *vol);
/* Whether a process can still reach the description of: some handle of it has
 * senders. */
int handle_description_reachable(const struct open_file *of);
/* Forget h: its port and its inode reference go. */
void handle_free(struct handle *h);

#endif
