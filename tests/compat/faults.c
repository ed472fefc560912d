/* CPU faults as signals: SIGSEGV (unmapped and read-only pages, with si_addr and
 * si_code), SIGFPE, SIGILL, SIGTRAP, caught and left with siglongjmp or by returning;
 * a handler on the alternate stack; the FPU and SSE state as the handler found it
 * after it returns; a fault blocked or ignored still ends the process. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static sigjmp_buf back;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr;
static volatile int on_alt, alt_flags;
static char *alt;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = (uintptr_t)si->si_addr;
	siglongjmp(back, 1);
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, 0);
}

static void segv(void)
{
	volatile int *null = 0;
	char *page = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	handle(SIGSEGV, on_fault, 0);
	if (!sigsetjmp(back, 1))
		*null = 1;
	printf("null write: sig %d code %d (MAPERR %d) addr %lu\n", got_sig, got_code, SEGV_MAPERR,
	       (unsigned long)got_addr);
	got_sig = 0;
	if (!sigsetjmp(back, 1))
		*(volatile char *)(page + 100) = 1;
	printf("read-only write: sig %d code %d (ACCERR %d) addr at the byte %d\n", got_sig,
	       got_code, SEGV_ACCERR, got_addr == (uintptr_t)(page + 100));
	munmap(page, 4096);
	got_sig = 0;
	if (!sigsetjmp(back, 1))
		*(volatile char *)(page + 5) = 1;
	printf("unmapped: sig %d code %d addr at the byte %d\n", got_sig, got_code,
	       got_addr == (uintptr_t)(page + 5));
}

static volatile int zero = 0;

static void fpe_ill_trap(void)
{
	handle(SIGFPE, on_fault, 0);
	got_sig = 0;
	if (!sigsetjmp(back, 1))
		printf("%d\n", 10 / zero);
	printf("divide by zero: sig %d code %d (FPE_INTDIV %d)\n", got_sig, got_code, FPE_INTDIV);
	handle(SIGILL, on_fault, 0);
	got_sig = 0;
	if (!sigsetjmp(back, 1))
		__asm__ volatile("ud2");
	printf("ud2: sig %d code %d (ILL_ILLOPN %d)\n", got_sig, got_code, ILL_ILLOPN);
}

static volatile int traps;

static void on_trap(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	traps++;
}

static void trap(void)
{
	handle(SIGTRAP, on_trap, 0);
	__asm__ volatile("int3");
	printf("int3: handler ran %d, and we go on after it\n", traps);
}

static void on_alt_handler(int sig, siginfo_t *si, void *uc)
{
	char here;
	stack_t now;

	(void)sig, (void)si, (void)uc;
	on_alt = &here >= alt && &here < alt + SIGSTKSZ;
	sigaltstack(0, &now);
	alt_flags = now.ss_flags;
}

static void altstack(void)
{
	stack_t ss = { .ss_size = SIGSTKSZ }, old;

	alt = malloc(SIGSTKSZ);
	ss.ss_sp = alt;
	CALL(sigaltstack(&ss, &old));
	printf("before: disabled %d\n", old.ss_flags == SS_DISABLE);
	handle(SIGUSR1, on_alt_handler, SA_ONSTACK);
	CALL(raise(SIGUSR1));
	printf("on the alternate stack %d, flags there SS_ONSTACK %d\n", on_alt,
	       alt_flags == SS_ONSTACK);
	handle(SIGUSR1, on_alt_handler, 0);
	CALL(raise(SIGUSR1));
	printf("without SA_ONSTACK: on it %d\n", on_alt);
	CALL(sigaltstack(0, &old));
	printf("now: flags %d size ok %d\n", old.ss_flags, old.ss_size == SIGSTKSZ);
	ss.ss_size = 100;
	CALL(sigaltstack(&ss, 0));
	ss.ss_flags = 99;
	CALL(sigaltstack(&ss, 0));
	ss = (stack_t){ .ss_flags = SS_DISABLE };
	CALL(sigaltstack(&ss, 0));
	CALL(sigaltstack(0, &old));
	printf("disabled again %d\n", old.ss_flags == SS_DISABLE);
}

static volatile double mangled;

static void mangle_fpu(int sig)
{
	volatile double x = 3.0;

	(void)sig;
	for (int i = 0; i < 10; i++)
		x = x * 1.5 + 0.25;
	mangled = x;
}

static void fpu(void)
{
	volatile double a = 1.0 / 3.0, b;

	signal(SIGUSR2, mangle_fpu);
	b = a * 3.0;
	raise(SIGUSR2);
	printf("after the handler: %.17g %.17g %d\n", a, b, mangled > 0);
}

static void show_status(int st)
{
	if (WIFSIGNALED(st))
		printf("killed by signal %d\n", WTERMSIG(st));
	else
		printf("exited with %d\n", WEXITSTATUS(st));
}

static void forced(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) { /* blocked SIGSEGV: the fault still ends the process */
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGSEGV);
		sigprocmask(SIG_BLOCK, &set, 0);
		handle(SIGSEGV, on_fault, 0);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	show_status(st);
	pid = fork();
	if (pid == 0) { /* ignored: the same */
		signal(SIGSEGV, SIG_IGN);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	show_status(st);
	pid = fork();
	if (pid == 0) { /* a handler that returns: the fault comes again, then default */
		struct sigaction sa = { .sa_handler = SIG_DFL, .sa_flags = SA_RESETHAND };
		sa.sa_sigaction = on_trap;
		sa.sa_flags |= SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGSEGV, &sa, 0);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	show_status(st);
}

int main(void)
{
	segv();
	fpe_ill_trap();
	trap();
	altstack();
	fpu();
	forced();
	return 0;
}
