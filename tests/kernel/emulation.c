/*
 * System-call redirection: once a task has an emulation vector, every syscall from
 * outside the emulation code, whatever its number (Linux's read is 0, as is the
 * native debug_write), lands in the emulation entry with the registers untouched;
 * syscalls from inside the emulation code are native traps. A task made from this
 * one inherits the vector.
 */
#include <masque/error.h>
#include <self.h>
#include <stdlib.h>
#include <stddef.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

/* The "emulation library": its entry answers 2 * rax + 1 and counts the calls; it
 * returns to rcx with the flags in r11, past the red zone of the caller's stack. */
__asm__(".pushsection emul_text, \"ax\"\n"
	".global emul_entry\n"
	"emul_entry:\n"
	"	lea 1(%rax,%rax), %rax\n"
	"	incq emul_calls(%rip)\n"
	"	lea -128(%rsp), %rsp\n"
	"	push %r11\n"
	"	popfq\n"
	"	lea 128(%rsp), %rsp\n"
	"	jmp *%rcx\n"
	/* a native trap made from inside the library: rdi = task, rsi = entry */
	".global emul_set\n"
	"emul_set:\n"
	"	mov $45, %eax\n"
	"	mov %rdx, %r10\n"
	"	mov %rcx, %rdx\n"
	"	mov %r8, %r10\n"
	"	syscall\n"
	"	ret\n"
	".global emul_clock\n"
	"emul_clock:\n"
	"	mov $33, %eax\n"
	"	syscall\n"
	"	ret\n"
	/* any native trap: emul_trap(n, a1, a2, a3) */
	".global emul_trap\n"
	"emul_trap:\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rdx\n"
	"	syscall\n"
	"	ret\n"
	".popsection\n");

/* A thread that makes redirected syscalls for ever, each checked: rax answered, every
 * register it set as it was (else it dies on ud2); rbp counts them. */
__asm__(".text\n"
	"spinner:\n"
	"	mov $0x1111, %rbx; mov $0x2222, %rdx; mov $0x3333, %rsi; mov $0x4444, %rdi\n"
	"	mov $0x5555, %r8; mov $0x6666, %r9; mov $0x7777, %r10; mov $0x8888, %r12\n"
	"	mov $0x9999, %r13; mov $0xaaaa, %r14; mov $0xbbbb, %r15; xor %ebp, %ebp\n"
	"1:	mov $7, %eax\n"
	"	syscall\n"
	"	cmp $15, %rax; jne 2f\n"
	"	cmp $0x1111, %rbx; jne 2f; cmp $0x2222, %rdx; jne 2f; cmp $0x3333, %rsi; jne 2f\n"
	"	cmp $0x4444, %rdi; jne 2f; cmp $0x5555, %r8; jne 2f; cmp $0x6666, %r9; jne 2f\n"
	"	cmp $0x7777, %r10; jne 2f; cmp $0x8888, %r12; jne 2f; cmp $0x9999, %r13; jne 2f\n"
	"	cmp $0xaaaa, %r14; jne 2f; cmp $0xbbbb, %r15; jne 2f\n"
	"	inc %rbp\n"
	"	jmp 1b\n"
	"2:	ud2\n");

extern char __start_emul_text[], __stop_emul_text[];
extern void spinner(void);
extern void emul_entry(void);
int64_t emul_set(uint64_t task, uint64_t entry, uint64_t unused, uint64_t code, uint64_t size);
int64_t emul_clock(void);
int64_t emul_trap(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3);
volatile uint64_t emul_calls;

/* A syscall with rax = n and known values in every other register; returns rax and
 * whether all those registers came back unchanged. */
