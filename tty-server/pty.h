/*
 * Pseudo-terminals: an open of /dev/ptmx (5:2) makes a pair, whose master is that
 * handle and whose slave is a terminal like the console, /dev/pts/N (136:N), a node
 * this server makes on the file system (owned by the opener, mode 620) and removes
 * when the pair goes. What the master writes is typed at the slave; what the slave
 * writes (and echoes) is the master's to read. The slave opens only once unlocked
 * (TIOCSPTLCK; TIOCGPTN says N). The master's close hangs the slave up; the last
 * slave's close makes the master's reads end with -EIO.
 */
#ifndef TTY_PTY_H
#define TTY_PTY_H

#include <masque/types.h>
#include <stdint.h>

#define PTMX_MAJOR 5
#define PTMX_MINOR 2
#define PTS_MAJOR  136 /* Linux's UNIX98 pty slaves */

struct handle;
struct dev_node;
struct pty;
struct terminal;

/* Where the slave nodes are made: a handle of uid 0 on the root (main.c). */
void pty_init(port_name_t fs_root);

/* A new pair for uid/gid: its master handle in *h. */
int64_t pty_open_master(uint32_t flags, uint32_t uid, uint32_t gid, const struct dev_node *node,
			struct handle **h);

/* A handle on slave index: -EIO while it is locked or its master is gone, -ENXIO if
 * there is none. */
int64_t pty_open_slave(uint32_t index, uint32_t flags, const struct dev_node *node,
		       struct handle **h);

/* h is a new handle on the slave of pty (pty_open_slave's, or /dev/tty's). */
void pty_slave_added(struct pty *pty, struct handle *h);

/* A handle of pty closed (master: whether it was the master's). */
void pty_closed(struct pty *pty, int master);

/* The master's side of the file protocol: what read, write, poll, interrupt do. A
 * write is the slave's typing: it takes what fits of the slave's input and waits, as a
 * terminal's write does, while nothing does (-EAGAIN if non-blocking). */
int64_t pty_master_read(struct handle *h, port_name_t reply, uint32_t length, void *buf);
int64_t pty_master_write(struct handle *h, port_name_t reply, const void *bytes, uint32_t n);
uint32_t pty_master_poll(struct handle *h, uint32_t events, port_name_t wake);
void pty_master_interrupt(struct handle *h);

/* The slave's terminal; its number (TIOCGPTN); lock or unlock it (TIOCSPTLCK). */
struct terminal *pty_terminal(struct pty *pty);
uint32_t pty_index(const struct pty *pty);
void pty_lock(struct pty *pty, int locked);

/* The pair whose slave t is, or NULL (the console). */
struct pty *pty_of_slave(struct terminal *t);

/* The earliest VTIME deadline of the slaves (0: none); their timeouts, when due. */
uint64_t pty_deadline(void);
void pty_timeout(void);

/* A slave terminal that controls a session of the process server of procs, or NULL. */
struct terminal *pty_of_procs(port_name_t procs);

/* The slave terminal that controls session sid of the process server of procs, or
 * NULL. */
struct terminal *pty_of_session(port_name_t procs, int32_t sid);

#endif
