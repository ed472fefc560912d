/*
 * The first task. The kernel knows no executable format: the bootstrap module is a
 * flat binary (its bss included) run at BOOTSTRAP_BASE. The other modules are
 * copied into its address space for it to load, and it gets a send right to the
 * host port; everything else is the bootstrap's business.
 */
#include <masque/boot.h>
#include <masque/error.h>
#include <masque/vm.h>
#include <string.h>
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/bootstrap.h"
#include "kern/console.h"
#include "kern/host.h"
#include "kern/multiboot.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/page.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

#define STACK_SIZE (256 * 1024)

/* Fresh zero-filled memory in t at *addr (VM_FIXED if fixed). */
static int map_anonymous(struct task *t, uint64_t *addr, uint64_t size, int fixed)
{
	size = page_round_up(size);
	struct vm_object *o = vm_object_create(size);
	if (!o)
		return KERN_RESOURCE_SHORTAGE;
	int err = vm_map_enter(t->map, addr, size, fixed, o, 0, VM_PROT_ALL, VM_PROT_ALL,
			       VM_INHERIT_COPY);
	if (err)
		vm_object_deallocate(o);
	return err;
}

static int copy_module(struct task *t, const struct boot_module_phys *m, uint64_t *addr, int fixed)
{
	uint64_t size = m->end - m->start;
	int err = map_anonymous(t, addr, size ? size : 1, fixed);

	return err ? err : copyout(t->map, *addr, phys_to_virt(m->start), size);
}

static port_name_t give_send(struct task *t, struct port *p)
{
	return right_give(&t->space, port_make_send(p), TRANSIT_SEND);
}

/* The module name is the first word of its multiboot string. */
static int is_named(const struct boot_module_phys *m, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(m->name, name, n) && (m->name[n] == 0 || m->name[n] == ' ');
}

static int fill_info(struct task *t, struct thread *th, const struct boot_params *bp,
		     int self_index, struct boot_info *info)
{
	info->magic = BOOT_INFO_MAGIC;
	info->host = give_send(t, host_port);
	info->task_self = give_send(t, t->self);
	info->thread_self = give_send(t, th->self);
	info->memory_bytes = page_free_count() * PAGE_SIZE;
	strlcpy(info->cmdline, bp->cmdline, sizeof(info->cmdline));
	for (int i = 0; i < bp->nmodules && info->module_count < BOOT_MODULES_MAX; i++) {
		if (i == self_index)
			continue;
		struct boot_module *bm = &info->modules[info->module_count++];
		strlcpy(bm->name, bp->modules[i].name, sizeof(bm->name));
		bm->size = bp->modules[i].end - bp->modules[i].start;
		bm->addr = 0x10000000; /* anywhere above the bootstrap image */
		int err = copy_module(t, &bp->modules[i], &bm->addr, 0);
		if (err)
			return err;
	}
	return KERN_SUCCESS;
}

int bootstrap_start(const struct boot_params *bp)
{
	static struct boot_info info;
	struct task *t;
	struct thread *th;
	int self = -1, err;

	for (int i = 0; i < bp->nmodules && self < 0; i++)
		if (is_named(&bp->modules[i], "bootstrap"))
			self = i;
	if (self < 0)
		return KERN_INVALID_ARGUMENT;
	if ((err = task_create(NULL, 0, "bootstrap", &t)) || (err = thread_create(t, &th)))
		return err;
	uint64_t base = BOOTSTRAP_BASE, stack = 0x7f0000000000 - STACK_SIZE, info_at = 0x100000;
	if ((err = copy_module(t, &bp->modules[self], &base, 1)) ||
	    (err = map_anonymous(t, &stack, STACK_SIZE, 1)) ||
	    (err = map_anonymous(t, &info_at, sizeof(info), 1)) ||
	    (err = fill_info(t, th, bp, self, &info)) ||
	    (err = copyout(t->map, info_at, &info, sizeof(info))))
		return err;
	for (int i = 0; i < bp->nmodules; i++)
		page_release_range(bp->modules[i].start, bp->modules[i].end);
	thread_start_user(th, BOOTSTRAP_BASE, stack + STACK_SIZE, info_at);
	thread_set_priority(th, PRIORITY_DEFAULT + 4);
	task_release(t); /* its thread holds it now */
	return thread_resume(th);
}
