/* Loading a static ELF module into a new task: segments, stack, one thread. */
#include <elf_image.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "loader.h"

#define STACK_TOP  0x7ffff0000000ull
#define STACK_SIZE (256 * 1024ull)
#define ARGS_MAX   4096

static int load_segment(port_name_t task, const char *file, const struct elf_segment *s)
{
	uint64_t start = page_round_down(s->vaddr);
	uint64_t end = page_round_up(s->vaddr + s->memsz);
	int64_t r = vm_allocate(task, start, end - start, VM_FIXED);

	if (r < 0)
		return r;
	if (s->filesz && (r = vm_write(task, s->vaddr, file + s->offset, s->filesz)))
		return r;
	return vm_protect(task, start, end - start, s->prot);
}

/* The initial stack: argc, argv[], NULL, then the strings, at the top of the stack
 * region; returns the child's stack pointer. */
static int64_t build_stack(port_name_t task, int argc, char **argv)
{
	static char block[ARGS_MAX];
	uint64_t base = STACK_TOP - ARGS_MAX;
	uint64_t *slots = (uint64_t *)block;
	size_t strings = (argc + 2) * sizeof(uint64_t);

	slots[0] = argc;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (strings + n > ARGS_MAX)
			return KERN_INVALID_ARGUMENT;
		memcpy(block + strings, argv[i], n);
		slots[1 + i] = base + strings;
		strings += n;
	}
	slots[1 + argc] = 0;
	int64_t r = vm_write(task, base, block, ARGS_MAX);
	return r ? r : (int64_t)base;
}

static int64_t start_thread(port_name_t task, uint64_t entry, uint64_t sp)
{
	int64_t thread = thread_create(task);
	struct thread_state st = { .rip = entry, .rsp = sp, .rdi = sp };
	int64_t r;

	if (thread < 0)
		return thread;
	if ((r = thread_set_state(thread, &st)) || (r = thread_resume(thread)))
		return r;
	return port_mod_refs(thread, RIGHT_SEND, -1);
}

/* Policy for ordinary programs: threads no higher than the default priority (the
 * system's own tasks, privileged, keep ours). */
static int64_t limit_priority(port_name_t task)
{
	struct task_quota q;
	int64_t r = task_get_quota(task, &q);

	if (r)
		return r;
	q.max_priority = PRIORITY_DEFAULT;
	return task_set_quota(PORT_NULL, task, &q);
}

int64_t load_task(const struct boot_module *m, int argc, char **argv, port_name_t bootstrap,
		  int privileged)
{
	struct elf_image img;
	const char *file = (const char *)m->addr;
	int err = elf_parse(file, m->size, &img);
	int64_t r;

	if (err) {
		printf("bootstrap: %s: %s\n", argv[0], elf_strerror(err));
		return KERN_INVALID_ARGUMENT;
	}
	if (img.is_dyn || img.has_interp) {
		printf("bootstrap: %s: not a static native program\n", argv[0]);
		return KERN_INVALID_ARGUMENT;
	}
	int64_t task = task_create(PORT_NULL, 0, argv[0]);
	if (task < 0)
		return task;
	for (int i = 0; i < img.nsegments; i++)
		if ((r = load_segment(task, file, &img.segments[i])))
			goto fail;
	if ((r = vm_allocate(task, STACK_TOP - STACK_SIZE, STACK_SIZE, VM_FIXED)) < 0)
		goto fail;
	int64_t sp = build_stack(task, argc, argv);
	if ((r = sp) < 0)
		goto fail;
	if (bootstrap != PORT_NULL && (r = task_set_special(task, SPECIAL_BOOTSTRAP, bootstrap)))
		goto fail;
	if (!privileged && (r = limit_priority(task)))
		goto fail;
	if ((r = start_thread(task, img.entry, sp)))
		goto fail;
	return task;
fail:
	task_terminate(task);
	port_destroy(task);
	return r;
}