static int64_t syscall_preserving(uint64_t n, int *same)
{
	uint64_t rax = n, bad;

	__asm__ volatile("push %%rbx; push %%rbp; push %%r12; push %%r13; push %%r14; push %%r15\n"
			 "mov $0x1111, %%rbx; mov $0x2222, %%rdx; mov $0x3333, %%rsi\n"
			 "mov $0x4444, %%rdi; mov $0x5555, %%r8; mov $0x6666, %%r9\n"
			 "mov $0x7777, %%r10; mov $0x8888, %%r12; mov $0x9999, %%r13\n"
			 "mov $0xaaaa, %%r14; mov $0xbbbb, %%r15; mov $0xcccc, %%rbp\n"
			 "syscall\n"
			 "xor %%rcx, %%rcx\n"
			 "cmp $0x1111, %%rbx; setne %%cl; mov %%rcx, %%r11\n"
			 "cmp $0x2222, %%rdx; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0x3333, %%rsi; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0x4444, %%rdi; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0x5555, %%r8; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0x6666, %%r9; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0x7777, %%r10; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0x8888, %%r12; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0x9999, %%r13; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0xaaaa, %%r14; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0xbbbb, %%r15; setne %%cl; or %%rcx, %%r11\n"
			 "cmp $0xcccc, %%rbp; setne %%cl; or %%rcx, %%r11\n"
			 "mov %%r11, %%rcx\n"
			 "pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%rbp; pop %%rbx\n"
			 : "+a"(rax), "=c"(bad)
			 :
			 : "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
	*same = !bad;
	return rax;
}

static port_name_t report;

/* The first thread of a task made while we were emulated: its syscalls go to the
 * emulation entry until it turns that off (from the emulation code). */
static void child(void)
{
	int same;
	int64_t result = syscall_preserving(7, &same);
	struct port_status st;
	/* the name of the parent's task port: not inherited */
	int64_t parents = emul_trap(TRAP_port_status, self_task, (uint64_t)&st, 0);

	self_task = emul_trap(TRAP_task_self, 0, 0, 0);
	emul_set(self_task, 0, 0, 0, 0);
	send_word(report, MSG_COPY_SEND, 1, result);
	send_word(report, MSG_COPY_SEND, 1, (uint64_t)parents);
	exit(0);
}

/* Make a task from ours while the emulation vector is set, start it at child(). */
static int64_t start_emulated_child(uint64_t code, uint64_t size)
{
	int64_t stack = vm_allocate(self_task, 0, 65536, VM_ANYWHERE);
	task_set_emulation(self_task, (uint64_t)emul_entry, code, size);
	int64_t task = emul_trap(TRAP_task_create, self_task,
				 TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS, (uint64_t) "emulated");
	emul_set(self_task, 0, 0, 0, 0);
	int64_t thread = thread_create(task);
	struct thread_state st = { .rip = (uint64_t)child, .rsp = stack + 65536 - 8 };
	thread_set_state(thread, &st);
	thread_resume(thread);
	port_destroy(thread);
	return task;
}

/* A thread that spends its time in redirected syscalls (which leave for the emulation
 * entry without a trapframe) is suspended, resumed with its registers whole, and
 * terminated, like any other: a spinner in an emulated task of its own. */
static void test_redirect_boundary(uint64_t code, uint64_t size)
{
	struct thread_state a, b, c;
	struct word_msg m;

	task_set_emulation(self_task, (uint64_t)emul_entry, code, size);
	int64_t task = emul_trap(TRAP_task_create, self_task,
				 TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS, (uint64_t) "spinner");
	emul_set(self_task, 0, 0, 0, 0);
	int64_t thread = thread_create(task);
	int64_t stack = vm_allocate(task, 0, 65536, VM_ANYWHERE);
	struct thread_state st = { .rip = (uint64_t)spinner, .rsp = stack + 65536 - 8 };
	thread_set_state(thread, &st);
	thread_resume(thread);
	recv_word(report, &m, 30); /* a sleep: it spins */
	is(thread_suspend(thread), KERN_SUCCESS, "suspend an emulated thread making calls");
	recv_word(report, &m, 30);
	thread_get_state(thread, &a);
	recv_word(report, &m, 30);
	thread_get_state(thread, &b);
	ok(a.rbp > 0, "it made calls (%lu) before", a.rbp);
	is(b.rbp, a.rbp, "none while suspended");
	ok(a.rbx == 0x1111 && a.rdx == 0x2222 && a.rsi == 0x3333 && a.rdi == 0x4444 &&
		   a.r8 == 0x5555 && a.r9 == 0x6666 && a.r10 == 0x7777 && a.r12 == 0x8888 &&
		   a.r13 == 0x9999 && a.r14 == 0xaaaa && a.r15 == 0xbbbb,
	   "its registers are whole where it stopped");
	is(thread_resume(thread), KERN_SUCCESS, "resume it");
	recv_word(report, &m, 30);
	thread_get_state(thread, &c);
	ok(c.rbp > b.rbp, "it makes calls again, each one checked (%lu)", c.rbp);
	is(task_terminate(task), KERN_SUCCESS, "terminate its task while it spins");
	is(wait_task_end(task, 5000), 0, "it ends");
	port_destroy(thread);
	port_destroy(task);
}

static uint64_t fs_word(void)
{
	uint64_t v;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	return v;
}

static uint64_t gs_word(void)
{
	uint64_t v;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	return v;
}

static uint64_t fs_area[2] = { 0xf5f5 }, gs_area[2] = { 0x6565 }, other_area[2] = { 0x0707 };

/* A second thread of this task: reports the word at its fs base. */
static void fs_reporter(void)
{
	send_word(report, MSG_COPY_SEND, 1, (int64_t)fs_word());
	thread_terminate(thread_self());
}

/* thread_set_base: Linux's arch_prctl and emul's per-thread data. */
static void test_bases(void)
{
	struct thread_state st;
	struct word_msg m;
	port_name_t me = thread_self();

	is(thread_set_base(me, THREAD_FS_BASE, (uint64_t)fs_area), KERN_SUCCESS, "set my fs base");
	is(fs_word(), 0xf5f5, "it takes effect at once: %fs:0 reads the word there");
	is(thread_set_base(me, THREAD_GS_BASE, (uint64_t)gs_area), KERN_SUCCESS, "set my gs base");
	is(gs_word(), 0x6565, "so does gs");
	recv_word(report, &m, 20); /* a sleep: another thread runs, the bases are reloaded */
	ok(fs_word() == 0xf5f5 && gs_word() == 0x6565, "both survive a sleep");
	thread_get_state(me, &st);
	ok(st.fs_base == (uint64_t)fs_area && st.gs_base == (uint64_t)gs_area,
	   "thread_get_state reports them");
	is(thread_set_base(me, 2, 0), KERN_INVALID_ARGUMENT, "an unknown base is refused");
	is(thread_set_base(me, THREAD_FS_BASE, 1ull << 47), KERN_INVALID_ARGUMENT,
	   "a base outside user space is refused");
	is(fs_word(), 0xf5f5, "and changes nothing");
	is(thread_set_base(PORT_NULL, THREAD_FS_BASE, 0), KERN_INVALID_NAME,
	   "a thread name that is none is refused");

	int64_t stack = vm_allocate(self_task, 0, 16384, VM_ANYWHERE);
	int64_t other = thread_create(self_task);
	st = (struct thread_state){ .rip = (uint64_t)fs_reporter, .rsp = stack + 16384 - 8 };
	thread_set_state(other, &st);
	is(thread_set_base(other, THREAD_FS_BASE, (uint64_t)other_area), KERN_SUCCESS,
	   "set another thread's fs base");
	thread_resume(other);
	ok(recv_word(report, &m, 5000) == 0 && m.word == 0x0707, "that thread sees its own");
	is(fs_word(), 0xf5f5, "and mine is unchanged");
	port_destroy(other);
	thread_set_base(me, THREAD_FS_BASE, 0);
	thread_set_base(me, THREAD_GS_BASE, 0);
}

int main(void)
{
	int64_t results[4];
	int same[2];
	uint64_t code = (uint64_t)__start_emul_text, size = __stop_emul_text - __start_emul_text;

	report = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);
	/* debug_write(0x4444, 0x3333): too long, says the kernel */
	ok(syscall_preserving(TRAP_debug_write, &same[0]) == KERN_INVALID_ARGUMENT,
	   "without emulation, trap 0 is the kernel's debug_write");
	int64_t set = task_set_emulation(self_task, (uint64_t)emul_entry, code, size);
	/* from here until it is turned off, only the emulation code reaches the kernel:
	 * nothing may be printed */
	results[0] = syscall_preserving(0, &same[0]);
	results[1] = syscall_preserving(60, &same[1]);
	results[2] = emul_clock();
	results[3] = emul_calls;
	emul_set(self_task, 0, 0, 0, 0);
	is(set, KERN_SUCCESS, "set an emulation vector");
	is(results[0], 1, "syscall 0 (Linux read) goes to the emulation entry");
	is(results[1], 121, "so does 60 (Linux exit)");
	ok(same[0] && same[1], "every register but rax, rcx and r11 comes back as it was");
	ok(results[2] > 0, "a syscall from the emulation code is a native trap");
	is(results[3], 2, "the entry ran once per redirected syscall");

	int64_t task = start_emulated_child(code, size);
	struct word_msg m;
	ok(recv_word(report, &m, 5000) == 0 && m.word == 15,
	   "a task made from an emulated one is emulated too");
	ok(recv_word(report, &m, 5000) == 0 && (int64_t)m.word == KERN_INVALID_NAME,
	   "it holds no right to its blueprint's task port, though it has the others");
	is(task_set_emulation(self_task, VM_USER_TOP + 4096, code, size), KERN_INVALID_ARGUMENT,
	   "an entry outside user space is refused");
	wait_task_end(task, 5000);
	port_destroy(task);
	test_redirect_boundary(code, size);
	test_bases();
	return 0;
}
