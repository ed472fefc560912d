/* The block-device server's ports (main.c), and what it asks the fs-server (open.c). */
#ifndef BLKDEV_SERVER_H
#define BLKDEV_SERVER_H

#include <masque/types.h>
#include "volume.h"

/* The fs-server's root handle; the port the fs-server forwards opens to. */
extern port_name_t fs_port, device_port;

/* Whether the fs-server has a file system mounted on v or on blocks of it (or cannot
 * say: the safe answer). */
int volume_in_use(const struct volume *v);

#endif
