/* A regular file's pages: a radix tree of NODE_SLOTS-way nodes, as many levels as its
 * highest page needs, so a small file takes one node and a hole takes none. An insert
 * takes the nodes it adds from those tmpfs_pages_preload set aside, so it cannot fail
 * halfway (as Linux's radix_tree_preload). */
#include <errno.h>
#include <stdlib.h>
#include "tmpfs_int.h"

/* Nodes an insert may add at most: new levels on top, and a path down beside them. */
#define SPARE_NODES (2 * TREE_HEIGHT_MAX)

/* The slot for page index in a node at level (1: the nodes that hold pages). */
static unsigned slot_of(uint64_t index, unsigned level)
{
	return (unsigned)(index >> (NODE_SHIFT * (level - 1))) & (NODE_SLOTS - 1);
}

/* The height a tree needs to hold page index. */
static unsigned height_for(uint64_t index)
{
	unsigned height = 1;
	while (height < TREE_HEIGHT_MAX && index >> (NODE_SHIFT * height))
		height++;
	return height;
}

/* Page index of p, or NULL for a hole. */
uint8_t *tmpfs_pages_find(const struct tmpfs_pages *p, uint64_t index)
{
	struct page_node *node = p->root;
	unsigned level;
	if (!node || index >> (NODE_SHIFT * p->height))
		return NULL;
	for (level = p->height; level > 1; level--) {
		node = node->slot[slot_of(index, level)];
		if (!node)
			return NULL;
	}
	return node->slot[slot_of(index, 1)];
}

/* Set aside the nodes an insert may need: -ENOMEM (and nothing else changed) if they
 * cannot be had. */
int tmpfs_pages_preload(struct tmpfs *fs)
{
	struct page_node *node;
	while (fs->spare_count < SPARE_NODES) {
		node = calloc(1, sizeof(*node));
		if (!node)
			return -ENOMEM;
		node->slot[0] = fs->spare;
		fs->spare = node;
		fs->spare_count++;
	}
	return 0;
}

static struct page_node *spare_take(struct tmpfs *fs)
{
	struct page_node *node = fs->spare;
	fs->spare = node->slot[0];
	node->slot[0] = NULL;
	fs->spare_count--;
	return node;
}

/* Put page at index (a hole until now) into p; tmpfs_pages_preload must have succeeded. */
void tmpfs_pages_insert(struct tmpfs *fs, struct tmpfs_pages *p, uint64_t index, uint8_t *page)
{
	unsigned need = height_for(index), level;
	struct page_node *node;
	void **at;
	if (!p->root) {
		p->root = spare_take(fs);
		p->height = need;
	}
	while (p->height < need) {
		node = spare_take(fs);
		node->slot[0] = p->root;
		p->root = node;
		p->height++;
	}
	node = p->root;
	for (level = p->height; level > 1; level--) {
		at = &node->slot[slot_of(index, level)];
		if (!*at)
			*at = spare_take(fs);
		node = *at;
	}
	node->slot[slot_of(index, 1)] = page;
}

/* Free the pages of node's subtree (at level, its first page base) at or past page
 * first, and the nodes below it left empty; returns the pages freed, and in *empty
 * whether node holds nothing now. */
static uint64_t trim_node(struct page_node *node, unsigned level, uint64_t base, uint64_t first,
			  int *empty)
{
	uint64_t freed = 0, span = 1ull << (NODE_SHIFT * (level - 1)), start;
	int child_empty;
	unsigned i;
	*empty = 1;
	for (i = 0; i < NODE_SLOTS; i++) {
		start = base + i * span;
		if (!node->slot[i])
			continue;
		if (start + span <= first) {
			*empty = 0;
			continue;
		}
		child_empty = 1;
		if (level > 1)
			freed += trim_node(node->slot[i], level - 1, start, first, &child_empty);
		else
			freed++;
		if (child_empty) {
			free(node->slot[i]);
			node->slot[i] = NULL;
		} else {
			*empty = 0;
		}
	}
	return freed;
}

/* Free every page of p at or past page first (all of them for 0) and the nodes left
 * empty; returns how many pages went. */
uint64_t tmpfs_pages_trim(struct tmpfs_pages *p, uint64_t first)
{
	uint64_t freed;
	int empty;
	if (!p->root)
		return 0;
	freed = trim_node(p->root, p->height, 0, first, &empty);
	if (empty) {
		free(p->root);
		p->root = NULL;
		p->height = 0;
	}
	return freed;
}

/* The nodes set aside: at unmount. */
void tmpfs_pages_spare_free(struct tmpfs *fs)
{
	while (fs->spare_count)
		free(spare_take(fs));
}
