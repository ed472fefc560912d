/* Stop and continue, as job control needs them: SIGSTOP and SIGTSTP stop a child,
 * SIGCONT continues it; the parent learns it from waitpid (WUNTRACED, WCONTINUED),
 * from waitid (CLD_STOPPED, CLD_CONTINUED) and from SIGCHLD (none with SA_NOCLDSTOP);
 * a caught SIGTSTP does not stop; a stopped child can still be killed. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static void show(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by %d\n", what, WTERMSIG(st));
	else if (WIFSTOPPED(st))
		printf("%s: stopped by %d\n", what, WSTOPSIG(st));
	else if (WIFCONTINUED(st))
		printf("%s: continued\n", what);
}

static int go[2] = { -1, -1 };

/* A child that stops itself with sig and, continued, waits for let_go before it exits
 * with 3: so that its parent sees it continued before it ends (a wait for WCONTINUED
 * alone does not see a child that has ended since). */
static pid_t self_stopper(int sig)
{
	pid_t pid;
	char c;

	if (go[0] < 0)
		pipe(go);
	if ((pid = fork()) == 0) {
		/* a group of its own, whose parent is in another group of the session: not an
		 * orphaned group, whose SIGTSTP, SIGTTIN and SIGTTOU Linux would drop */
		setpgid(0, 0);
		kill(getpid(), sig);
		read(go[0], &c, 1);
		_exit(3);
	}
	return pid;
}

static void let_go(void)
{
	write(go[1], "g", 1);
}

static void with_waitpid(int sig)
{
	int st;
	pid_t pid = self_stopper(sig);

	printf("waitpid found it: %d\n", waitpid(pid, &st, WUNTRACED) == pid);
	show("child", st);
	CALL(waitpid(pid, &st, WUNTRACED | WNOHANG)); /* told once */
	CALL(kill(pid, SIGCONT));
	printf("waitpid found it: %d\n", waitpid(pid, &st, WCONTINUED) == pid);
	show("child", st);
	let_go();
	printf("waitpid found it: %d\n", waitpid(pid, &st, 0) == pid);
	show("child", st);
}

static void with_waitid(void)
{
	siginfo_t si;
	pid_t pid = self_stopper(SIGSTOP);

	memset(&si, 0, sizeof(si));
	CALL(waitid(P_PID, pid, &si, WSTOPPED));
	printf("waitid: signo %d code %d status %d pid ok %d\n", si.si_signo, si.si_code,
	       si.si_status, si.si_pid == pid);
	memset(&si, 0xff, sizeof(si));
	CALL(waitid(P_PID, pid, &si, WEXITED | WNOHANG));
	printf("nothing yet: pid %d\n", si.si_pid);
	kill(pid, SIGCONT);
	CALL(waitid(P_ALL, 0, &si, WCONTINUED));
	printf("waitid: code %d status %d\n", si.si_code, si.si_status);
	let_go();
	CALL(waitid(P_PGID, 0, &si, WEXITED | WNOWAIT));
	printf("waitid: code %d status %d\n", si.si_code, si.si_status);
	CALL(waitid(P_PID, pid, &si, WEXITED));
	printf("waitid: code %d status %d\n", si.si_code, si.si_status);
	CALL(waitid(P_PID, pid, &si, WEXITED));
	CALL(waitid(P_PID, pid, &si, 0));
	CALL(waitid(99, pid, &si, WEXITED));
	CALL(waitid(P_PID, 0, &si, WEXITED));
}

static void with_sigchld(int flags)
{
	struct sigaction sa = { .sa_handler = SIG_DFL, .sa_flags = flags };
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { .tv_nsec = 200000000 };
	int st;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, 0);
	pid_t pid = self_stopper(SIGTSTP);
	waitpid(pid, &st, WUNTRACED);
	int got = sigtimedwait(&set, &si, &ts);
	printf("SIGCHLD on stop: %d code %d status %d\n", got == SIGCHLD, got > 0 ? si.si_code : 0,
	       got > 0 ? si.si_status : 0);
	kill(pid, SIGCONT);
	waitpid(pid, &st, WCONTINUED);
	let_go();
	waitpid(pid, &st, 0);
	/* SIGCHLD is pending once: the continue's, or without SA_NOCLDSTOP the exit's */
	got = sigtimedwait(&set, &si, &ts);
	printf("SIGCHLD on continue and exit: %d code %d\n", got == SIGCHLD,
	       got > 0 ? si.si_code : 0);
	sigprocmask(SIG_UNBLOCK, &set, 0);
	signal(SIGCHLD, SIG_DFL);
}

static volatile int tstp_caught;

static void on_tstp(int sig)
{
	(void)sig;
	tstp_caught++;
}

static void caught_and_killed(void)
{
	int st;

	signal(SIGTSTP, on_tstp);
	CALL(raise(SIGTSTP));
	printf("SIGTSTP caught %d, still running\n", tstp_caught);
	signal(SIGTSTP, SIG_DFL);
	CALL(kill(getpid(), SIGCONT)); /* not stopped: nothing happens */
	pid_t pid = self_stopper(SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	show("child", st);
	CALL(kill(pid, SIGSTOP)); /* stopped already */
	CALL(kill(pid, SIGKILL));
	printf("waitpid found it: %d\n", waitpid(pid, &st, 0) == pid);
	show("child", st);
}

int main(void)
{
	with_waitpid(SIGSTOP);
	with_waitpid(SIGTSTP);
	with_waitpid(SIGTTIN);
	with_waitid();
	with_sigchld(0);
	with_sigchld(SA_NOCLDSTOP);
	caught_and_killed();
	return 0;
}
