/* The kernel heap gives its memory back: after a child task has made a burst of
 * kernel objects (32,768 ports, messages queued on some) and died, the free frames
 * come back to within the one spare page each size class may keep. */
#include <ipc.h>
#include <masque/error.h>
#include <masque/vm.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define PORTS	 32768
#define MESSAGES 256
/* One empty page per size class (32 B .. 2 KiB) may stay, and our own writes after
 * each fork copy a few pages (kernel_bytes is not compared for the same reason: the
 * shadow objects of those copies are ours, legitimately). */
#define SPARE_FRAMES 16

static port_name_t report;

/* The child: ports, a message on every 128th, then the frames it took, and die. */
static void burst(uint64_t unused)
{
	struct vm_stats st;
	int64_t err = KERN_SUCCESS;

	(void)unused;
	for (int i = 0; i < PORTS && !err; i++) {
		int64_t p = port_allocate(RIGHT_RECEIVE);
		if (p < 0)
			err = p;
		else if (i % (PORTS / MESSAGES) == 0)
			err = send_word((port_name_t)p, MSG_MAKE_SEND_ONCE, 1, (uint64_t)i);
	}
	vm_statistics(&st);
	send_word(report, MSG_COPY_SEND, err ? 0 : 1, st.free_pages);
}

static void test_burst_returns(void)
{
	struct vm_stats before, after;
	struct word_msg m;

	vm_statistics(&before);
	int64_t child = spawn(burst, 0);
	is(recv_word(report, &m, 60000), KERN_SUCCESS, "the child reports");
	ok(m.h.id == 1, "it made 32,768 ports and queued 256 messages on them");
	ok(before.free_pages - m.word >= PORTS / 16,
	   "the burst took kernel heap pages (%lu frames)", before.free_pages - m.word);
	is(wait_task_end((port_name_t)child, 60000), KERN_SUCCESS, "the child ends");
	port_destroy((port_name_t)child); /* the dead name keeps the dead port's memory */
	vm_statistics(&after);
	ok(after.free_pages + SPARE_FRAMES >= before.free_pages,
	   "its pages went back to the page allocator (%lu free before, %lu after)",
	   before.free_pages, after.free_pages);
}

int main(void)
{
	report = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);
	test_burst_returns();
	return 0;
}
