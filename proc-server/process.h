/*
 * The process table: every Linux process the server runs, by pid, by its port here and
 * by its task; the tree of parents and children, and what a parent waits for.
 */
#ifndef PROC_PROCESS_H
#define PROC_PROCESS_H

#include <masque/thread.h>
#include <masque/types.h>
#include <stdint.h>

/* Process 1, init: orphans go to it, and it reaps them. It is the program the server
 * starts with -init (main.c), or else the server itself, which is in no table. */
#define INIT_PID 1

#define NSIG_LINUX 64

/* What a pending signal's siginfo will say (signal.c fills Linux's siginfo_t). */
struct sig_info {
	int32_t code, pid; /* si_code; the sender, or the child for SIGCHLD */
	uint32_t uid;
	int32_t status; /* SIGCHLD: the exit code or signal */
	uint64_t value; /* sigqueue's value (si_value) */
	uint64_t addr;	/* faults: si_addr */
	uint32_t flags; /* SIGNAL_FORCED */
};

#define SIGRTMIN_LINUX 32

/* Signals pending for a process or one thread (pending.c): a standard signal is
 * pending at most once, with one siginfo; a real-time one (SIGRTMIN_LINUX and up) as
 * often as it was sent, each with its own, in order. */
struct queued;
struct pending {
	uint64_t set;
	struct sig_info info[SIGRTMIN_LINUX];
	struct queued *rt[NSIG_LINUX + 1 - SIGRTMIN_LINUX];
};

/* A thread of a process, known by its port and its emul block (emul_start.h). */
struct thread_rec {
	struct thread_rec *next;
	int32_t tid;
	port_name_t port; /* a send right to the thread */
	uint64_t block;	  /* its emul block, in the task */
	uint32_t seq;	  /* how often its block's view of pending signals changed */
	int unpoked;	  /* a poke found it standing still on emul's way out */
	struct pending pending;
};

#define GROUPS_MAX 32

/* A process's identity: real, effective and saved uids and gids, and its groups. */
struct creds {
	uint32_t uid[3], gid[3]; /* real, effective, saved */
	uint32_t ngroups;
	uint32_t groups[GROUPS_MAX];
};

/* What the program told of itself at its exec (proc.exec_info), for /proc/PID: where
 * its arguments and environment are in its memory, and its path. */
struct exec_info {
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t fd_table; /* emul's descriptor table (emul_start.h) */
	char exe[256];
};

struct process {
	struct process *next;
	int32_t pid, ppid;
	int32_t pgid, sid;   /* its process group and session */
	port_name_t task;    /* a send right to its task */
	port_name_t port;    /* its port here (a receive right in the server's set) */
	int32_t wait_status; /* how it ended, -1 while it lives */
	port_name_t waiting; /* a wait's reply right while the process waits */
	int32_t wait_pid;    /* what it waits for */
	uint32_t wait_options;
	struct creds cred;	    /* the identity servers check */
	uint64_t ignored;	    /* signals emul says it ignores (proc.sigstate) */
	uint32_t sig_flags;	    /* SIGNAL_NOCLDWAIT, SIGNAL_NOCLDSTOP */
	struct pending pending;	    /* signals for the process, not one thread */
	struct thread_rec *threads; /* the first is the first thread */
	struct thread_rec *ending;  /* threads an exec ended, until their ports die */
	port_name_t single_waiter;  /* the reply right of that exec's exec_single */
	int pdeathsig;		    /* signalled with it when its parent ends, or 0 */
	int no_new_privs;	    /* prctl's: no exec_setid, in its children neither */
	int no_tty;		    /* gave its session's terminal up (TIOCNOTTY), children too */
	int32_t vfork_parent;	    /* a vfork's child: its parent (0: none), whose memory, */
	port_name_t vfork_memory;   /* the task it shared, it shares ... */
	int vfork_done;		    /* ... until it exec'd or ended: a vfork parent need not wait */
	port_name_t vfork_waiter;   /* the reply right of its parent's vfork_wait */
	int stopped;		    /* the stop signal it is stopped by, or 0 */
	int stop_report;	    /* a stop (its signal) a wait has not yet told */
	int continue_report;	    /* a continue a wait has not yet told */
	uint64_t alarm_at;	    /* ITIMER_REAL: when (clock_now time; 0: off) */
	uint64_t alarm_every;	    /* and its interval (0: once) */
	struct cpu_timer {	    /* ITIMER_VIRTUAL, ITIMER_PROF by CPU_CLOCK_* */
		uint64_t at_ns;	    /* when (its task's CPU time; 0: off) */
		uint64_t every_ns;  /* and its interval (0: once) */
	} cpu_timer[CPU_CLOCKS];
	struct cpu_times used;	   /* its CPU time, read when it ended */
	struct cpu_times children; /* of its children waited for, and theirs */
	struct exec_info image;	   /* what its program told of itself (/proc) */
	uint64_t started_ns;	   /* when it was made (clock_now time) */
	char cwd[256];		   /* its working directory as it said (proc.cwd); "": unknown */
};

/* A new entry (pid given, or the next free one for 0), in the table; NULL if memory
 * runs out. */
struct process *process_new(int32_t pid, int32_t ppid);

/* A number no process has (for a thread id: threads are not in the table, so after
 * the numbers wrap a thread's may come again; a pid never does while its process
 * lives). */
int32_t pid_allocate(void);

/* Remove p from the table and free it (its ports are the caller's to release). */
void process_free(struct process *p);

struct process *process_by_pid(int32_t pid);
struct process *process_by_port(port_name_t port);
struct process *process_by_task(port_name_t task);

/* The pid given out last, and how many were (/proc/loadavg, /proc/stat). */
int32_t pid_last(void);
uint64_t pid_count(void);

/* Walk the table: the first entry, then the one after p. */
struct process *process_first(void);

#endif
