/*
 * exec: a static ELF64 program (ET_EXEC, or static-PIE ET_DYN at PIE_BASE) mapped from
 * its file's memory object, so its pages come in from the fs-server when touched, and
 * the initial stack as Linux lays it out: argc, argv, envp, the auxiliary vector, then
 * the strings they point at.
 */
#include <asm/stat.h>
#include <asm/unistd_64.h>
#include <elf_image.h>
#include <elf_map.h>
#include <emul_start.h>
#include <errno.h>
#include <fs.h>
#include <linux/auxvec.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <proc.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "carry.h"
#include "errno_of.h"
#include "exec.h"
#include "fd.h"
#include "layout.h"
#include "lock.h"
#include "path.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "trace.h"
#include "user.h"
#include "vfork.h"

#define AUXV_MAX	24
#define MINSIGSTKSZ_X86 2048	  /* AT_MINSIGSTKSZ: Linux's floor for the signal frame */
#define SCRIPT_LINE	256	  /* how much of a script's first line counts, as Linux's */
#define SCRIPT_DEPTH	4	  /* scripts that name scripts, at most */
#define ARG_SPACE	(2 << 20) /* bytes of execve's strings: ARG_MAX as Linux counts it */
#define SIGSEGV		11
#define EXEC_PERMISSION 1 /* access's X_OK */

/* The program's file, open and seen whole through a read-only mapping. */
struct program_file {
	port_name_t handle, object;
	uint64_t size, view;
	uint32_t mode, uid, gid;
};

static void file_close(struct program_file *p)
{
	if (p->view)
		vm_deallocate(self_task, p->view, page_round_up(p->size));
	if (p->object)
		port_mod_refs(p->object, RIGHT_SEND, -1);
	if (p->handle)
		port_mod_refs(p->handle, RIGHT_SEND, -1);
}

/* The file of p->handle, a regular one that is not empty, mapped whole at p->view;
 * on an error p is closed. */
static int64_t file_view(struct program_file *p)
{
	struct fs_attr attr;
	int64_t r = rpc_fs_stat(p->handle, &attr);

	if (r >= 0 && !S_ISREG(attr.mode))
		r = -EACCES;
	if (r >= 0 && attr.size == 0)
		r = -ENOEXEC;
	if (r >= 0)
		r = rpc_fs_map(p->handle, 0, &p->object);
	if (r < 0) {
		file_close(p);
		return linux_result(r);
	}
	p->size = (uint64_t)attr.size;
	p->mode = attr.mode, p->uid = attr.uid, p->gid = attr.gid;
	struct vm_map_args a = {
		.addr = EMUL_AREA,
		.size = page_round_up(p->size),
		.object = p->object,
		.flags = VM_ANYWHERE,
		.protection = VM_PROT_READ,
		.max_protection = VM_PROT_READ,
		.inheritance = VM_INHERIT_NONE,
	};
	r = vm_map(self_task, &a);
	if (r < 0) {
		file_close(p);
		return linux_result(r);
	}
	p->view = (uint64_t)r;
	return 0;
}

static int64_t file_open(const char *path, struct program_file *p)
{
	uint32_t type;
	int64_t r;

	*p = (struct program_file){ 0 };
	/* an absolute path from the root: the working directory's server may be another's */
	port_name_t dir = path_dir(AT_FDCWD, path);
	r = rpc_fs_open(dir, path, O_RDONLY, 0, &p->handle, &type);
	if (r < 0)
		return linux_result(r);
	/* the fs-server says whether our effective identity may execute it */
	if (!S_ISREG(type))
		r = -EACCES;
	else
		r = rpc_fs_access(dir, path, EXEC_PERMISSION, AT_EACCESS);
	if (r < 0) {
		file_close(p);
		return linux_result(r);
	}
	return file_view(p);
}

/* Where the new stack holds the arguments' and the environment's strings, for the
 * process server's /proc/PID/cmdline and environ (proc.exec_info). */
static uint64_t arg_start, arg_end, env_start, env_end;

/* The stack, built downwards from its top. */
struct stack {
	uint64_t sp, bottom;
};

