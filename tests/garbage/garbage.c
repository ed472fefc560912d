/*
 * Garbage to every Linux system call (issue 13), run inside Masque: the parent forks
 * workers, each makes a seeded sequence of raw calls with numbers 0..450 and random
 * arguments (small numbers, descriptors, pointers into its own memory, NULL,
 * kernel-half, non-canonical and unmapped addresses, emul's own area, huge sizes),
 * and a worker that dies is replaced until the calls are made. Then the parent
 * checks that every server still answers and prints TAP.
 *
 * usage: garbage SEED CALLS WORKERS
 *        garbage -w WORKER_SEED CALLS (one worker alone, as a report names it)
 *
 * Every number is called, exit and exit_group included (the worker ends, another
 * takes its place), except (tame):
 * - never: pause and rt_sigsuspend (they wait for a signal nothing sends), semop (it
 *   may wait for ever and has no timeout), reboot; and the calls that act on another
 *   process (kill, tkill, tgkill, rt_[tg]sigqueueinfo, pidfd_open, process_vm_writev,
 *   prlimit64, move_pages, migrate_pages, ptrace) when aimed at the parent, at init or
 *   at many processes (pid <= 1): they would end or corrupt the test itself;
 * - tamed, so that nothing waits for ever: the descriptors of reads and writes (read,
 *   write, readv, writev, preadv2, pwritev2, vmsplice, sendfile, splice, tee,
 *   copy_file_range, the socket calls) are set O_NONBLOCK first, as a worker's own
 *   pipe would wait for it; timeouts (nanosleep, clock_nanosleep, select, pselect6,
 *   poll, ppoll, epoll_wait*, futex waits, futex_waitv, rt_sigtimedwait, semtimedop,
 *   mq_timed*, io_[p]getevents, recvmmsg) are cut under 10 ms; flock gets LOCK_NB,
 *   F_SETLKW and F_OFD_SETLKW become F_SETLK and F_OFD_SETLK, msgsnd and msgrcv
 *   IPC_NOWAIT; mknod(at) makes a regular file, not a FIFO, whose open would wait.
 * A child of fork, vfork, clone or clone3 exits at once (raw_call): no fork bomb.
 *
 * Never run it on a Linux host as root: it calls settimeofday, swapoff, umount2 and
 * their like with random arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_COUNT       451	   /* the numbers tried: 0..450 */
#define NR_futex_waitv 449	   /* not in musl's headers */
#define SCRATCH_SIZE   (64 * 1024) /* a worker's own memory its garbage points into */
#define REFILL_EVERY   128	   /* calls between refills of the scratch memory */
#define BUDGET	       2000	   /* calls a worker makes before it ends */
#define WORKERS_MAX    16
#define STUCK_NS       (60ull * 1000000000) /* a call taking longer is reported as stuck */
#define FILL_BYTES     (6 << 20)	 /* more than the fs-server's buffer cache holds (4 MiB) */
#define EMUL_BASE      0x7fff00000000ull /* emul/layout.h */
#define EMUL_AREA      0x7fff40000000ull

/* What each worker tells the parent, in memory they share: the call it is in. */
struct slot {
	uint64_t seed;	/* garbage -w SEED CALLS replays it alone */
	uint64_t calls; /* calls begun, the one in progress included */
	uint64_t skipped;
	uint64_t nr, args[6];
	uint32_t in_call; /* 0: between calls (making the next one, refilling) */
	uint32_t done;	  /* it made its whole budget */
};

static struct slot *slots;
static pid_t parent;
static char *scratch; /* a worker's memory its garbage points into */

/* xorshift64*: a worker's sequence depends on its seed alone. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

/* A worker's first state: splitmix64 of its seed (never 0, which xorshift keeps), so
 * that neighbouring seeds give unrelated sequences. */
static uint64_t first_state(uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return z ? z : 1;
}

/* The kinds of argument, each as likely. */
enum kind {
	K_SMALL,    /* -2..31 */
	K_FD,	    /* 0..20 */
	K_SCRATCH,  /* into the worker's scratch memory */
	K_NULL,	    /* 0 */
	K_KERNEL,   /* the kernel half */
	K_BAD,	    /* non-canonical, below mmap_min_addr, unmapped, across the end */
	K_EMUL,	    /* emul's image or its own allocations */
	K_HUGE,	    /* sizes past anything */
	K_RANDOM,   /* 64 random bits */
	K_FLAG,	    /* one bit, or a few */
	K_READONLY, /* the worker's code and constants */
	K_KINDS
};

