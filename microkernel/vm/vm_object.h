/*
 * Memory objects: what regions of address maps map. Physical memory is only a
 * cache of them: the resident pages of an object are found by (object, offset) in
 * one hash table. An anonymous object is zero-filled on first touch; a copy-on-write
 * copy is a shadow object in front of the one it copies, holding only the pages
 * written since.
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <stdint.h>
#include "kern/list.h"

struct vm_page;
struct port;
struct existence;

struct vm_object {
	uint32_t refs;		     /* map entries, shadowing objects, messages */
	uint64_t size;		     /* bytes */
	struct list pages;	     /* resident pages, via vm_page.link */
	uint64_t resident;	     /* how many */
	struct vm_object *shadow;    /* the object this one is a copy-on-write copy of */
	uint64_t shadow_offset;	     /* where this object starts in the shadow */
	struct list shadowers;	     /* the objects whose shadow this one is */
	struct list shadow_link;     /* in shadow->shadowers */
	struct port *pager;	     /* send right to the memory object port; NULL: anonymous */
	struct port *control;	     /* the control port the pager calls back on */
	struct list waiters;	     /* threads waiting for a busy or locked page */
	uint8_t wired;		     /* its pages stay in memory (DMA buffers) */
	uint8_t keep_resident;	     /* its pager refused a page back: stop sending them */
	uint8_t internal;	     /* anonymous memory the default pager took over: it has
				     only the pages in the existence map below */
	struct existence *existence; /* which pages went out to the pager */
	uint8_t device;		     /* device memory: offset o is physical address phys + o */
	uint64_t phys;
};

/* Whether o is the memory of an external pager (a file's), not anonymous memory that
 * the default pager may hold: its pages are the pager's data, never a private copy. */
static inline int vm_object_external(const struct vm_object *o)
{
	return o->pager && !o->internal;
}

struct vm_object *vm_object_create(uint64_t size);
void vm_object_ref(struct vm_object *o);
void vm_object_deallocate(struct vm_object *o);
struct vm_page *vm_object_page(struct vm_object *o, uint64_t offset);
void vm_object_insert(struct vm_object *o, uint64_t offset, struct vm_page *p);
/* A page supplied unasked is wanted after all (or leaves): credit its pager's quota. */
void vm_page_uncharge_unasked(struct vm_page *p);
/* A page an ordinary pager locked is unlocked (or leaves): credit its quota. */
void vm_page_uncharge_locked(struct vm_page *p);
/* Take a page out of its object, keeping the frame. */
void vm_object_remove(struct vm_page *p);
/* Take a page out of its object, unmap it everywhere and give the frame back. */
void vm_object_free_page(struct vm_page *p);
/* Free the resident pages of [offset, offset + size) of o, an object without a pager
 * (so none is busy), unmapping them everywhere. */
void vm_object_free_range(struct vm_object *o, uint64_t offset, uint64_t size);
/* Make o a copy-on-write copy of shadow from offset on, giving it the caller's
 * reference to shadow. */
void vm_object_set_shadow(struct vm_object *o, struct vm_object *shadow, uint64_t offset);
/* Let a copy-on-write chain get shorter: fold backing objects that only o uses. */
void vm_object_collapse(struct vm_object *o);
/* The existence map of an internal object: a page that never went out to the
 * default pager is zero-filled (or found below) without asking it. */
int vm_object_mark_out(struct vm_object *o, uint64_t offset);
int vm_object_was_out(const struct vm_object *o, uint64_t offset);

/* Pages in all objects: the size of the page cache. */
uint64_t vm_object_page_count(void);
/* Pages resident in [offset, offset + size) of o. */
uint64_t vm_object_resident_in(struct vm_object *o, uint64_t offset, uint64_t size);

#endif