static uint64_t push_bytes(struct stack *s, const void *data, uint64_t n)
{
	s->sp -= n;
	memcpy((void *)s->sp, data, n);
	return s->sp;
}

static uint64_t push_string(struct stack *s, const char *str)
{
	return push_bytes(s, str, strlen(str) + 1);
}

static int count(char *const v[])
{
	int n = 0;

	while (v[n])
		n++;
	return n;
}

static uint64_t hwcap(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

/* 16 bytes for AT_RANDOM (the program's stack-protector and pointer-guard seeds):
 * from the CPU's random-number instruction where there is one, else the TSC mixed. */
static void random_bytes(uint64_t out[2])
{
	for (int i = 0; i < 2; i++) {
		uint32_t lo, hi;

		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		uint64_t x = ((uint64_t)hi << 32 | lo) + 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
		x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
		x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
		out[i] = x ^ (x >> 31);
	}
}

/* n pointers to the n strings laid one after the other from at, and a NULL; -> the
 * word after them. */
static uint64_t *point_at_strings(uint64_t *w, uint64_t at, int n)
{
	for (int i = 0; i < n; i++) {
		*w++ = at;
		at += strlen((const char *)at) + 1;
	}
	*w++ = 0;
	return w;
}

/* argc, argv, envp and the auxiliary vector at the top of the new stack; the
 * program's initial stack pointer, 16-byte aligned as the ABI wants, or 0 if they do
 * not fit. */
static uint64_t build_stack(struct stack *s, const char *path, char *const argv[],
			    char *const envp[], const uint64_t *auxv_in, int naux)
{
	int argc = count(argv), envc = count(envp);
	uint64_t strings = 0, rnd[2];

	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		strings += strlen(envp[i]) + 1;
	uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * (uint64_t)naux + 4;
	if (strings + strlen(path) + 64 + words * 8 > STACK_SIZE / 4)
		return 0; /* Linux gives a quarter of the stack to these: E2BIG */

	uint64_t execfn = push_string(s, path);
	for (int i = envc - 1; i >= 0; i--)
		push_string(s, envp[i]);
	uint64_t env_strings = s->sp;
	for (int i = argc - 1; i >= 0; i--)
		push_string(s, argv[i]);
	uint64_t arg_strings = s->sp;
	arg_start = arg_strings, arg_end = env_start = env_strings, env_end = execfn;
	uint64_t platform = push_string(s, "x86_64");
	random_bytes(rnd);
	s->sp &= ~15ull;
	uint64_t random = push_bytes(s, rnd, 16);

	uint64_t auxv[2 * AUXV_MAX];
	memcpy(auxv, auxv_in, (uint64_t)naux * 16);
	uint64_t *a = auxv + 2 * naux;
	*a++ = AT_RANDOM, *a++ = random;
	*a++ = AT_EXECFN, *a++ = execfn;
	*a++ = AT_PLATFORM, *a++ = platform;
	*a++ = AT_NULL, *a++ = 0;
	naux += 4;

	uint64_t total = 8 * (1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * (uint64_t)naux);
	s->sp = (s->sp - total) & ~15ull;
	uint64_t *w = (uint64_t *)s->sp;
	*w++ = (uint64_t)argc;
	w = point_at_strings(w, arg_strings, argc);
	w = point_at_strings(w, env_strings, envc);
	memcpy(w, auxv, (uint64_t)naux * 16);
	return s->sp;
}

/* The auxiliary vector's entries that describe the image and the process (the
 * stack's own come in build_stack); how many pairs. */
static int image_auxv(uint64_t *a, const struct elf_image *im, uint64_t bias)
{
	uint64_t pairs[] = {
		AT_MINSIGSTKSZ, MINSIGSTKSZ_X86,
		AT_HWCAP,	hwcap(),
		AT_PAGESZ,	PAGE_SIZE,
		AT_CLKTCK,	100,
		AT_PHDR,	im->phdr_vaddr ? im->phdr_vaddr + bias : 0,
		AT_PHENT,	im->phentsize,
		AT_PHNUM,	im->phnum,
		AT_BASE,	0,
		AT_FLAGS,	0,
		AT_ENTRY,	im->entry + bias,
		AT_UID,		process.uid,
		AT_EUID,	process.euid,
		AT_GID,		process.gid,
		AT_EGID,	process.egid,
		AT_SECURE,	process.secure,
		AT_HWCAP2,	0,
	};

	memcpy(a, pairs, sizeof(pairs));
	return (int)(sizeof(pairs) / 16);
}

/* Where a static-PIE program goes: PIE_BASE, aligned as its segments ask. */
static uint64_t load_bias(const struct elf_image *im)
{
	if (!im->is_dyn)
		return 0;
	uint64_t base = (PIE_BASE + im->load_align - 1) & ~(im->load_align - 1);
	return base - im->min_vaddr;
}

static int64_t map_program(const struct program_file *p, const struct elf_image *im,
			   const char *path, char *const argv[], char *const envp[],
			   struct frame *f)
{
	uint64_t bias = load_bias(im), auxv[2 * AUXV_MAX];
	struct stack s = { STACK_TOP, STACK_TOP - STACK_SIZE };
	int64_t r = elf_map(self_task, p->object, im, bias);

	if (r)
		return linux_result(r);
	r = vm_allocate(self_task, s.bottom, STACK_SIZE, VM_FIXED);
	if (r < 0)
		return linux_result(r);
	uint64_t sp = build_stack(&s, path, argv, envp, auxv, image_auxv(auxv, im, bias));
	if (!sp)
		return -E2BIG;
	process.brk_start = process.brk = page_round_up(im->max_vaddr + bias);
	*f = (struct frame){ .rip = im->entry + bias, .rsp = sp, .rflags = 0x202 };
	return 0;
}

/* The old program's memory: everything below emul (its image, break, mappings and
 * stack); emul, its own memory above it, and the clock page stay. */
static void forget_program(void)
{
	vm_deallocate(self_task, VM_USER_MIN, EMUL_BASE - VM_USER_MIN);
}

/* "#!interpreter [argument]" at the start of p: the interpreter's path and its
 * optional argument (the rest of the line, as one, as Linux has it) into line; 0, or
 * -ENOEXEC if p is no script. */
static int script_line(const struct program_file *p, char line[SCRIPT_LINE], char **interp,
		       char **arg)
{
	const char *text = (const char *)p->view;
	uint64_t n = p->size < SCRIPT_LINE - 1 ? p->size : SCRIPT_LINE - 1, i = 2;

	if (p->size < 2 || text[0] != '#' || text[1] != '!')
		return -ENOEXEC;
	memcpy(line, text, n);
	line[n] = 0;
	char *end = strchr(line, '\n');
	if (end)
		*end = 0;
	while (line[i] == ' ' || line[i] == '\t')
		i++;
	*interp = line + i;
	while (line[i] && line[i] != ' ' && line[i] != '\t')
		i++;
	*arg = 0;
	if (line[i]) {
		line[i++] = 0;
		while (line[i] == ' ' || line[i] == '\t')
			i++;
		for (size_t e = strlen(line + i);
		     e && (line[i + e - 1] == ' ' || line[i + e - 1] == '\t'); e--)
			line[i + e - 1] = 0;
		if (line[i])
			*arg = line + i;
	}
	return **interp ? 0 : -ENOEXEC;
}

/* The arguments a script's interpreter gets: itself, its argument if any, the
 * script's path, then the script's arguments after the first. argv may be the vector
 * an outer script made: the arguments move up in place. */
static char **script_argv(char *interp, char *arg, const char *path, char *const argv[])
{
	static char *v[EMUL_ARGS_MAX + 3 * (SCRIPT_DEPTH + 1) + 1];
	int first = argv[0] ? 1 : 0, n = count(argv + first), front = arg ? 3 : 2;

	if (n > EMUL_ARGS_MAX)
		n = EMUL_ARGS_MAX;
	memmove(v + front, argv + first, (size_t)n * sizeof(v[0]));
	v[0] = interp;
	if (arg)
		v[1] = arg;
	v[front - 1] = (char *)path;
	v[front + n] = 0;
	return v;
}

/* The program this process runs, by an absolute path: what an execve of /proc/self/exe
 * runs again (busybox runs its applets and scripts without #! that way) while no /proc
 * is served. Empty: not known (the program was named by a path too long). */
#define SELF_EXE "/proc/self/exe"
static char self_exe[PATH_MAX];

/* path made absolute from the working directory into out; 0 or a negated errno. */
static int64_t absolute_path(const char *path, char out[PATH_MAX])
{
	size_t len = strlen(path), at = 0;
	int64_t n;

	if (path[0] != '/') {
		if ((n = cwd_path(out, PATH_MAX)) < 0)
			return n;
		at = (size_t)n - 1; /* cwd_path counts the NUL */
		if (out[at - 1] != '/')
			out[at++] = '/';
	}
	if (at + len >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(out + at, path, len + 1);
	return 0;
}

/* Whether running p takes another effective uid or gid (set-uid, or set-gid with group
 * execute, as Linux's bprm_fill_uid): the process server's work (carry.c). */
static int changes_ids(const struct program_file *p)
{
	if (process_no_new_privs())
		return 0;
	return ((p->mode & S_ISUID) && p->uid != process.euid) ||
	       ((p->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && p->gid != process.egid);
}

/* The ids a program runs with here, as Linux's execve leaves them: the saved ones the
 * effective ones, AT_SECURE when those are not the real ones. */
static int64_t exec_ids(void)
{
	int64_t r = process_save_effective_ids();

	process.secure = process.euid != process.uid || process.egid != process.gid;
	prctl_exec((int)process.secure);
	return r;
}

/* Tell the process server where the new program's arguments are, and its path. */
static void tell_exec_info(void)
{
	rpc_proc_exec_info(process.proc, arg_start, arg_end, env_start, env_end, fd_table_address(),
			   self_exe);
}

/* With --trace, the execve line of a set-id exec: the call came to the old program's
 * emul, which never returns from it, so the new one says it, with the carried path and
 * vectors (at their addresses here). */
static void trace_carried(const struct carried_exec *e)
{
	const uint64_t args[6] = { (uint64_t)e->execfn, (uint64_t)e->argv, (uint64_t)e->envp };

	if (process.trace)
		trace_call(__NR_execve, "execve", args, 0, 1);
}

int64_t exec_carried(port_name_t handle, const struct carried_exec *e, struct frame *f)
{
	struct program_file p = { .handle = handle };
	struct elf_image im;
	int64_t r = file_view(&p);

	if (r)
		return r;
	if (elf_parse((const void *)p.view, p.size, &im) || im.has_interp)
		r = -ENOEXEC;
	if (!r) {
		trace_carried(e);
		strlcpy(self_exe, e->exe, sizeof(self_exe));
		r = map_program(&p, &im, e->execfn, e->argv, e->envp, f);
		thread_name_from_path(e->name);
		if (!r)
			tell_exec_info();
	}
	file_close(&p);
	return r;
}

int64_t exec_program(const char *path, char *const argv[], char *const envp[], struct frame *f,
		     int *gone)
{
	static char next_exe[PATH_MAX];
	static char lines[SCRIPT_DEPTH + 1][SCRIPT_LINE]; /* each script's interpreter line */
	struct program_file p;
	struct elf_image im;
	char *interp, *arg;
	const char *named = path; /* a script's own name, as Linux names the process */
	int64_t r;

	if (!strcmp(path, SELF_EXE)) {
		if (!self_exe[0])
			return -ENOENT;
		path = self_exe; /* named and AT_EXECFN stay as asked, as on Linux */
	}
	for (int depth = 0;; depth++) {
		if ((r = file_open(path, &p)))
			return r;
		if (script_line(&p, lines[depth], &interp, &arg))
			break;
		file_close(&p);
		if (depth == SCRIPT_DEPTH)
			return -ELOOP;
		argv = script_argv(interp, arg, path, argv);
		path = interp;
	}
	r = elf_parse((const void *)p.view, p.size, &im);
	if (r)
		r = -ENOEXEC;
	else if (im.has_interp) {
		printf("emul: %s is dynamically linked: only static programs run\n", path);
		r = -ENOEXEC;
	}
	if (!r && absolute_path(path, next_exe))
		next_exe[0] = 0;
	int setid = !r && changes_ids(&p);
	if (setid) /* returns only if it failed */
		r = carry_exec_setid(p.handle, path == self_exe ? named : path, next_exe, named,
				     argv, envp);
	/* -EPERM: the set-id bits count for nothing there (a nosuid mount): a plain exec */
	if (!r || (setid && r == -EPERM))
		r = exec_ids();
	if (!r) /* the last that can fail: the other threads end, as Linux's de_thread */
		r = thread_single();
	if (!r) { /* from here, no way back */
		forget_program();
		*gone = 1;
		memcpy(self_exe, next_exe, sizeof(self_exe));
		r = map_program(&p, &im, path == self_exe ? named : path, argv, envp, f);
		thread_name_from_path(named);
		if (!r)
			tell_exec_info();
	}
	file_close(&p);
	return r;
}

/* execve's strings, copied out of the program that is about to go. */
static char arg_space[ARG_SPACE];
static char *arg_vectors[2 * (EMUL_ARGS_MAX + 1)]; /* argv, then envp */

/* Copy the string at str to arg_space after *used bytes, *out where it went. The
 * program's memory is read with user_copy a page at a time, never past the page that
 * holds the NUL: a bad address is -EFAULT here, never a fault that ends the call with
 * exec_lock held. */
static int64_t copy_string(const char *str, char **out, size_t *used)
{
	size_t at = *used;

	for (;;) {
		const char *from = str + (at - *used);
		size_t n = 4096 - ((uint64_t)from & 4095);
		if (n > ARG_SPACE - at)
			n = ARG_SPACE - at;
		if (!n)
			return -E2BIG;
		if (!user_whole(from, n) || user_copy(arg_space + at, from, n))
			return -EFAULT;
		size_t len = strnlen(arg_space + at, n);
		if (len < n) { /* the NUL */
			*out = arg_space + *used;
			*used = at + len + 1;
			return 0;
		}
		at += n;
	}
}

/* Copy the NULL-terminated vector v (NULL: empty) to out (room for max and the NULL),
 * strings and all; the number copied, or a negated errno. */
static int64_t copy_vector(char *const *v, char **out, size_t *used, int max)
{
	int n = 0;
	int64_t r;

	for (; v; n++) {
		const char *s;
		if (!user_whole(&v[n], sizeof(v[n])) || user_copy(&s, &v[n], sizeof(s)))
			return -EFAULT;
		if (!s)
			break;
		if (n == max)
			return -E2BIG;
		if ((r = copy_string(s, &out[n], used)))
			return r;
	}
	out[n] = 0;
	return n;
}

/* One execve at a time: the strings above are one, and the one that ends the other
 * threads must not be ended by another's. */
static struct lock exec_lock;

int64_t sys_execve(struct frame *f)
{
	const char *path = (const char *)f->rdi;
	char *path_copy, **argv = arg_vectors, **envp;
	size_t used = 0;
	int gone = 0;
	int64_t r = path_check(path, 0);

	lock_take(&exec_lock);
	if (!r)
		r = copy_string(path, &path_copy, &used);
	if (!r)
		r = copy_vector((char *const *)f->rsi, argv, &used, EMUL_ARGS_MAX);
	envp = argv + (r > 0 ? r : 0) + 1;
	if (r >= 0)
		r = copy_vector((char *const *)f->rdx, envp, &used, EMUL_ARGS_MAX);
	if (r >= 0)
		r = exec_program(path_copy, argv, envp, f, &gone);
	if (r < 0 && gone)
		process_exit(SIGSEGV); /* the old program is gone: nothing to return to */
	lock_give(&exec_lock);
	if (r < 0)
		return r;
	fd_close_on_exec();
	signal_reset_on_exec();
	vfork_release(); /* the old program's memory is no longer ours to use */
	return 0;
}
