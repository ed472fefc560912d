/* The host name (interfaces/proc.defs): one for the system, as Linux's UTS node name
 * outside namespaces, kept here where the identity that may change it is known. */
#include <errno.h>
#include <proc.h>
#include <rpc.h>
#include <string.h>
#include "process.h"

#define HOSTNAME_MAX 64 /* Linux's __NEW_UTS_LEN */

static char hostname[HOSTNAME_MAX] = "masque";
static uint32_t hostname_len = 6;

int64_t proc_sethostname(struct rpc_ctx *ctx, const void *name, uint32_t name_len)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	if (p->cred.uid[1] != 0)
		return -EPERM; /* no CAP_SYS_ADMIN */
	if (name_len > HOSTNAME_MAX)
		return -EINVAL;
	memcpy(hostname, name, name_len);
	hostname_len = name_len;
	return 0;
}

int64_t proc_hostname(struct rpc_ctx *ctx, void *name, uint32_t *name_len)
{
	(void)ctx;
	memcpy(name, hostname, hostname_len);
	*name_len = hostname_len;
	return 0;
}
