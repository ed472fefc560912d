/* Starting boot modules (static native ELF programs) as tasks. */
#ifndef BOOTSTRAP_LOADER_H
#define BOOTSTRAP_LOADER_H

#include <masque/boot.h>
#include <stdint.h>

/* Start module m as a task named label with argv (argc strings); its bootstrap
 * special port is set to bootstrap (a send right, or PORT_NULL). Returns the name
 * of a send right to the new task, or an error. A task that is not privileged may
 * not raise its threads above PRIORITY_DEFAULT. */
int64_t load_task(const struct boot_module *m, int argc, char **argv, port_name_t bootstrap,
		  int privileged);

#endif
