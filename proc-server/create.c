/*
 * A Linux process is born here: an empty task, emul's image mapped from its file on
 * the root file system (text shared by every process, data copied on write), the
 * process's rights inserted at names of our choosing, the start block
 * (lib/include/emul_start.h) written into its memory, and a first thread at emul's
 * entry, which execs the program itself.
 */
#include <elf_image.h>
#include <elf_map.h>
#include <emul_start.h>
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <masque/rights.h>
#include <masque/thread.h>
#include <masque/vm.h>
#include <self.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "create.h"

#define START_STACK (64 * 1024)	      /* emul's stack until it has made its own */
#define START_AREA  0x7fff80000000ull /* where the block and that stack go in the task */

/* emul's file: its memory object and image, kept for every process. */
static port_name_t emul_object;
static struct elf_image emul_image;

int64_t create_prepare(port_name_t root)
{
	port_name_t h;
	uint32_t type;
	struct fs_attr attr;
	int64_t r = rpc_fs_open(root, EMUL_PATH, O_RDONLY, 0, &h, &type);

	if (r < 0)
		return r;
	r = rpc_fs_stat(h, &attr);
	if (r >= 0)
		r = rpc_fs_map(h, 0, &emul_object);
	port_mod_refs(h, RIGHT_SEND, -1);
	if (r < 0)
		return r;
	struct vm_map_args a = {
		.size = page_round_up((uint64_t)attr.size),
		.object = emul_object,
		.protection = VM_PROT_READ,
		.max_protection = VM_PROT_READ,
	};
	int64_t view = vm_map(self_task, &a);
	if (view < 0)
		return view;
	r = elf_parse((const void *)view, (uint64_t)attr.size, &emul_image);
	vm_deallocate(self_task, (uint64_t)view, a.size);
	return r ? -ENOEXEC : 0;
}

void emul_text(uint64_t *start, uint64_t *end)
{
	*start = *end = 0;
	for (int i = 0; i < emul_image.nsegments; i++)
		if (emul_image.segments[i].prot & VM_PROT_EXEC) {
			*start = emul_image.segments[i].vaddr;
			*end = *start + emul_image.segments[i].memsz;
			return;
		}
}

/* Copy n strings after *p; -> the end, or NULL past end. */
static char *put_strings(char *p, const char *end, char *const *v, uint32_t *n)
{
	for (*n = 0; v[*n]; (*n)++) {
		size_t len = strlen(v[*n]) + 1;

		if ((size_t)(end - p) < len)
			return 0;
		memcpy(p, v[*n], len);
		p += len;
	}
	return p;
}

/* The block's strings: the path, argv and envp, or what an exec carried; the end of
 * them, or NULL if they do not fit before end. */
static char *put_block_strings(struct emul_start *b, const char *end, const struct process_args *a)
{
	char *p = b->strings;

	if (a->flags & EMUL_EXEC_CARRY) {
		if ((size_t)(end - p) < a->carry_len)
			return 0;
		memcpy(p, a->carry, a->carry_len);
		return p + a->carry_len;
	}
	size_t len = strlen(a->path) + 1;
	if ((size_t)(end - p) < len)
		return 0;
	memcpy(p, a->path, len);
	p += len;
	if (!(p = put_strings(p, end, a->argv, &b->argc)))
		return 0;
	return put_strings(p, end, a->envp, &b->envc);
}

/* The start block for a, in the task at START_AREA; the thread's stack above it. */
static int64_t write_block(port_name_t task, const struct process_args *a, const port_name_t *names)
{
	struct emul_start *b = malloc(EMUL_START_MAX);
	char *end = (char *)b + EMUL_START_MAX, *p;
	int64_t r;

	if (!b)
		return -ENOMEM;
	*b = (struct emul_start){
		.proc = names[0],
		.root = names[1],
		.cwd = names[2],
		.stdio = { names[3], names[4], names[5] },
		.pipes = names[6],
		.program = names[7],
		.pid = a->pid,
		.uid = a->uid,
		.gid = a->gid,
		.euid = a->euid,
		.egid = a->egid,
		.secure = a->secure,
		.umask = a->umask,
		.flags = a->flags,
	};
	if (!(p = put_block_strings(b, end, a))) {
		free(b);
		return -E2BIG;
	}
	b->strings_len = (uint32_t)(p - b->strings);
	uint64_t size = page_round_up((uint64_t)(p - (char *)b));
	r = vm_allocate(task, START_AREA, size + START_STACK, VM_FIXED);
	if (r >= 0)
		r = vm_write(task, START_AREA, b, (uint64_t)(p - (char *)b));
	free(b);
	return r < 0 ? r : (int64_t)(START_AREA + size + START_STACK);
}

#define GIVEN 8 /* rights give_rights gives */

/* Our rights for the new process, at names its space picks (one name for one port,
 * as root and cwd often are): proc (made from our receive right), root, cwd, stdio,
 * the pipe server, the program. */
static int64_t give_rights(port_name_t task, const struct process_args *a, port_name_t *names)
{
	port_name_t mine[GIVEN] = { a->proc,	 a->root,     a->cwd,	a->stdio[0],
				    a->stdio[1], a->stdio[2], a->pipes, a->program };
	int64_t r = 0;

	for (int i = 0; i < GIVEN && r >= 0; i++) {
		names[i] = PORT_NULL;
		if (mine[i] == PORT_NULL)
			continue;
		r = port_insert_right(task, PORT_NULL, mine[i], i ? MSG_COPY_SEND : MSG_MAKE_SEND);
		names[i] = (port_name_t)r;
	}
	return r < 0 ? r : 0;
}

/* The first thread, running; its port in *thread. */
static int64_t start_thread(port_name_t task, uint64_t stack_top, uint64_t block,
			    port_name_t *thread)
{
	int64_t t = thread_create(task);
	struct thread_state st = { .rip = emul_image.entry, .rsp = stack_top - 8, .rdi = block };
	int64_t r;

	if (t < 0)
		return t;
	r = thread_set_state(t, &st);
	if (!r)
		r = thread_resume(t);
	if (r)
		port_destroy(t);
	else
		*thread = (port_name_t)t;
	return r;
}

/* The last component of path: the task's label. */
static const char *base_name(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	return base;
}

int64_t process_create(const struct process_args *a, port_name_t *thread)
{
	port_name_t names[GIVEN];
	int64_t r, top = 0,
		   task = task_create(a->blueprint, a->blueprint ? TASK_INHERIT_SENDS : 0,
				      base_name(a->path));

	if (task < 0)
		return task;
	r = elf_map(task, emul_object, &emul_image, 0);
	if (!r)
		r = give_rights(task, a, names);
	if (!r)
		r = task_set_special(task, SPECIAL_EXCEPTION, a->exception);
	if (!r && a->blueprint) /* the blueprint's own choice: nothing the process needs */
		r = task_set_special(task, SPECIAL_BOOTSTRAP, PORT_NULL);
	if (!r && (top = write_block(task, a, names)) < 0)
		r = top;
	if (!r)
		r = start_thread(task, (uint64_t)top, START_AREA, thread);
	if (r < 0) {
		task_terminate(task);
		port_destroy(task);
		return r;
	}
	return task;
}
