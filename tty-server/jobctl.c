/* Job control on reads and writes (jobctl.h). */
#include <asm/signal.h>
#include <errno.h>
#include "jobctl.h"
#include "procs.h"
#include "terminal.h"

#define SIGNAL_BIT(sig) (1ull << ((sig)-1))

int64_t jobctl_check(struct terminal *t, port_name_t process, uint64_t blocked, int sig)
{
	struct caller who;

	if (!t->sid || procs_identify(process, &who))
		return 0; /* no process of a server we know: no session of its */
	if (who.procs != t->procs || who.sid != t->sid || who.no_tty || !t->pgrp ||
	    who.pgid == t->pgrp)
		return 0; /* not its controlling terminal, or in the foreground */
	if ((who.ignored | blocked) & SIGNAL_BIT(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (who.orphaned)
		return -EIO; /* nobody would continue it after the stop */
	procs_signal_group(who.procs, who.pgid, sig);
	return -EINTR;
}