struct call {
	uint64_t nr, a[6];
	enum kind kind[6];
};

static const uint64_t kernel_addrs[] = { 0xffff800000000000ull, 0xffff888000000000ull,
					 0xffffffff80000000ull, 0xfffffffffffff000ull };
static const uint64_t huge_sizes[] = { ~0ull,	      1ull << 63, 1ull << 40, 1ull << 32,
				       0x80000000ull, 0x7fffffff, 0x7ffff000 };
static const char readonly_text[] = "/garbage/readonly";

static uint64_t bad_addr(uint64_t *s)
{
	const uint64_t bad[] = { 0x800000000000ull,
				 0x8000000000000000ull,
				 0x1000,
				 0x10000,
				 0x7e0000000000ull,
				 0x7ffffffff000ull,
				 (uint64_t)scratch + SCRATCH_SIZE - 8 };
	return bad[next(s) % (sizeof(bad) / sizeof(bad[0]))];
}

static uint64_t argument(uint64_t *s, enum kind k)
{
	uint64_t r = next(s);

	switch (k) {
	case K_SMALL:
		return (uint64_t)((int64_t)(r % 34) - 2);
	case K_FD:
		return r % 21;
	case K_SCRATCH:
		return (uint64_t)scratch + (r % 2 ? (r >> 8) % SCRATCH_SIZE : (r >> 8) % 64 * 512);
	case K_NULL:
		return 0;
	case K_KERNEL:
		return kernel_addrs[r % 4] + (r >> 32) % 4096;
	case K_BAD:
		return bad_addr(s);
	case K_EMUL:
		return (r % 2 ? EMUL_BASE : EMUL_AREA) + (r >> 8) % (1 << 24);
	case K_HUGE:
		return huge_sizes[r % (sizeof(huge_sizes) / sizeof(huge_sizes[0]))];
	case K_RANDOM:
		return r;
	case K_FLAG:
		return r % 2 ? 1ull << (r >> 8) % 32 : (r >> 8) & 0xffff;
	case K_READONLY:
		return r % 2 ? (uint64_t)readonly_text : (uint64_t)&argument;
	default:
		return 0;
	}
}

/* Refill the scratch memory: random bytes in the first half, in the second records
 * that make calls get further: short names, iovecs and small timeouts. */
static void refill(uint64_t *s)
{
	static const char *names[] = { "a", "b", "dir", "dir/f", ".", "..", "a/../b", "" };

	for (int i = 0; i < SCRATCH_SIZE / 2; i += 8) {
		uint64_t r = next(s);
		memcpy(scratch + i, &r, 8);
	}
	for (int at = SCRATCH_SIZE / 2; at < SCRATCH_SIZE; at += 64) {
		uint64_t *w = (uint64_t *)(scratch + at), r = next(s);
		memset(w, 0, 64);
		switch (r % 4) {
		case 0:
			strcpy((char *)w, names[(r >> 8) % 8]);
			break;
		case 1:
			w[0] = (uint64_t)scratch + (r >> 8) % SCRATCH_SIZE, w[1] = (r >> 24) % 256;
			break;
		case 2:
			w[1] = (r >> 8) % 1000000;
			break; /* a timespec of under 1 ms */
		default:
			w[0] = (r >> 8) % 64, w[1] = (r >> 16) % 64;
			break;
		}
	}
}

/* The call made raw: a child of fork, vfork, clone or clone3 (the call returns 0
 * there, on whatever stack the garbage gave it) ends at once, before it touches
 * memory, so that garbage cannot fork-bomb and wait4 never waits long. */
static int64_t raw_call(const struct call *c)
{
	register uint64_t r10 __asm__("r10") = c->a[3];
	register uint64_t r8 __asm__("r8") = c->a[4];
	register uint64_t r9 __asm__("r9") = c->a[5];
	register uint64_t r12 __asm__("r12") = c->nr;
	int64_t ret;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "cmp $56, %%r12\n\t"
			 "jb 1f\n\t"
			 "cmp $58, %%r12\n\t"
			 "jbe 2f\n\t"
			 "cmp $435, %%r12\n\t"
			 "jne 1f\n"
			 "2:\tmov $60, %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n\t"
			 "ud2\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(c->nr), "D"(c->a[0]), "S"(c->a[1]), "d"(c->a[2]), "r"(r10), "r"(r8),
			   "r"(r9), "r"(r12)
			 : "rcx", "r11", "memory");
	return ret;
}

