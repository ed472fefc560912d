/* Signals sent with kill and tgkill: handlers with and without SA_SIGINFO and what
 * siginfo says, the mask (blocked signals wait, pending ones come when unblocked),
 * sa_mask and SA_NODEFER during a handler, SA_RESETHAND, ignored signals, default
 * actions seen by a parent, SIGCHLD with its siginfo, SIGPIPE caught, and kill's
 * errors. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static volatile int count[65];
static volatile int last_code, last_pid_ok, last_uid_ok, mask_had_self, mask_had_other;
static volatile int order[8], norder;

static void plain(int sig)
{
	count[sig]++;
	order[norder++ & 7] = sig;
}

static void with_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	count[sig]++;
	last_code = si->si_code;
	last_pid_ok = si->si_pid == getpid();
	last_uid_ok = si->si_uid == getuid();
}

static void look_at_mask(int sig)
{
	sigset_t now;

	count[sig]++;
	sigprocmask(SIG_BLOCK, 0, &now);
	mask_had_self = sigismember(&now, sig);
	mask_had_other = sigismember(&now, SIGUSR2);
}

static void catch (int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, 0);
}

static void basics(void)
{
	struct sigaction sa = { .sa_sigaction = with_info, .sa_flags = SA_SIGINFO };

	catch (SIGUSR1, plain, 0);
	CALL(kill(getpid(), SIGUSR1));
	printf("USR1 handled before kill returned: %d\n", count[SIGUSR1]);
	sigemptyset(&sa.sa_mask);
	CALL(sigaction(SIGUSR2, &sa, 0));
	CALL(kill(getpid(), SIGUSR2));
	printf("USR2: count %d code %d (SI_USER %d) pid ok %d uid ok %d\n", count[SIGUSR2],
	       last_code, SI_USER, last_pid_ok, last_uid_ok);
	CALL(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2));
	printf("tgkill: count %d code %d (SI_TKILL %d)\n", count[SIGUSR2], last_code, SI_TKILL);
	CALL(raise(SIGUSR2));
	printf("raise: count %d\n", count[SIGUSR2]);
}

static void masks(void)
{
	sigset_t set, pending;

	count[SIGUSR1] = 0;
	norder = 0;
	catch (SIGUSR1, plain, 0);
	catch (SIGHUP, plain, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGHUP);
	CALL(sigprocmask(SIG_BLOCK, &set, 0));
	CALL(kill(getpid(), SIGUSR1));
	CALL(kill(getpid(), SIGUSR1)); /* a standard signal is pending once */
	CALL(kill(getpid(), SIGHUP));
	printf("blocked: delivered %d\n", count[SIGUSR1]);
	CALL(sigpending(&pending));
	printf("pending: USR1 %d HUP %d USR2 %d\n", sigismember(&pending, SIGUSR1),
	       sigismember(&pending, SIGHUP), sigismember(&pending, SIGUSR2));
	CALL(sigprocmask(SIG_UNBLOCK, &set, 0));
	printf("unblocked: USR1 %d times, HUP %d times, first %d then %d\n", count[SIGUSR1],
	       count[SIGHUP], order[0], order[1]);
	CALL(sigpending(&pending));
	printf("pending now: USR1 %d\n", sigismember(&pending, SIGUSR1));
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	CALL(sigprocmask(SIG_SETMASK, &set, 0));
	CALL(sigprocmask(SIG_SETMASK, 0, &set));
	printf("KILL and STOP cannot be blocked: %d %d\n", sigismember(&set, SIGKILL),
	       sigismember(&set, SIGSTOP));
	CALL(sigprocmask(99, &set, 0));
}

static void flags(void)
{
	struct sigaction sa = { .sa_handler = look_at_mask }, old;

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CALL(sigaction(SIGUSR1, &sa, 0));
	CALL(kill(getpid(), SIGUSR1));
	printf("in the handler: itself blocked %d, sa_mask's blocked %d\n", mask_had_self,
	       mask_had_other);
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	CALL(sigaction(SIGUSR1, &sa, 0));
	CALL(kill(getpid(), SIGUSR1));
	printf("SA_NODEFER: itself blocked %d\n", mask_had_self);
	sa.sa_flags = SA_RESETHAND;
	CALL(sigaction(SIGUSR1, &sa, 0));
	CALL(kill(getpid(), SIGUSR1));
	CALL(sigaction(SIGUSR1, 0, &old));
	printf("SA_RESETHAND: default again %d\n", old.sa_handler == SIG_DFL);
	CALL(sigaction(SIGKILL, &sa, 0));
	CALL(sigaction(65, &sa, 0));
	CALL(sigaction(0, &sa, 0));
}

