/* Identities (creds.c). */
#ifndef PROC_CREDS_H
#define PROC_CREDS_H

#include <masque/types.h>
#include "process.h"

/* The handle on "/" with uid 0 that identities are made from. */
void creds_init(port_name_t root_handle);

#endif
