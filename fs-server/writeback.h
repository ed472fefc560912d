/* The write-back clock: a thread of the fs-server that ticks (writeback.c). */
#ifndef FS_SERVER_WRITEBACK_H
#define FS_SERVER_WRITEBACK_H

#include <masque/msg.h>

/* Dirty blocks reach the disk within this time even when nobody syncs, as Linux's
 * flusher writes back what stayed dirty (with a cache of a quarter of memory, a lot
 * could otherwise wait for a sync that never comes before a crash). */
#define WRITEBACK_EVERY_NS (5ull * 1000000000)

/* Start the clock: every WRITEBACK_EVERY_NS a tick arrives on a port of set. */
int writeback_start(port_name_t set);

/* Whether in is the clock's tick (which has no reply). */
int writeback_tick(const struct msg_header *in);

#endif
