/* Directories: entries in a list, oldest first, each with a cookie past every one before
 * it (readdir's order and places), and in a hash table by name (lookup); "." and ".."
 * are answered from the directory itself. The table doubles as entries come; without
 * memory for it, names are searched along the list. A removed directory (no links)
 * has no names at all: lookup and readdir give -ENOENT, as on Linux. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tmpfs_int.h"

#define FIRST_ENTRY_COOKIE 2 /* 0 is ".", 1 is ".." */
#define BUCKETS_MIN	   8
#define BUCKETS_MAX	   (1u << 31) /* the largest power of two bucket_count holds */

int tmpfs_check_name(const char *name, size_t len)
{
	if (!len)
		return -ENOENT;
	if (len > NAME_MAX_LEN)
		return -ENAMETOOLONG;
	while (len--)
		if (name[len] == '/' || !name[len])
			return -EINVAL;
	return 0;
}

int tmpfs_is_dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Linux's: a made-up 20 bytes an entry, "." and ".." counted. */
uint64_t tmpfs_dir_size(const struct tmpfs_inode *d)
{
	return ((uint64_t)d->dir.count + 2) * DIRENT_BOGO_SIZE;
}

/* FNV-1a. */
static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t hash = 2166136261u;
	while (len--)
		hash = (hash ^ (uint8_t)*name++) * 16777619u;
	return hash;
}

static struct tmpfs_dirent **bucket(struct tmpfs_dir *dir, uint32_t hash)
{
	return &dir->buckets[hash & (dir->bucket_count - 1)];
}

static int is_named(const struct tmpfs_dirent *e, uint32_t hash, const char *name, size_t len)
{
	return e->hash == hash && e->len == len && !memcmp(e->name, name, len);
}

/* The entry of d called name, or NULL. */
struct tmpfs_dirent *tmpfs_dir_find(struct tmpfs_inode *d, const char *name, size_t len)
{
	uint32_t hash = name_hash(name, len);
	struct tmpfs_dirent *e;
	if (!d->dir.buckets) {
		for (e = d->dir.first; e && !is_named(e, hash, name, len); e = e->next)
			;
		return e;
	}
	for (e = *bucket(&d->dir, hash); e && !is_named(e, hash, name, len); e = e->hash_next)
		;
	return e;
}

/* The inode name (checked) stands for in directory d, "." and ".." included. */
int tmpfs_dir_lookup(struct tmpfs_inode *d, const char *name, size_t len, struct tmpfs_inode **out)
{
	struct tmpfs_dirent *e;
	if (!d->nlink)
		return -ENOENT;
	if (len == 1 && name[0] == '.')
		*out = d;
	else if (len == 2 && name[0] == '.' && name[1] == '.')
		*out = d->dir.parent;
	else if ((e = tmpfs_dir_find(d, name, len)))
		*out = e->inode;
	else
		return -ENOENT;
	return 0;
}

/* A new entry called name (checked), in no directory yet. */
struct tmpfs_dirent *tmpfs_dirent_new(const char *name, size_t len)
{
	struct tmpfs_dirent *e = malloc(sizeof(*e) + len);
	if (!e)
		return NULL;
	memcpy(e->name, name, len);
	e->len = (uint8_t)len;
	e->hash = name_hash(name, len);
	return e;
}

static void hash_insert(struct tmpfs_dir *dir, struct tmpfs_dirent *e)
{
	e->hash_next = *bucket(dir, e->hash);
	*bucket(dir, e->hash) = e;
}

/* Twice the buckets (BUCKETS_MIN at first), every entry of the list put in again. */
static int buckets_grow(struct tmpfs_dir *dir)
{
	uint32_t count = dir->bucket_count ? dir->bucket_count * 2 : BUCKETS_MIN;
	struct tmpfs_dirent **buckets, *e;
	if (dir->bucket_count == BUCKETS_MAX)
		return -ENOSPC;
	buckets = calloc(count, sizeof(*buckets));
	if (!buckets)
		return -ENOMEM;
	free(dir->buckets);
	dir->buckets = buckets;
	dir->bucket_count = count;
	for (e = dir->first; e; e = e->next)
		hash_insert(dir, e);
	return 0;
}

