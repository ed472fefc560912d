/* reboot(2), the server's half (interfaces/proc.defs): who may, from the identity
 * recorded here, and which commands, as Linux checks them; then the bootstrap stops
 * the machine, once the fs-server has written everything back. */
#include <errno.h>
#include <linux/reboot.h>
#include <ns.h>
#include <ns_power.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include "process.h"

static int magic_ok(uint32_t magic1, uint32_t magic2)
{
	return magic1 == LINUX_REBOOT_MAGIC1 &&
	       (magic2 == LINUX_REBOOT_MAGIC2 || magic2 == LINUX_REBOOT_MAGIC2A ||
		magic2 == LINUX_REBOOT_MAGIC2B || magic2 == LINUX_REBOOT_MAGIC2C);
}

/* The bootstrap powers off or resets; it answers only if it could not. */
static int64_t stop_machine(uint32_t how)
{
	int64_t r = rpc_ns_power(bootstrap_port, how);

	return r ? r : -EIO;
}

int64_t proc_reboot(struct rpc_ctx *ctx, uint32_t magic1, uint32_t magic2, uint32_t command)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	if (p->cred.uid[1] != 0)
		return -EPERM; /* no CAP_SYS_BOOT */
	if (!magic_ok(magic1, magic2))
		return -EINVAL;
	switch (command) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2: /* its command string is for firmware we have not */
		return stop_machine(NS_POWER_RESET);
	case LINUX_REBOOT_CMD_HALT:
	case LINUX_REBOOT_CMD_POWER_OFF:
		return stop_machine(NS_POWER_OFF);
	case LINUX_REBOOT_CMD_SW_SUSPEND:
		return -ENOSYS;
	default:
		return -EINVAL;
	}
}
