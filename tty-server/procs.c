/* The process servers that attached (procs.h). */
#include <errno.h>
#include <masque/rights.h>
#include <proc.h>
#include <stdlib.h>
#include <trap.h>
#include "handle.h"
#include "procs.h"

#define PROCS_MAX 16

static struct attached {
	port_name_t control, link;
} procs[PROCS_MAX];

int64_t procs_attach(port_name_t control, port_name_t *link)
{
	int64_t name;

	for (int i = 0; i < PROCS_MAX; i++) {
		if (procs[i].control)
			continue;
		if ((name = port_allocate_member(tty_set, 0)) < 0)
			break;
		if (port_request_notify(control, NOTIFY_DEAD_NAME, (port_name_t)name)) {
			port_destroy((port_name_t)name);
			break;
		}
		procs[i] = (struct attached){ control, (port_name_t)name };
		*link = (port_name_t)name;
		return 0;
	}
	port_mod_refs(control, RIGHT_SEND, -1);
	return -ENOSPC;
}

int procs_forget(port_name_t link, port_name_t control)
{
	for (int i = 0; i < PROCS_MAX; i++) {
		if (!procs[i].control || procs[i].link != link || procs[i].control != control)
			continue;
		port_destroy(control);
		port_destroy(link);
		procs[i] = (struct attached){ PORT_NULL, PORT_NULL };
		return 1;
	}
	return 0;
}

port_name_t procs_of_link(port_name_t link)
{
	for (int i = 0; i < PROCS_MAX; i++)
		if (procs[i].link == link && link)
			return procs[i].control;
	return PORT_NULL;
}

int64_t procs_identify(port_name_t process, struct caller *who)
{
	for (int i = 0; i < PROCS_MAX; i++) {
		if (!procs[i].control)
			continue;
		int64_t pid = rpc_proc_identify(procs[i].control, process, &who->pgid, &who->sid,
						&who->ignored, &who->orphaned, &who->no_tty);
		if (pid > 0) {
			who->procs = procs[i].control;
			who->pid = (int32_t)pid;
			return 0;
		}
	}
	return -ESRCH;
}

void procs_signal_group(port_name_t control, int32_t pgrp, int sig)
{
	rpc_proc_signal_group(control, pgrp, sig);
}

int64_t procs_group_session(port_name_t control, int32_t pgrp)
{
	return rpc_proc_group_session(control, pgrp);
}

int64_t procs_drop_tty(const struct caller *who, port_name_t process)
{
	return rpc_proc_drop_tty(who->procs, process);
}