/* A timeout argument made short: NULL (wait for ever) and memory that is readable
 * but not ours to bound (code, emul's) become a zero timeout; one in the scratch
 * memory is cut to under 10 ms there; a bad address stays, for EFAULT. */
static void short_timeout(struct call *c, int i)
{
	static const uint64_t zero[2];
	uint64_t at = c->a[i];

	if (c->kind[i] == K_KERNEL || c->kind[i] == K_BAD)
		return;
	if (c->kind[i] == K_SCRATCH && at % 8 == 0 && at + 16 <= (uint64_t)scratch + SCRATCH_SIZE) {
		uint64_t *t = (uint64_t *)at;
		t[0] = 0, t[1] %= 10000000;
	} else {
		c->a[i] = (uint64_t)zero;
	}
}

/* futex: the operations that wait get a short timeout (the others take a count there). */
static void short_futex_wait(struct call *c)
{
	switch (c->a[1] & 127) {
	case 0:	 /* FUTEX_WAIT */
	case 6:	 /* FUTEX_LOCK_PI */
	case 9:	 /* FUTEX_WAIT_BITSET */
	case 11: /* FUTEX_WAIT_REQUEUE_PI */
	case 13: /* FUTEX_LOCK_PI2 */
		short_timeout(c, 3);
	}
}

/* Descriptor fd (an argument: its low 32 bits, as the call reads it) set O_NONBLOCK,
 * so that reading an empty pipe whose writer is the worker itself, or writing a full
 * one, does not wait for ever. */
static void nonblocking(uint64_t arg)
{
	int fd = (int)arg;

	if (fd < 0 || fd > 1023)
		return;
	long fl = syscall(SYS_fcntl, fd, F_GETFL);
	if (fl >= 0)
		syscall(SYS_fcntl, fd, F_SETFL, fl | O_NONBLOCK);
}

/* Whether pid (an argument) names the parent, init or many processes at once. */
static int not_ours(uint64_t pid)
{
	return (int)pid <= 1 || (int)pid == parent;
}

/* Make the call harmless to the test itself, or say it must not be made (0). What
 * may wait for ever gets a short timeout or a non-blocking descriptor; what would
 * act on the parent or on every process is skipped. */
static int tame(struct call *c)
{
	switch (c->nr) {
	case SYS_pause:		/* waits for a signal nothing here sends */
	case SYS_rt_sigsuspend: /* likewise */
	case SYS_reboot:	/* the machine itself */
		return 0;
	case SYS_kill:
	case SYS_tkill:
	case SYS_tgkill:
	case SYS_rt_sigqueueinfo:
	case SYS_rt_tgsigqueueinfo:
	case SYS_pidfd_open:
	case SYS_process_vm_writev:
	case SYS_prlimit64:
	case SYS_move_pages:
	case SYS_migrate_pages:
		return !not_ours(c->a[0]) || (c->nr == SYS_prlimit64 && (int)c->a[0] == 0);
	case SYS_ptrace:
		return !not_ours(c->a[1]);
	case SYS_read:
	case SYS_write:
	case SYS_readv:
	case SYS_writev:
	case SYS_preadv2:
	case SYS_pwritev2:
	case SYS_vmsplice:
	case SYS_accept:
	case SYS_accept4:
	case SYS_connect:
	case SYS_recvfrom:
	case SYS_sendto:
	case SYS_recvmsg:
	case SYS_sendmsg:
	case SYS_sendmmsg:
		nonblocking(c->a[0]);
		break;
	case SYS_sendfile:
	case SYS_tee:
		nonblocking(c->a[0]), nonblocking(c->a[1]);
		break;
	case SYS_splice:
	case SYS_copy_file_range:
		nonblocking(c->a[0]), nonblocking(c->a[2]);
		break;
	case SYS_recvmmsg:
		nonblocking(c->a[0]), short_timeout(c, 4);
		break;
	case SYS_mknod: /* no FIFO: opening one waits for its other end */
		c->a[1] = (c->a[1] & 0170000) == 0010000 ? c->a[1] ^ 0110000 : c->a[1];
		break;
	case SYS_mknodat:
		c->a[2] = (c->a[2] & 0170000) == 0010000 ? c->a[2] ^ 0110000 : c->a[2];
		break;
	case SYS_flock:
		c->a[1] |= LOCK_NB;
		break;
	case SYS_fcntl: /* record locks that wait become ones that do not */
		if ((int)c->a[1] == F_SETLKW || (int)c->a[1] == F_OFD_SETLKW)
			c->a[1] = (int)c->a[1] == F_SETLKW ? F_SETLK : F_OFD_SETLK;
		break;
	case SYS_poll:
	case SYS_epoll_wait:
	case SYS_epoll_pwait:
		c->a[c->nr == SYS_poll ? 2 : 3] %= 11;
		break;
	case SYS_futex:
		short_futex_wait(c);
		break;
	case SYS_nanosleep:
	case SYS_select:
	case SYS_pselect6:
	case SYS_ppoll:
	case SYS_clock_nanosleep:
	case SYS_epoll_pwait2:
	case NR_futex_waitv:
	case SYS_rt_sigtimedwait:
	case SYS_semtimedop:
	case SYS_mq_timedsend:
	case SYS_mq_timedreceive:
	case SYS_io_getevents:
	case SYS_io_pgetevents: {
		static const uint8_t timeout_arg[NR_COUNT] = {
			[SYS_nanosleep] = 0,	 [SYS_select] = 4,	    [SYS_pselect6] = 4,
			[SYS_ppoll] = 2,	 [SYS_clock_nanosleep] = 2, [SYS_epoll_pwait2] = 3,
			[NR_futex_waitv] = 3,	 [SYS_rt_sigtimedwait] = 2, [SYS_semtimedop] = 3,
			[SYS_mq_timedsend] = 4,	 [SYS_mq_timedreceive] = 4, [SYS_io_getevents] = 4,
			[SYS_io_pgetevents] = 4,
		};
		short_timeout(c, timeout_arg[c->nr]);
		break;
	}
	case SYS_msgsnd: /* IPC_NOWAIT */
		c->a[3] |= 04000;
		break;
	case SYS_msgrcv:
		c->a[4] |= 04000;
		break;
	case SYS_semop:
		return 0; /* it may wait for ever and has no timeout: semtimedop has */
	}
	return 1;
}

