/*
 * Devices other servers serve (the terminal server's consoles and ttys, the
 * block-device server's disks): a server registers a major number of character devices
 * (fs.register_device) or of block devices (fs.register_block_device), and an open of a
 * node of that type and major, once this server has judged the caller's access to the
 * node, is handed to it with the client's reply right (device.open), and it answers the
 * client.
 */
#ifndef FS_SERVER_DEV_SERVERS_H
#define FS_SERVER_DEV_SERVERS_H

#include <masque/types.h>
#include <stdint.h>
#include "ext2/ext2.h"
#include "handle.h"

/* Whether some server registered the major number of st_rdev rdev for nodes of mode's
 * type. */
int dev_served_elsewhere(uint32_t mode, uint32_t rdev);

/* Hand the open of the device node (whose stat is st) for who with flags to its server,
 * with an O_PATH handle on the node, and the server answers client (the open's reply
 * right): RPC_NO_REPLY, or -ENXIO (-ENFILE) if it cannot. */
int64_t dev_open_elsewhere(struct node node, const struct vfs_stat *st, uint32_t flags,
			   const struct identity *who, port_name_t client);

#endif
