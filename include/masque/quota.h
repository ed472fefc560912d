/* Task quotas: how much of the kernel's resources a task may hold at once, set by
 * whoever holds its task port (task_set_quota). A new task starts with its creator's
 * limits; anyone may lower them, raising needs the host port. A task at a limit gets
 * KERN_NO_SPACE (names) or KERN_RESOURCE_SHORTAGE (the rest) and nothing else is
 * affected. */
#ifndef MASQUE_QUOTA_H
#define MASQUE_QUOTA_H

#include <stdint.h>

enum quota_kind {
	QUOTA_THREADS,	     /* threads */
	QUOTA_NAMES,	     /* names in its capability space */
	QUOTA_MAP_ENTRIES,   /* regions of its address map */
	QUOTA_PAGE_TABLES,   /* page-table pages of its address space */
	QUOTA_MSG_BYTES,     /* bytes of the messages it sent that wait in queues,
			      out-of-line memory in transit included */
	QUOTA_UNASKED_PAGES, /* pages it supplied as a pager that nobody asked for,
				still in the kernel's cache */
	QUOTA_LOCKED_PAGES,  /* resident pages it locked as a pager (pager_lock), which
				cannot leave memory while locked */
	QUOTA_COUNT
};

struct task_quota {
	uint64_t limit[QUOTA_COUNT];
	uint64_t used[QUOTA_COUNT]; /* task_get_quota fills it in; ignored when set */
	uint32_t max_priority;	    /* its threads' highest priority */
	uint32_t pad;
};

#endif
