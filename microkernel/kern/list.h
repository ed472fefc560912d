/* Intrusive circular doubly-linked lists: the one list type of the kernel. */
#ifndef KERN_LIST_H
#define KERN_LIST_H

#include <stddef.h>

struct list {
	struct list *next, *prev;
};

#define LIST_INIT(name)          \
	{                        \
		&(name), &(name) \
	}
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#define list_entry(node, type, member)	container_of(node, type, member)

static inline void list_init(struct list *l)
{
	l->next = l->prev = l;
}

static inline int list_empty(const struct list *l)
{
	return l->next == l;
}

/* Whether l holds exactly one node. */
static inline int list_is_singular(const struct list *l)
{
	return l->next != l && l->next == l->prev;
}

static inline void list_insert_after(struct list *pos, struct list *n)
{
	n->next = pos->next;
	n->prev = pos;
	pos->next->prev = n;
	pos->next = n;
}

static inline void list_push_back(struct list *l, struct list *n)
{
	list_insert_after(l->prev, n);
}

static inline void list_push_front(struct list *l, struct list *n)
{
	list_insert_after(l, n);
}

/* Unlink n and leave it pointing at itself, so unlinking twice is harmless. */
static inline void list_remove(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

static inline struct list *list_pop_front(struct list *l)
{
	struct list *n = l->next;

	if (n == l)
		return NULL;
	list_remove(n);
	return n;
}

#define list_for_each(pos, head) \
	for (struct list *pos = (head)->next; pos != (head); pos = pos->next)
/* Safe against removal of pos. */
#define list_for_each_safe(pos, head)                                                 \
	for (struct list *pos = (head)->next, *pos##_next = pos->next; pos != (head); \
	     pos = pos##_next, pos##_next = pos->next)

#endif
