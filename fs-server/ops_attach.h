/* Requests that reached a file system attached on one of our directories (attach.h),
 * handed on to its server with the client's reply right: each returns RPC_NO_REPLY
 * (the server answers), or an error for the client if the server is gone. */
#ifndef FS_SERVER_OPS_ATTACH_H
#define FS_SERVER_OPS_ATTACH_H

#include <masque/types.h>
#include <stdint.h>
#include "perm.h"
#include "walk.h"

int64_t forward_open(const struct walk_forward *f, port_name_t client, uint32_t flags,
		     uint32_t mode, const struct identity *who);
int64_t forward_stat_path(const struct walk_forward *f, port_name_t client, uint32_t flags,
			  const struct identity *who);
int64_t forward_readlink(const struct walk_forward *f, port_name_t client,
			 const struct identity *who);
int64_t forward_access(const struct walk_forward *f, port_name_t client, uint32_t mode,
		       uint32_t flags, const struct identity *who);

#endif
