/* What the terminal server's files share: its ports and its one terminal, COM1, which
 * is /dev/console (5:1), /dev/ttyS0 (4:64), and /dev/tty (5:0) for the session it
 * controls. */
#ifndef TTY_SERVER_H
#define TTY_SERVER_H

#include <masque/types.h>
#include "terminal.h"

#define TTY_MAJOR     4 /* Linux's serial lines: ttyS0 is minor 64 */
#define TTYS0_MINOR   64
#define CONSOLE_MAJOR 5 /* /dev/tty (minor 0), /dev/console (minor 1) */
#define TTY_MINOR     0
#define CONSOLE_MINOR 1

extern struct terminal console;
extern port_name_t service_port; /* registered as "tty": process servers attach here */
extern port_name_t device_port;	 /* the fs-server's alone: device.open */

/* Every terminal that controls a session of the process server of procs controls none
 * (it ended: open.c). */
void sessions_forget(port_name_t procs);

#endif
