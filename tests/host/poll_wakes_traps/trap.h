/* The traps lib/poll_wakes.c makes, as functions tests/host/poll_wakes.c provides: this
 * folder comes first on the host test's include path, before lib/include. */
#ifndef TESTS_HOST_FAKE_TRAP_H
#define TESTS_HOST_FAKE_TRAP_H

#include <masque/rights.h>
#include <stdint.h>

int64_t port_destroy(port_name_t name);
int64_t port_status(port_name_t name, struct port_status *out);

#endif
