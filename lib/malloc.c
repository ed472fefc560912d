/*
 * malloc for native programs: power-of-two size classes from 16 bytes to 2 KiB cut
 * from 64 KiB arenas, and whole pages from vm_allocate above that. Each block has
 * an 16-byte header with its size, so free needs no search.
 */
#include <masque/page_size.h>
#include <self.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>

#define HEADER	  16
#define CLASS_MIN 4  /* 16 bytes */
#define CLASS_MAX 11 /* 2048 bytes */
#define ARENA	  (64 * 1024)

struct block {
	struct block *next; /* in its free list, while free */
};

static struct block *free_lists[CLASS_MAX + 1];
static char *arena_next, *arena_end;

static int size_class(size_t size)
{
	int c = CLASS_MIN;

	while (((size_t)1 << c) < size)
		c++;
	return c;
}

static void *chunk(size_t bytes)
{
	if ((size_t)(arena_end - arena_next) < bytes) {
		int64_t a = vm_allocate(self_task, 0, ARENA, VM_ANYWHERE);
		if (a < 0)
			return NULL;
		arena_next = (char *)a;
		arena_end = arena_next + ARENA;
	}
	void *p = arena_next;
	arena_next += bytes;
	return p;
}

void *malloc(size_t size)
{
	char *p;
	size_t total = size + HEADER;

	if (total < size)
		return NULL;
	if (total > ((size_t)1 << CLASS_MAX)) {
		total = page_round_up(total);
		int64_t a = vm_allocate(self_task, 0, total, VM_ANYWHERE);
		if (a < 0)
			return NULL;
		p = (char *)a;
	} else {
		int c = size_class(total);
		if (free_lists[c]) {
			p = (char *)free_lists[c];
			free_lists[c] = free_lists[c]->next;
		} else if (!(p = chunk((size_t)1 << c))) {
			return NULL;
		}
		total = (size_t)1 << c;
	}
	*(size_t *)p = total;
	return p + HEADER;
}

void free(void *ptr)
{
	if (!ptr)
		return;
	char *p = (char *)ptr - HEADER;
	size_t total = *(size_t *)p;
	if (total > ((size_t)1 << CLASS_MAX)) {
		vm_deallocate(self_task, (uint64_t)p, total);
		return;
	}
	struct block *b = (struct block *)p;
	int c = size_class(total);
	b->next = free_lists[c];
	free_lists[c] = b;
}

void *calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	void *p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *ptr, size_t size)
{
	if (!ptr)
		return malloc(size);
	size_t have = *(size_t *)((char *)ptr - HEADER) - HEADER;
	if (size <= have)
		return ptr;
	void *n = malloc(size);
	if (n) {
		memcpy(n, ptr, have);
		free(ptr);
	}
	return n;
}
