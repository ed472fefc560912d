/*
 * The terminal server's side of this server (interfaces/proc.defs, its last routines):
 * at start the server offers the terminal server registered as "tty" a control port,
 * where alone the terminal server's questions (who a process is, a group's session)
 * and its signals to a foreground group are answered; it tells the terminal server
 * when a session's leader ends (the terminal hangs up).
 */
#ifndef PROC_TERMINAL_H
#define PROC_TERMINAL_H

#include <masque/types.h>
#include <stdint.h>

struct process;

/* Find the terminal server and give it the control port (a port in the set); nothing
 * if there is none. */
void terminal_attach(void);

/* p ended: if it led a session, the session's terminal hangs up. */
void terminal_process_ended(const struct process *p);

/* Make terminal (a handle of the terminal server's) the controlling terminal of p's
 * session, p's group its foreground, as TIOCSCTTY by p, its leader, would. */
int64_t terminal_make_controlling(port_name_t terminal, const struct process *p);

#endif
