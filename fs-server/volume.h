/*
 * A mounted file system: an instance of one of the file system types (vfs.h), the ext2
 * library's over a block device or a tmpfs; or a bind mount, which shows a file or
 * directory of one again elsewhere (a volume of its own that shares the first one's
 * instance).
 */
#ifndef FS_SERVER_VOLUME_H
#define FS_SERVER_VOLUME_H

#include <masque/types.h>
#include <stdint.h>
#include "ext2/ext2.h"
#include "vfs.h"

struct volume {
	const struct vfs_ops *ops; /* its type's */
	void *fs;		   /* the instance: what ops work on */
	struct volume *base;	   /* the volume fs belongs to: itself, or the one a bind shows */
	uint32_t root;		   /* its top: the type's root, or the inode a bind shows */
	port_name_t device;	   /* send right to the block device */
	uint64_t dev;		   /* st_dev of its files */
	uint64_t mount;		   /* this mount's number (fs.identify): a bind has its own */
	uint32_t block_size;
	struct ext2_disk disk;
	char name[64];	 /* the device's name in the name service, or "loopN" */
	char source[64]; /* what the mount table says it is mounted from */
	uint32_t loop;	 /* on loop device loop - 1; 0: none */
	int read_only;	 /* mounted MS_RDONLY (a base volume's: a bind's is its base's) */
	int nosuid;	 /* mounted MS_NOSUID: exec ignores set-uid and set-gid bits */
};

/* A file: which volume, which inode. */
struct node {
	struct volume *vol;
	uint32_t ino;
};

/* Mount the ext2 file system of the block device registered as name, or of loop device
 * "loopN" (loop.h). */
int volume_mount(const char *name, int read_only, struct volume **out);
/* Write everything back and mark the file system clean (a bind: it only goes). */
int volume_unmount(struct volume *v);
/* Mount a new tmpfs (tmpfs_mount.c) with options as mount -o gives them (size=,
 * nr_inodes=, mode=, uid=, gid=: -EINVAL for others); source is what the mount table
 * shows. */
int volume_mount_tmpfs(const char *source, const char *options, int read_only, struct volume **out);
/* A new volume's numbers: its st_dev, its mount's, its files' block size; its root. */
void volume_number(struct volume *v);
/* A bind mount's volume: source, a file or directory, shown as its own top. */
int volume_bind(struct node source, struct volume **out);
/* Make v read-only (everything written back, marked clean; -EBUSY while a file on it
 * is open for writing) or read-write again: mount -o remount. */
int volume_remount(struct volume *v, int read_only);

/* The root file system. */
extern struct volume *root_volume;

#endif
