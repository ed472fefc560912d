/* Host-wide traps: the debug console, I/O port grants (with the host port), time. */
#include <masque/error.h>
#include <string.h>
#include "arch/x86_64/clock.h"
#include "arch/x86_64/gdt.h"
#include "ipc/port.h"
#include "kern/console.h"
#include "kern/host.h"
#include "kern/syscall.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/kmem.h"
#include "vm/usercopy.h"

#define DEBUG_WRITE_MAX 4096

struct port *host_port;

int host_init(void)
{
	static int the_host; /* the host has no state of its own: its port is the privilege */

	host_port = port_alloc_kobject(KOBJ_HOST, &the_host);
	return host_port ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

int64_t sys_debug_write(const char *buf, uint64_t len)
{
	char kbuf[256];

	if (len > DEBUG_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < sizeof(kbuf) ? len - done : sizeof(kbuf);
		if (copyin(current->task->map, kbuf, (uint64_t)(uintptr_t)buf + done, n))
			return KERN_INVALID_ADDRESS;
		console_write(kbuf, n);
		done += n;
	}
	return KERN_SUCCESS;
}

int64_t sys_io_grant(port_name_t host, port_name_t task_name, uint32_t first, uint32_t count)
{
	void *h;
	struct task *t;
	int err;

	if ((err = kobject_lookup(&current->task->space, host, KOBJ_HOST, &h)))
		return err;
	if ((err = kobject_lookup(&current->task->space, task_name, KOBJ_TASK, (void **)&t)))
		return err;
	if (first > 0xffff || count > 0x10000 - first)
		return KERN_INVALID_ARGUMENT;
	if (!t->io_bitmap) {
		if (!(t->io_bitmap = kmem_alloc(IO_BITMAP_BYTES)))
			return KERN_RESOURCE_SHORTAGE;
		memset(t->io_bitmap, 0xff, IO_BITMAP_BYTES);
	}
	for (uint32_t port = first; port < first + count; port++)
		t->io_bitmap[port / 8] &= ~(1 << (port % 8));
	tss_forget_io_bitmap(t);
	if (t == current->task)
		tss_set_io_bitmap(t, t->io_bitmap);
	return KERN_SUCCESS;
}

int64_t sys_clock_now(void)
{
	return clock_ns();
}
