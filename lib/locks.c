/* Record locks of one file (locks.h): ranges, conflicts, splitting and merging, flock. */
#include <errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include "locks.h"

int lock_range(uint32_t whence, int64_t start, int64_t len, int64_t pos, int64_t size,
	       int64_t *first, int64_t *last)
{
	int64_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = pos;
		break;
	case SEEK_END:
		base = size;
		break;
	default:
		return -EINVAL;
	}
	if (start > LOCK_OFFSET_MAX - base)
		return -EOVERFLOW;
	base += start;
	if (base < 0)
		return -EINVAL;
	if (len > 0) {
		if (len - 1 > LOCK_OFFSET_MAX - base)
			return -EOVERFLOW;
		*first = base, *last = base + (len - 1);
	} else if (len < 0) { /* POSIX-2001: the len bytes before start */
		if (base + len < 0)
			return -EINVAL;
		*first = base + len, *last = base - 1;
	} else {
		*first = base, *last = LOCK_OFFSET_MAX;
	}
	return 0;
}

static int overlaps(const struct lock *l, int64_t first, int64_t last)
{
	return l->first <= last && first <= l->last;
}

/* Overlapping or adjacent ("- 1" rather than "+ 1": last may be LOCK_OFFSET_MAX). */
static int touches(const struct lock *l, int64_t first, int64_t last)
{
	return l->first - 1 <= last && first - 1 <= l->last;
}

const struct lock *lock_conflict(const struct lock *list, const void *owner, uint32_t type,
				 int64_t first, int64_t last)
{
	for (; list; list = list->next)
		if (list->owner != owner && overlaps(list, first, last) &&
		    (type == F_WRLCK || list->type == F_WRLCK))
			return list;
	return NULL;
}

/* The link to owner's first lock, or to where its run would begin: the list's end. */
static struct lock **run_of(struct lock **list, const void *owner)
{
	while (*list && (*list)->owner != owner)
		list = &(*list)->next;
	return list;
}

/* Lock o of the run at *link meets the new range first..last (of another type, or an
 * unlock): o keeps only what lies outside it. Returns the link to go on from; *spare is
 * used (and set to NULL) when o is cut in two. */
static struct lock **cut(struct lock **link, int64_t first, int64_t last, struct lock **spare)
{
	struct lock *o = *link;

	if (o->first < first && o->last > last) {
		struct lock *right = *spare;
		*right = *o;
		right->first = last + 1;
		o->last = first - 1;
		o->next = right;
		*spare = NULL;
		return &right->next;
	}
	if (o->first < first) {
		o->last = first - 1;
		return &o->next;
	}
	if (o->last > last) {
		o->first = last + 1;
		return &o->next;
	}
	*link = o->next;
	free(o);
	return link;
}

int lock_set(struct lock **list, const void *owner, int32_t pid, uint32_t type, int64_t first,
	     int64_t last)
{
	struct lock *fresh = malloc(sizeof(*fresh)), *spare = malloc(sizeof(*spare));
	struct lock **run = run_of(list, owner), **l = run;

	if (!fresh || !spare) {
		free(fresh);
		free(spare);
		return -ENOLCK;
	}
	*fresh = (struct lock){
		.owner = owner, .first = first, .last = last, .type = type, .pid = pid
	};
	while (*l && (*l)->owner == owner) {
		struct lock *o = *l;
		if (o->type == type && touches(o, first, last)) { /* merged into the new one */
			fresh->first = o->first < fresh->first ? o->first : fresh->first;
			fresh->last = o->last > fresh->last ? o->last : fresh->last;
			*l = o->next;
			free(o);
		} else if (overlaps(o, first, last)) {
			l = cut(l, first, last, &spare);
		} else {
			l = &o->next;
		}
	}
	free(spare);
	if (type == F_UNLCK) {
		free(fresh);
		return 0;
	}
	for (l = run; *l && (*l)->owner == owner && (*l)->first < fresh->first;)
		l = &(*l)->next;
	fresh->next = *l;
	*l = fresh;
	return 0;
}

int lock_drop(struct lock **list, const void *owner)
{
	int any = 0;

	while (*list) {
		struct lock *o = *list;
		if (o->owner != owner) {
			list = &o->next;
			continue;
		}
		*list = o->next;
		free(o);
		any = 1;
	}
	return any;
}

int lock_holds(const struct lock *list, const void *owner)
{
	for (; list; list = list->next)
		if (list->owner == owner)
			return 1;
	return 0;
}

int flock_set(struct flock_lock **list, const void *owner, uint32_t type, int *changed)
{
	struct flock_lock **l = list, *fresh;

	*changed = 0;
	while (*l && (*l)->owner != owner)
		l = &(*l)->next;
	if (*l && (*l)->type == type)
		return 0;
	if (*l)
		*changed = flock_drop(list, owner);
	if (type == LOCK_UN)
		return 0;
	for (const struct flock_lock *o = *list; o; o = o->next)
		if (type == LOCK_EX || o->type == LOCK_EX) /* every one left is another's */
			return -EAGAIN;
	if (!(fresh = malloc(sizeof(*fresh))))
		return -ENOLCK;
	*fresh = (struct flock_lock){ .next = *list, .owner = owner, .type = type };
	*list = fresh;
	*changed = 1;
	return 0;
}

int flock_drop(struct flock_lock **list, const void *owner)
{
	while (*list && (*list)->owner != owner)
		list = &(*list)->next;
	if (!*list)
		return 0;
	struct flock_lock *o = *list;
	*list = o->next;
	free(o);
	return 1;
}