static void make_call(uint64_t *s, struct call *c)
{
	c->nr = next(s) % NR_COUNT;
	for (int i = 0; i < 6; i++) {
		c->kind[i] = (enum kind)(next(s) % K_KINDS);
		c->a[i] = argument(s, c->kind[i]);
	}
}

/* A worker: its own session, no standard descriptors (the parent's output must not
 * take its garbage), fresh scratch memory, then budget calls. */
static _Noreturn void worker(struct slot *slot, uint64_t seed, uint64_t budget)
{
	uint64_t s = first_state(seed);
	struct call c;

	scratch = mmap(0, SCRATCH_SIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (scratch == MAP_FAILED)
		syscall(SYS_exit_group, 125);
	mprotect(scratch + SCRATCH_SIZE, 4096, PROT_NONE); /* a guard after it */
	setsid();
	close(0), close(1), close(2);
	while (slot->calls < budget) {
		if (slot->calls % REFILL_EVERY == 0)
			refill(&s);
		make_call(&s, &c);
		if (!tame(&c)) {
			slot->skipped++;
			continue;
		}
		slot->nr = c.nr;
		memcpy(slot->args, c.a, sizeof(c.a));
		slot->calls++;
		slot->in_call = 1;
		raw_call(&c);
		slot->in_call = 0;
	}
	slot->done = 1;
	syscall(SYS_exit_group, 0);
	__builtin_unreachable();
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000 + (uint64_t)t.tv_nsec;
}

/* The parent's view of one worker. */
struct running {
	pid_t pid; /* 0: the place is free */
	uint64_t budget, seen_calls, seen_at;
};

struct tally {
	uint64_t made, skipped, started, finished, exited, signalled[65], stuck;
	uint32_t killed_in[NR_COUNT]; /* deaths by a signal inside a call, by its number */
};

static int spawn(int place, struct running *w, uint64_t seed, uint64_t budget, struct tally *t)
{
	memset(&slots[place], 0, sizeof(slots[place]));
	slots[place].seed = seed;
	pid_t pid = fork();

	if (pid == 0)
		worker(&slots[place], seed, budget);
	if (pid < 0) {
		printf("# fork failed: %m\n");
		return -1;
	}
	*w = (struct running){ .pid = pid, .budget = budget, .seen_at = now_ns() };
	t->started++;
	return 0;
}

/* Where a worker was: its last call, and whether it was in it. */
static void say(const struct running *w, const struct slot *sl, const char *what)
{
	printf("# worker %d (garbage -w %#lx %lu replays it) %s %s call %lu (%#lx, %#lx, %#lx, "
	       "%#lx, %#lx, %#lx), its call number %lu\n",
	       w->pid, sl->seed, sl->calls, what, sl->in_call ? "in" : "after", sl->nr, sl->args[0],
	       sl->args[1], sl->args[2], sl->args[3], sl->args[4], sl->args[5], sl->calls);
}

/* A worker ended (status from wait): add what it made, say how it ended. */
static void account(int place, struct running *w, int status, struct tally *t)
{
	struct slot *sl = &slots[place];

	t->made += sl->calls;
	t->skipped += sl->skipped;
	if (WIFSIGNALED(status))
		t->signalled[WTERMSIG(status) & 63]++;
	if (WIFSIGNALED(status) && sl->in_call && sl->nr < NR_COUNT)
		t->killed_in[sl->nr]++;
	else if (sl->done)
		t->finished++;
	else
		t->exited++;
	if (WIFSIGNALED(status) && t->signalled[WTERMSIG(status) & 63] <= 3) {
		char what[32];
		snprintf(what, sizeof(what), "killed by signal %d", WTERMSIG(status));
		say(w, sl, what);
	}
	w->pid = 0;
}

/* A worker whose call has not returned for STUCK_NS: reported, then left alone (no
 * signal can end it yet) with its place (pid -1: never used again); its calls count. */
static void watch(int place, struct running *w, struct tally *t)
{
	struct slot *sl = &slots[place];
	uint64_t now = now_ns();

	if (sl->calls != w->seen_calls) {
		w->seen_calls = sl->calls, w->seen_at = now;
		return;
	}
	if (now - w->seen_at < STUCK_NS)
		return;
	say(w, sl, "stuck for a minute");
	t->made += sl->calls;
	t->stuck++;
	w->pid = -1;
}

/* Workers until calls are made: each gets a budget and its own seed; one that ends
 * early gives back what it did not make. replay: one worker, with seed itself, makes
 * every call (or dies trying). */
static void fuzz(uint64_t seed, uint64_t calls, int workers, int replay, struct tally *t)
{
	struct running w[WORKERS_MAX] = { 0 };
	uint64_t assigned = 0, serial = 0;
	int live = 0, status;

	for (;;) {
		for (int i = 0; i < workers && assigned < calls; i++) {
			if (w[i].pid) /* busy, or given up for a stuck worker */
				continue;
			uint64_t budget = replay		      ? calls
					  : calls - assigned < BUDGET ? calls - assigned
								      : BUDGET;
			uint64_t own = replay ? seed : seed + 0x9e3779b97f4a7c15ull * ++serial;
			if (spawn(i, &w[i], own, budget, t))
				return;
			assigned += budget;
			live++;
		}
		if (!live)
			return;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		for (int i = 0; i < workers; i++) {
			if (pid > 0 && w[i].pid == pid) {
				assigned -= replay ? 0 : w[i].budget - slots[i].calls;
				account(i, &w[i], status, t);
				live--;
			} else if (w[i].pid > 0) {
				watch(i, &w[i], t);
				if (w[i].pid < 0) {
					assigned -= replay ? 0 : w[i].budget - slots[i].calls;
					live--;
				}
			}
		}
		if (pid <= 0)
			nanosleep(&(struct timespec){ 0, 20000000 }, 0);
	}
}

static int n;

static void point(int ok, const char *what)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n, what);
	fflush(stdout);
}

