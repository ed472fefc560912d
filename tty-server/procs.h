/*
 * The process servers that attached (tty.attach), each through its control port: the
 * terminal server asks them who a caller is (from the caller's own port there, which
 * the client cannot forge: a port that is not one of a server's processes is known by
 * none) and has them signal a foreground group. A session is known by its process
 * server's control port and its id.
 */
#ifndef TTY_PROCS_H
#define TTY_PROCS_H

#include <masque/types.h>
#include <stdint.h>

struct caller {
	port_name_t procs; /* the control port of the caller's process server */
	int32_t pid, pgid, sid;
	uint64_t ignored;  /* the signals it ignores */
	uint32_t orphaned; /* its group is orphaned */
	uint32_t no_tty;   /* it gave its session's terminal up (TIOCNOTTY) */
};

/* A process server attached: its control port (whose reference we keep); the port
 * for its later word (session_ended) in *link. */
int64_t procs_attach(port_name_t control, port_name_t *link);

/* The process server of control, whose death link heard of, is gone: forgotten (1),
 * or 0 if link and control are no attached server's. */
int procs_forget(port_name_t link, port_name_t control);

/* The control port whose link port is link, or PORT_NULL. */
port_name_t procs_of_link(port_name_t link);

/* Who the process whose port (at its process server) process is: 0, or -ESRCH when no
 * attached server knows it. */
int64_t procs_identify(port_name_t process, struct caller *who);

/* Signal every process of group pgrp of the process server of control. */
void procs_signal_group(port_name_t control, int32_t pgrp, int sig);

/* The session of group pgrp at the process server of control, or -ESRCH. */
int64_t procs_group_session(port_name_t control, int32_t pgrp);

/* who gives its session's terminal up, alone (TIOCNOTTY not by the leader). */
int64_t procs_drop_tty(const struct caller *who, port_name_t process);

#endif
