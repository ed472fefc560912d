/* Host-wide traps: the debug console, I/O port grants (with the host port), time. */
#include <masque/error.h>
#include <string.h>
#include "arch/x86_64/clock.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/cpu.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include <masque/device.h>
#include "kern/console.h"
#include "kern/host.h"
#include "kern/syscall.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/kmem.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"

#define DEBUG_WRITE_MAX 4096

struct port *host_port;
struct port *default_pager;

int host_init(void)
{
	static int the_host; /* the host has no state of its own: its port is the privilege */

	host_port = port_alloc_kobject(KOBJ_HOST, &the_host);
	return host_port ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/* Printed in small pieces with interrupts let in between: the serial line polls for
 * every character, which on real hardware takes ~87 us each. */
int64_t sys_debug_write(uaddr_t buf, uint64_t len)
{
	char kbuf[64];

	if (len > DEBUG_WRITE_MAX)
		return KERN_INVALID_ARGUMENT;
	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < sizeof(kbuf) ? len - done : sizeof(kbuf);
		if (copyin(current->task->map, kbuf, buf + done, n))
			return KERN_INVALID_ADDRESS;
		console_write(kbuf, n);
		irq_window();
		done += n;
	}
	return KERN_SUCCESS;
}

int host_check(port_name_t name)
{
	void *h;
	int err = kobject_lookup(&current->task->space, name, KOBJ_HOST, &h);

	if (!err) { /* a task using host privileges is the system's own: never paged out */
		current->task->vm_privileged = 1;
		current->task->map->pmap.wired = 1;
	}
	return err;
}

int64_t sys_io_grant(port_name_t host, port_name_t task_name, uint32_t first, uint32_t count)
{
	struct task *t;
	int err;

	if ((err = host_check(host)))
		return err;
	if (first > 0xffff || count > 0x10000 - first)
		return KERN_INVALID_ARGUMENT;
	if ((err = task_from_name(&current->task->space, task_name, &t)))
		return err;
	if (!t->io_bitmap && (t->io_bitmap = kmem_alloc(IO_BITMAP_BYTES)))
		memset(t->io_bitmap, 0xff, IO_BITMAP_BYTES);
	if (!t->io_bitmap) {
		task_release(t);
		return KERN_RESOURCE_SHORTAGE;
	}
	for (uint32_t port = first; port < first + count; port++)
		t->io_bitmap[port / 8] &= ~(1 << (port % 8));
	tss_forget_io_bitmap(t);
	if (t == current->task)
		tss_set_io_bitmap(t, t->io_bitmap);
	task_release(t);
	return KERN_SUCCESS;
}

int64_t sys_clock_now(void)
{
	return clock_ns();
}

/* PCI configuration space through the legacy mechanism (ports 0xcf8, 0xcfc), kept
 * in the kernel so that drivers need not share those ports. */
int64_t sys_pci_config(port_name_t host, uint32_t address, uint32_t width_write, uint32_t value)
{
	unsigned width = width_write & 0xff, reg = address & 0xff;
	int err = host_check(host);

	if (err)
		return err;
	if ((address >> 24) || (width != 1 && width != 2 && width != 4) || (reg & (width - 1)) ||
	    (width_write & ~(0xff | PCI_CONFIG_WRITE)))
		return KERN_INVALID_ARGUMENT;
	outl(0xcf8, 0x80000000u | (address & ~3u));
	uint16_t port = 0xcfc + (reg & 3);
	if (width_write & PCI_CONFIG_WRITE) {
		if (width == 1)
			outb(port, value);
		else if (width == 2)
			outw(port, value);
		else
			outl(port, value);
		return KERN_SUCCESS;
	}
	return width == 1 ? inb(port) : width == 2 ? inw(port) : inl(port);
}

int64_t sys_host_set_default_pager(port_name_t host, port_name_t port)
{
	struct port *p = NULL;
	unsigned transit;
	int err = host_check(host);

	if (err)
		return err;
	if (port != PORT_NULL &&
	    (err = right_take_one(&current->task->space, port, MSG_COPY_SEND, &p, &transit)))
		return err;
	if (default_pager)
		right_drop(default_pager, TRANSIT_SEND);
	default_pager = p;
	return KERN_SUCCESS;
}
