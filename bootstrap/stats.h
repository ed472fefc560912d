/*
 * Figures a test compares around a run (the boot script's "stats LABEL"): the
 * kernel's memory, and what each task the script started holds of its quotas and of
 * memory, so that a test can tell a leak in a server or the kernel from the outside.
 */
#ifndef BOOTSTRAP_STATS_H
#define BOOTSTRAP_STATS_H

#include <masque/types.h>

/* Keep task (a send right, still ours) under name for later stats lines. */
void stats_remember(const char *name, port_name_t task);
/* Print "# stats LABEL kernel ..." and one "# stats LABEL NAME ..." line per task
 * remembered that is still alive. */
void stats_print(const char *label);

#endif
