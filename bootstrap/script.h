/* The boot script (the module boot.conf): what the bootstrap starts, in order. */
#ifndef BOOTSTRAP_SCRIPT_H
#define BOOTSTRAP_SCRIPT_H

#include <masque/boot.h>

/* Run every line of the script; returns the status for poweroff, or -1 if the script
 * ends without one (the system stays up). */
int script_run(const struct boot_info *info, const char *text, uint64_t size);

#endif
