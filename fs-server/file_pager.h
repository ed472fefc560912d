/*
 * Files as memory objects: the fs-server is the pager of the files it lets clients
 * map (interfaces/pager.defs). Each mapped inode has one memory object port, so every
 * mapping of the file shares one set of pages in the kernel. Pages come from the file
 * (zeros past its end within the last page; a memory error past that), and dirty
 * pages the kernel returns are written to the file, never beyond its size.
 *
 * Coherence with read and write requests: before the server reads a range of a mapped
 * file it has the kernel send back the dirty pages there and writes them to the file;
 * before it writes or truncates, it also has the kernel drop its copies, so mappings
 * see the new data (or, past a new end, a memory error). fsync, sync and the root's
 * unmount have the kernel send back the dirty pages of the files they make durable
 * first: what a program wrote through a mapping is on the disk when they return.
 */
#ifndef FS_SERVER_FILE_PAGER_H
#define FS_SERVER_FILE_PAGER_H

#include <masque/msg.h>
#include <stdint.h>
#include "volume.h"

/* A view of the memory object of node's file (the object made on first use): a send
 * right, for the client to map, writable shared or read-only (views: kernel's
 * vm/mo_view.c). Clients never hold the object itself, so only the kernel speaks to its
 * pager. */
int file_pager_view(struct node node, int writable, port_name_t *view);
/* Serve a message that came to a memory object port: 1 if it was one. */
int file_pager_demux(struct msg_header *in, struct msg_header *out);
/* An end past any file's: file_pager_sync from an offset to the end of the file. */
#define FILE_PAGER_END (1ull << 62)
/* Make [start, end) of node's file current in the server (the kernel's dirty pages
 * written back), and with drop, make the kernel forget its copies too. */
void file_pager_sync(struct node node, uint64_t start, uint64_t end, int drop);
/* The same for the whole of every mapped file of vol (of every volume if vol is NULL),
 * the kernel keeping its copies. */
void file_pager_sync_all(const struct volume *vol);
/* Whether a file of vol is mapped. */
int file_pager_any_on(const struct volume *vol);
/* The last send right to a memory object port went: 1 if port was one (now gone). */
int file_pager_forget(port_name_t port);

#endif
