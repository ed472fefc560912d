/* Starting the first user task from the boot modules. */
#ifndef KERN_BOOTSTRAP_H
#define KERN_BOOTSTRAP_H

struct boot_params;

int bootstrap_start(const struct boot_params *bp);

#endif
