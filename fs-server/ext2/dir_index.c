/* Name indexes of directories, in memory only: for each live entry, its name's
 * hash and where it is (block and offset), so that a lookup reads the one block the
 * name may be in instead of every block. Entries never move in an ext2 directory (an
 * addition splits free room, a removal merges into the entry before), so a place
 * stays true until its entry goes; dir.c tells every addition and removal. A few
 * directories are indexed at a time, the least recently used index giving way. */
#include <errno.h>
#include <stdlib.h>
#include "fs.h"

struct dir_place {
	uint32_t hash;
	uint32_t offset;
	uint64_t lblock;
	struct dir_place *next;
};

struct dir_index {
	uint32_t ino;
	uint32_t count;	      /* places */
	uint32_t buckets;     /* a power of two */
	uint64_t used;	      /* fs->dir_index_clock when last used */
	uint64_t room;	      /* blocks before it were full when an entry last went in, */
	uint32_t room_offset; /* and the entries before this offset in it */
	struct dir_place **table;
};

uint32_t dir_name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

static void index_free(struct dir_index *x)
{
	for (uint32_t i = 0; i < x->buckets; i++)
		while (x->table[i]) {
			struct dir_place *p = x->table[i];
			x->table[i] = p->next;
			free(p);
		}
	free(x->table);
	free(x);
}

struct dir_index *dir_index_of(struct ext2_fs *fs, uint32_t ino)
{
	for (int i = 0; i < DIR_INDEXES; i++) {
		struct dir_index *x = fs->dir_indexes[i];
		if (x && x->ino == ino) {
			x->used = ++fs->dir_index_clock;
			return x;
		}
	}
	return NULL;
}

struct dir_index *dir_index_new(struct ext2_fs *fs, uint32_t ino)
{
	int slot = 0; /* a free one, else the least recently used */
	dir_index_drop(fs, ino);
	for (int i = 0; i < DIR_INDEXES; i++) {
		if (!fs->dir_indexes[i]) {
			slot = i;
			break;
		}
		if (fs->dir_indexes[i]->used < fs->dir_indexes[slot]->used)
			slot = i;
	}
	struct dir_index *x = calloc(1, sizeof(*x));
	if (!x || !(x->table = calloc(64, sizeof(*x->table)))) {
		free(x);
		return NULL;
	}
	x->ino = ino;
	x->buckets = 64;
	x->used = ++fs->dir_index_clock;
	if (fs->dir_indexes[slot])
		index_free(fs->dir_indexes[slot]);
	fs->dir_indexes[slot] = x;
	return x;
}

/* Twice the buckets, once there are more places than buckets: chains stay short. */
static void grow(struct dir_index *x)
{
	uint32_t n = x->buckets * 2;
	struct dir_place **t = calloc(n, sizeof(*t));
	if (!t)
		return; /* longer chains, still right */
	for (uint32_t i = 0; i < x->buckets; i++)
		while (x->table[i]) {
			struct dir_place *p = x->table[i];
			x->table[i] = p->next;
			p->next = t[p->hash & (n - 1)];
			t[p->hash & (n - 1)] = p;
		}
	free(x->table);
	x->table = t;
	x->buckets = n;
}

int dir_index_add(struct dir_index *x, uint32_t hash, uint64_t lblock, uint32_t offset)
{
	struct dir_place *p = malloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	if (x->count >= x->buckets)
		grow(x);
	*p = (struct dir_place){ hash, offset, lblock, x->table[hash & (x->buckets - 1)] };
	x->table[hash & (x->buckets - 1)] = p;
	x->count++;
	return 0;
}

void dir_index_remove(struct dir_index *x, uint32_t hash, uint64_t lblock, uint32_t offset)
{
	struct dir_place **link = &x->table[hash & (x->buckets - 1)];
	while (*link && ((*link)->lblock != lblock || (*link)->offset != offset))
		link = &(*link)->next;
	if (*link) {
		struct dir_place *p = *link;
		*link = p->next;
		free(p);
		x->count--;
	}
}

int dir_index_each(struct dir_index *x, uint32_t hash, int (*fn)(uint64_t, uint32_t, void *),
		   void *arg)
{
	for (struct dir_place *p = x->table[hash & (x->buckets - 1)]; p; p = p->next) {
		int r = p->hash == hash ? fn(p->lblock, p->offset, arg) : 0;
		if (r)
			return r;
	}
	return 0;
}

uint64_t dir_index_room(const struct dir_index *x, uint32_t *offset)
{
	*offset = x->room_offset;
	return x->room;
}

void dir_index_room_used(struct dir_index *x, uint64_t lblock, uint32_t offset)
{
	x->room = lblock;
	x->room_offset = offset;
}

/* An entry of lblock went: merged into the one before it, its offset is no entry's. */
void dir_index_room_freed(struct dir_index *x, uint64_t lblock)
{
	if (lblock <= x->room) {
		x->room = lblock;
		x->room_offset = 0;
	}
}

void dir_index_drop(struct ext2_fs *fs, uint32_t ino)
{
	for (int i = 0; i < DIR_INDEXES; i++)
		if (fs->dir_indexes[i] && fs->dir_indexes[i]->ino == ino) {
			index_free(fs->dir_indexes[i]);
			fs->dir_indexes[i] = NULL;
		}
}

void dir_indexes_destroy(struct ext2_fs *fs)
{
	for (int i = 0; i < DIR_INDEXES; i++)
		if (fs->dir_indexes[i]) {
			index_free(fs->dir_indexes[i]);
			fs->dir_indexes[i] = NULL;
		}
}
