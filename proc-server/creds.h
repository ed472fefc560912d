/* Identities (creds.c). */
#ifndef PROC_CREDS_H
#define PROC_CREDS_H

#include <masque/types.h>
#include "process.h"

/* The handle on "/" with uid 0 that identities are made from. */
void creds_init(port_name_t root_handle);

/* A handle on "/" for c's effective identity, into *new_root: 0 or a negated errno. */
int64_t creds_root(const struct creds *c, port_name_t *new_root);

/* Whether h is a handle of the fs-server ("/"'s server), and the mode of its file:
 * 0 or a negated errno (the fs-server's word, not the handle holder's). */
int64_t creds_identify(port_name_t h, uint32_t *mode);
/* The same, and the mount flags of the file's file system (MS_NOSUID...). */
int64_t creds_identify_mounted(port_name_t h, uint32_t *mode, uint32_t *mount_flags);

/* Whether identity c may execute a file of mode, owner uid and group gid. */
int creds_may_execute(const struct creds *c, uint32_t mode, uint32_t uid, uint32_t gid);

#endif