/* The fs-server: a file made, written, read back and removed. */
static int fs_answers(void)
{
	char out[4096], in[4096];
	int fd = open("/garbage-check", O_CREAT | O_RDWR | O_TRUNC, 0644);

	for (int i = 0; i < (int)sizeof(out); i++)
		out[i] = (char)(i * 7);
	int ok = fd >= 0 && write(fd, out, sizeof(out)) == sizeof(out) &&
		 lseek(fd, 0, SEEK_SET) == 0 && read(fd, in, sizeof(in)) == sizeof(in) &&
		 !memcmp(in, out, sizeof(in));
	ok = fd >= 0 && !close(fd) && ok;
	return !unlink("/garbage-check") && ok;
}

/* The pipe server: a byte through a new pipe, from a child. */
static int pipe_answers(void)
{
	int p[2], status;
	char c = 0;

	if (pipe(p))
		return 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(write(p[1], "g", 1) == 1 ? 0 : 1);
	close(p[1]);
	int ok = pid > 0 && read(p[0], &c, 1) == 1 && c == 'g';
	close(p[0]);
	return pid > 0 && waitpid(pid, &status, 0) == pid && ok;
}

/* The process server: a child forked, ended with status 7, waited for. */
static int proc_answers(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 7;
}

/* A file larger than the fs-server's buffer cache written, read back and removed
 * before the workers start, so that the cache has grown to its size before the
 * bootstrap's stats are taken (after the warm-up run): what the server grows by
 * after that is not its cache. */