/* Entry e (from tmpfs_dirent_new) names n in d, after every other entry. Cannot fail: a
 * hash table that cannot grow stays as it is. */
void tmpfs_dir_add(struct tmpfs *fs, struct tmpfs_inode *d, struct tmpfs_dirent *e,
		   struct tmpfs_inode *n)
{
	struct tmpfs_dir *dir = &d->dir;
	e->inode = n;
	e->cookie = FIRST_ENTRY_COOKIE + dir->added++;
	e->next = NULL;
	e->prev = dir->last;
	if (dir->last)
		dir->last->next = e;
	else
		dir->first = e;
	dir->last = e;
	dir->count++;
	/* a table that grows takes e with the others; one that cannot stays as it is */
	if ((dir->count <= dir->bucket_count || buckets_grow(dir) < 0) && dir->buckets)
		hash_insert(dir, e);
	tmpfs_inode_touch(fs, d, TIME_MTIME | TIME_CTIME);
}

static void hash_remove(struct tmpfs_dir *dir, struct tmpfs_dirent *e)
{
	struct tmpfs_dirent **at = bucket(dir, e->hash);
	while (*at != e)
		at = &(*at)->hash_next;
	*at = e->hash_next;
}

/* Entry e of d goes (not the inode it names). */
void tmpfs_dir_remove(struct tmpfs *fs, struct tmpfs_inode *d, struct tmpfs_dirent *e)
{
	struct tmpfs_dir *dir = &d->dir;
	if (dir->resume == e)
		dir->resume = e->prev;
	if (e->prev)
		e->prev->next = e->next;
	else
		dir->first = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		dir->last = e->prev;
	if (dir->buckets)
		hash_remove(dir, e);
	dir->count--;
	free(e);
	tmpfs_inode_touch(fs, d, TIME_MTIME | TIME_CTIME);
}

/* Entry e of d names n instead; it keeps its place. */
void tmpfs_dir_retarget(struct tmpfs *fs, struct tmpfs_inode *d, struct tmpfs_dirent *e,
			struct tmpfs_inode *n)
{
	e->inode = n;
	tmpfs_inode_touch(fs, d, TIME_MTIME | TIME_CTIME);
}

/* Every entry of d and its table go (not the inodes they name). */
void tmpfs_dir_destroy(struct tmpfs_inode *d)
{
	struct tmpfs_dirent *e, *next;
	for (e = d->dir.first; e; e = next) {
		next = e->next;
		free(e);
	}
	free(d->dir.buckets);
}

int tmpfs_lookup(void *instance, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
	struct tmpfs_inode *d, *n;
	int err = tmpfs_check_name(name, len);
	if (err >= 0)
		err = tmpfs_dir_of(instance, dir, &d);
	if (err >= 0)
		err = tmpfs_dir_lookup(d, name, len, &n);
	if (err >= 0)
		*ino = n->ino;
	return err;
}

static void fill_dirent(struct vfs_dirent *ent, const struct tmpfs_inode *n, const char *name,
			size_t len)
{
	ent->ino = n->ino;
	ent->type = (uint8_t)(type_of(n) >> 12); /* Linux's IFTODT */
	ent->name_len = (uint8_t)len;
	memcpy(ent->name, name, len);
	ent->name[len] = 0;
}

/* "." and ".." at cookies 0 and 1, then the first entry whose cookie is at or past
 * *cookie: one removed meanwhile is skipped, none comes twice. */
int tmpfs_readdir(void *instance, uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	struct tmpfs_inode *d;
	struct tmpfs_dirent *e;
	int err = tmpfs_dir_of(instance, dir, &d);
	if (err < 0)
		return err;
	if (!d->nlink)
		return -ENOENT;
	if (*cookie < FIRST_ENTRY_COOKIE) {
		if (*cookie)
			fill_dirent(ent, d->dir.parent, "..", 2);
		else
			fill_dirent(ent, d, ".", 1);
		(*cookie)++;
		return 1;
	}
	e = d->dir.resume && d->dir.resume->cookie < *cookie ? d->dir.resume : d->dir.first;
	while (e && e->cookie < *cookie)
		e = e->next;
	if (!e)
		return 0;
	d->dir.resume = e;
	fill_dirent(ent, e->inode, e->name, e->len);
	*cookie = e->cookie + 1;
	return 1;
}
