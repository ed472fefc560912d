/*
 * Stopping the machine (power.c), for the boot script's poweroff and for a request on
 * the privileged name-service port (ns.power, which the process server makes when
 * init calls reboot(2)): the fs-server first writes everything back and unmounts its
 * root, so the disk is clean.
 */
#ifndef BOOTSTRAP_POWER_H
#define BOOTSTRAP_POWER_H

#include <masque/types.h>

/* Take the I/O ports power-off and reset use (host: the host port). */
void power_init(port_name_t host);

/* Power off: QEMU exits with status (its isa-debug-exit device). Returns only if the
 * machine is still on (no such device). */
void power_off(int status);

/* Reset the machine (QEMU with -no-reboot exits). Returns only if it did not. */
void power_reset(void);

#endif