static void fill_cache(void)
{
	static char chunk[65536];
	int fd = open("/scratch/fill", O_CREAT | O_RDWR | O_TRUNC, 0644);

	if (fd < 0)
		return;
	for (int i = 0; i < FILL_BYTES / (int)sizeof(chunk); i++)
		if (write(fd, chunk, sizeof(chunk)) != sizeof(chunk))
			break;
	lseek(fd, 0, SEEK_SET);
	while (read(fd, chunk, sizeof(chunk)) > 0)
		continue;
	close(fd);
	unlink("/scratch/fill");
}

/* Two children left waiting when the program ends, for the process server to end
 * with it: one in a read of an empty pipe, one in a write to a full one (the parent
 * holds the other ends). The pipe server must then let go of their requests, which
 * the bootstrap's stats after the run show. */
static void leave_waiters(void)
{
	static char big[2 * 65536];
	int empty[2], full[2];
	char c;

	if (pipe(empty) || pipe(full))
		return;
	if (fork() == 0)
		_exit(read(empty[0], &c, 1) < 0);
	if (fork() == 0)
		_exit(write(full[1], big, sizeof(big)) < 0);
	close(empty[0]), close(full[1]);
	nanosleep(&(struct timespec){ 0, 200000000 }, 0); /* until both wait */
}

int main(int argc, char **argv)
{
	struct tally t = { 0 };
	char what[160];

	int replay = argc == 4 && !strcmp(argv[1], "-w");

	if (argc != 4) {
		fprintf(stderr,
			"usage: garbage SEED CALLS WORKERS | garbage -w WORKER_SEED CALLS\n");
		return 2;
	}
	uint64_t seed = strtoull(argv[1 + replay], 0, 0), calls = strtoull(argv[2 + replay], 0, 0);
	int workers = replay ? 1 : atoi(argv[3]);
	if (workers < 1 || workers > WORKERS_MAX)
		workers = 4;
	parent = getpid();
	slots = mmap(0, sizeof(struct slot) * WORKERS_MAX, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED) {
		printf("Bail out! no shared memory for the workers\n");
		return 1;
	}
	/* the workers' names are relative to a directory of their own, where they race */
	if ((mkdir("/scratch", 0777) && errno != EEXIST) || chdir("/scratch")) {
		printf("Bail out! no /scratch to work in: %m\n");
		return 1;
	}
	printf("# garbage: %s %#lx, %lu calls, %d workers\n", replay ? "worker seed" : "seed", seed,
	       calls, workers);
	fflush(stdout);
	fill_cache();
	uint64_t started = now_ns();
	fuzz(seed, calls, workers, replay, &t);
	printf("# %lu calls (and %lu skipped) in %lu s by %lu workers: %lu made their budget, %lu "
	       "ended by a garbage exit, %lu stuck\n",
	       t.made, t.skipped, (now_ns() - started) / 1000000000, t.started, t.finished,
	       t.exited, t.stuck);
	for (int sig = 1; sig < 65; sig++)
		if (t.signalled[sig])
			printf("# %lu workers killed by signal %d\n", t.signalled[sig], sig);
	printf("# killed inside call NUMBER (times):");
	for (int nr = 0; nr < NR_COUNT; nr++)
		if (t.killed_in[nr])
			printf(" %d (%u)", nr, t.killed_in[nr]);
	printf("\n");
	snprintf(what, sizeof(what), "%lu calls made, at least %lu (seed %lu)", t.made, calls,
		 seed);
	point(t.made >= calls, what);
	point(!t.stuck, "no call of a worker waited for a minute or more");
	point(fs_answers(), "the fs-server answers: a file written, read back, unlinked");
	point(pipe_answers(), "the pipe server answers: a byte from a child through a pipe");
	point(proc_answers(), "the process server answers: a child forked, exit 7 waited for");
	printf("1..%d\n", n);
	fflush(stdout);
	leave_waiters();
	return 0;
}
