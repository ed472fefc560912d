/* The block-device server's ports (main.c). */
#ifndef BLKDEV_SERVER_H
#define BLKDEV_SERVER_H

#include <masque/types.h>

/* The fs-server's root handle; the port the fs-server forwards opens to. */
extern port_name_t fs_port, device_port;

#endif