static void ignored(void)
{
	sigset_t pending;

	signal(SIGUSR1, SIG_IGN);
	CALL(kill(getpid(), SIGUSR1));
	CALL(sigpending(&pending));
	printf("ignored and not pending: %d\n", !sigismember(&pending, SIGUSR1));
	signal(SIGUSR1, SIG_DFL);
	CALL(kill(getpid(), SIGCHLD)); /* ignored by default */
	CALL(kill(getpid(), SIGWINCH));
	printf("still here\n");
}

static void show_status(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("%s exited with %d\n", who, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s killed by signal %d\n", who, WTERMSIG(st));
}

static void defaults(void)
{
	static const int sigs[] = { SIGTERM, SIGUSR1, SIGINT, SIGHUP, SIGALRM, SIGABRT, SIGQUIT };

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			signal(sigs[i], SIG_DFL);
			kill(getpid(), sigs[i]);
			_exit(99);
		}
		waitpid(pid, &st, 0);
		show_status("child", st);
	}
	/* a child that waits to be killed by its parent */
	int p[2], st;
	char c;
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	CALL(kill(pid, SIGTERM));
	printf("waitpid: the child %d\n", waitpid(pid, &st, 0) == pid);
	show_status("blocked reader", st);
	close(p[0]), close(p[1]);
}

static volatile int chld_code, chld_status, chld_pid_ok;
static volatile pid_t chld_expect;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	count[sig]++;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_pid_ok = si->si_pid == chld_expect;
}

static void sigchld(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
	sigset_t block, old;
	int st;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	chld_expect = fork();
	if (chld_expect == 0)
		_exit(7);
	while (!count[SIGCHLD])
		sigsuspend(&old);
	printf("SIGCHLD: code %d (CLD_EXITED %d) status %d pid ok %d\n", chld_code, CLD_EXITED,
	       chld_status, chld_pid_ok);
	printf("waitpid: the child %d\n", waitpid(chld_expect, &st, 0) == chld_expect);
	show_status("child", st);
	count[SIGCHLD] = 0;
	chld_expect = fork();
	if (chld_expect == 0) {
		kill(getpid(), SIGKILL);
		_exit(0);
	}
	while (!count[SIGCHLD])
		sigsuspend(&old);
	printf("SIGCHLD: code %d (CLD_KILLED %d) status %d\n", chld_code, CLD_KILLED, chld_status);
	printf("waitpid: the child %d\n", waitpid(chld_expect, &st, 0) == chld_expect);
	sigprocmask(SIG_SETMASK, &old, 0);
	/* SIGCHLD ignored: children leave no zombie, and wait finds none */
	signal(SIGCHLD, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	CALL(waitpid(pid, &st, 0));
	signal(SIGCHLD, SIG_DFL);
}

static void sigpipe(void)
{
	int p[2];

	catch (SIGPIPE, plain, 0);
	pipe(p);
	close(p[0]);
	CALL(write(p[1], "x", 1));
	printf("SIGPIPE caught: %d\n", count[SIGPIPE]);
	close(p[1]);
}

static void errors(void)
{
	CALL(kill(getpid(), 0));
	CALL(kill(getpid(), 65));
	CALL(kill(-1, 65));
	CALL(kill(999999, SIGUSR1));
	CALL(kill(-999999, SIGUSR1));
	CALL(syscall(SYS_tgkill, getpid(), 999999, SIGUSR1));
	CALL(syscall(SYS_tgkill, 0, gettid(), SIGUSR1));
	CALL(syscall(SYS_tkill, 999999, SIGUSR1));
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	int st;
	waitpid(pid, &st, WNOWAIT | WEXITED);
	CALL(kill(pid, 0)); /* a zombie can be signalled */
	waitpid(pid, &st, 0);
}

int main(void)
{
	basics();
	masks();
	flags();
	ignored();
	defaults();
	sigchld();
	sigpipe();
	errors();
	return 0;
}
