/* /proc's open files (procfs_handle.c), for the file protocol's handlers. */
#ifndef PROC_PROCFS_HANDLE_H
#define PROC_PROCFS_HANDLE_H

#include "procfs.h"

struct pfs_handle {
	port_name_t port; /* a receive right in the server's set */
	struct pfs_node node;
	struct pfs_who who;
	uint32_t flags; /* the open flags (O_PATH, O_NONBLOCK...) */
	uint64_t pos;
	char *text; /* the file's text, made at the first read from its start */
	uint32_t len;
	struct pfs_handle *next;
};

/* The handle whose port is port, or NULL. */
struct pfs_handle *pfs_handle_of(port_name_t port);
/* Make h's text anew (a read from the file's start): 0 or an error. */
int pfs_handle_fill(struct pfs_handle *h);

#endif
