/*
 * The in-VM fuzzer: batches of random calls from fuzzing tasks (fuzz_task.c), each
 * with several threads, a peer that dies at random, a buffer it pages itself, and a
 * memory hog beside it. After every batch, with the fuzzing task, its peers and the
 * hog gone, the kernel's memory and the free frames must be back where they were,
 * and every trap must have answered with a kernel code or a non-negative value; at
 * the end a new task must still run and answer.
 *
 * Arguments: seed=N (default: from the clock; printed), count=N (traps, default
 * 100,000), batch=N (traps per fuzzing task). Started with the host port (-p in the
 * boot script), the fuzzing tasks hold it too.
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <ns.h>
#include <self.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "fuzz.h"
#include "msgs.h"
#include "tap.h"

#define COUNT_DEFAULT 100000
#define BATCH_DEFAULT 5000
#define STUCK_MS      3000  /* a fuzzing task making no trap for this long is ended */
#define SETTLE_MS     10000 /* how long teardown may take after a batch */
#define FRAME_SLACK   64    /* frames the kernel heap may keep after growing (it gives none back) */
#define HOG_SHARE     3	    /* the hog touches at most 1/HOG_SHARE of the free frames */

volatile struct fuzz_shared *fuzz_shared;

struct baseline {
	uint64_t kernel_bytes, free_pages;
};

static struct baseline measure(void)
{
	struct vm_stats st = { 0 };

	vm_statistics(&st);
	return (struct baseline){ st.kernel_bytes, st.free_pages };
}

static uint64_t number_arg(int argc, char **argv, const char *key, uint64_t otherwise)
{
	size_t n = strlen(key);

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], key, n) || argv[i][n] != '=')
			continue;
		uint64_t v = 0;
		for (const char *p = argv[i] + n + 1; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (uint64_t)(*p - '0');
		return v;
	}
	return otherwise;
}

/* The memory hog: take memory a megabyte at a time up to its bound, touching every
 * page, give some back at random, until told to stop. */
static void hog(uint64_t seed)
{
	struct fuzz_thread t = { .rng = seed | 1 };
	uint64_t chunks[64] = { 0 }, chunk = 256 * PAGE_SIZE;
	uint64_t most = fuzz_shared->hog_pages / 256;

	if (most > 64)
		most = 64;
	while (!fuzz_shared->hog_stop) {
		uint64_t i = most ? fuzz_rnd(&t) % most : 0;
		if (!most)
			break;
		if (chunks[i]) {
			vm_deallocate(self_task, chunks[i], chunk);
			chunks[i] = 0;
			continue;
		}
		int64_t a = vm_allocate(self_task, 0, chunk, VM_ANYWHERE);
		if (a < 0)
			continue;
		chunks[i] = a;
		for (uint64_t off = 0; off < chunk && !fuzz_shared->hog_stop; off += PAGE_SIZE)
			*(volatile char *)(a + off) = 1;
	}
}

enum ending { ENDED, ENDED_BY_US, ENDLESS };

/* Wait for a task to end; end it if it makes no progress (a fuzzing task whose
 * threads all wait for good). ENDLESS: it did not end even then. */
static enum ending wait_or_end(port_name_t task, int fuzzing)
{
	uint64_t before = fuzz_shared->issued;
	enum ending how = ENDED;

	while (how != ENDLESS && wait_task_end(task, STUCK_MS) == KERN_TIMED_OUT) {
		if (how == ENDED_BY_US) {
			how = ENDLESS;
		} else if (!fuzzing || fuzz_shared->issued == before) {
			task_terminate(task);
			how = ENDED_BY_US;
		}
		before = fuzz_shared->issued;
	}
	if (how == ENDLESS)
		diag("the %s task did not end when terminated", fuzzing ? "fuzzing" : "hog");
	port_destroy(task);
	return how;
}

/* After a batch: wait (a little) for the kernel to free what the batch's tasks held
 * (peers end on their own once the fuzzing task is gone); the last measure. */
static struct baseline settle(uint64_t kernel_bytes)
{
	struct baseline now = measure();

	for (int ms = 0; ms < SETTLE_MS && now.kernel_bytes > kernel_bytes; ms += 20) {
		sleep_ms(20);
		now = measure();
	}
	return now;
}

/*
 * Spawning a task costs this one nothing that outlives the task: the copy-on-write
 * chains it shares with its children collapse as they end. So after every batch the
 * kernel's memory must be what it was after calibration, to the byte. Kernel heap
 * pages may be kept (one spare page per size class, and pages with a block in use),
 * so the frame check starts after the first fuzzing batch and allows FRAME_SLACK
 * frames of heap growth.
 */
struct run {
	uint64_t seed, count, batch;
	uint64_t batches, stuck, leaks;
	int failed;		     /* a fuzzing task could not be started */
	int endless;		     /* a task did not end when terminated */
	struct baseline base, first; /* after calibration; after the first batch */
	int64_t worst_bytes, worst_pages;
};

/* End every peer the batch's fuzzing task made: their task ports came to our port
 * fuzz_shared->peers (with whatever else the fuzzing calls sent there). */
static void end_peers(void)
{
	struct port_msg m;

	while (msg_receive_timeout(fuzz_shared->peers, &m.h, sizeof(m), 1) == KERN_SUCCESS) {
		port_name_t task = m.h.ndesc == 1 && m.d.type == MSG_DESC_PORT ? m.d.value : 0;
		if (m.h.remote != PORT_NULL)
			port_destroy(m.h.remote);
		if (m.h.ndesc == 1 && m.d.type == MSG_DESC_OOL && m.d.value)
			vm_deallocate(self_task, m.d.addr, m.d.value);
		if (task == PORT_NULL || task == PORT_DEAD || task == self_task ||
		    task == fuzz_shared->host || task == fuzz_shared->peers)
			continue;
		task_terminate(task);
		wait_task_end(task, STUCK_MS);
		port_destroy(task);
	}
}

/* One batch of size traps: a fuzzing task, its peers and a hog, all gone when it
 * returns. */
static void batch(struct run *r, uint64_t size)
{
	uint64_t first = fuzz_shared->issued;

	fuzz_shared->target = first + size;
	fuzz_shared->hog_stop = size == 0;
	int64_t hog_task = spawn_flags(hog, r->seed + r->batches, 0, NULL);
	int64_t task =
		spawn_flags(fuzz_task, r->seed * 1000003 + r->batches, TASK_INHERIT_SENDS, NULL);
	if (task < 0) {
		diag("cannot start a fuzzing task: %ld", task);
		r->failed = 1;
	} else {
		enum ending how = wait_or_end(task, 1);
		r->stuck += how == ENDED_BY_US;
		r->endless |= how == ENDLESS;
	}
	if (fuzz_shared->issued < fuzz_shared->target)
		diag("batch %lu ended early, after %lu traps", r->batches + 1,
		     fuzz_shared->issued - first);
	fuzz_shared->hog_stop = 1;
	if (hog_task >= 0)
		r->endless |= wait_or_end(hog_task, 0) == ENDLESS;
	end_peers();
}

/* The baseline: after a batch without traps, which fills the kernel's caches. */
static void calibrate(struct run *r)
{
	batch(r, 0);
	r->base = settle(0);
}

/* Fuzz one batch, then compare the kernel's memory with what was allowed. */
static void fuzz_batch(struct run *r)
{
	uint64_t left = r->count - fuzz_shared->issued;

	int endless = r->endless;

	batch(r, left < r->batch ? left : r->batch);
	r->batches++;
	if (r->endless && !endless) { /* what it holds is no leak: measure from here */
		r->base = r->first = settle(0);
		return;
	}
	struct baseline now = settle(r->base.kernel_bytes);
	if (r->batches == 1)
		r->first = now;
	int64_t bytes = (int64_t)(now.kernel_bytes - r->base.kernel_bytes);
	int64_t pages = (int64_t)(r->first.free_pages - now.free_pages);
	if (bytes > 0 || pages > FRAME_SLACK) {
		if (r->leaks++ < 5)
			diag("after batch %lu: %ld bytes of kernel memory, %ld frames more",
			     r->batches, bytes, pages);
	}
	if (bytes > r->worst_bytes)
		r->worst_bytes = bytes;
	if (pages > r->worst_pages)
		r->worst_pages = pages;
}

static void report(struct run *r, uint64_t ms)
{
	ok(fuzz_shared->issued >= r->count && !r->failed,
	   "%lu random traps in %lu batches (%lu ended by us), %d threads each, seed %lu, "
	   "%lu ms",
	   fuzz_shared->issued, r->batches, r->stuck, FUZZ_WORKERS, r->seed, ms);
	diag("%lu messages sent, %lu received, %lu peer deaths, %lu page requests",
	     fuzz_shared->sent, fuzz_shared->received, fuzz_shared->peer_deaths,
	     fuzz_shared->page_requests);
	for (uint64_t i = 0; i < fuzz_shared->bad && i < FUZZ_BAD_SHOWN; i++)
		diag("trap %lu returned %ld", fuzz_shared->bad_trap[i],
		     (int64_t)fuzz_shared->bad_result[i]);
	ok(!r->endless, "every task ended when terminated");
	is(fuzz_shared->bad, 0, "every trap returned a kernel code or a non-negative value");
	ok(r->worst_bytes <= 0, "after every batch the kernel's memory is back (worst %ld bytes)",
	   r->worst_bytes);
	ok(r->worst_pages <= FRAME_SLACK,
	   "after every batch the free frames are back, but for what the kernel heap keeps "
	   "(worst %ld frames, at most %d)",
	   r->worst_pages, FRAME_SLACK);
}

/* Echo one message on port, once its receive right has been moved here. */
static void echo(uint64_t port)
{
	struct word_msg m;

	if (recv_moved(port, &m.h, sizeof(m)) == 0)
		send_word(m.h.remote, MSG_MOVE_SEND_ONCE, m.h.id, m.word + 1);
}

static void still_up(void)
{
	int64_t port = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, port, port, MSG_MAKE_SEND);
	int64_t child = spawn(echo, port);
	struct word_msg m = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				     .size = sizeof(m),
				     .remote = port,
				     .id = 5 },
			      .word = 99 };
	ok(child > 0 && port_insert_right(child, port, port, MSG_MOVE_RECEIVE) == port &&
		   msg_call(&m.h, sizeof(m)) == 0 && m.word == 100,
	   "afterwards a new task still runs and answers");
}

int main(int argc, char **argv)
{
	struct run r = { .seed = number_arg(argc, argv, "seed", clock_now() % 1000000007),
			 .count = number_arg(argc, argv, "count", COUNT_DEFAULT),
			 .batch = number_arg(argc, argv, "batch", BATCH_DEFAULT) };
	int64_t page = vm_allocate(self_task, 0, PAGE_SIZE, VM_ANYWHERE);
	port_name_t host = PORT_NULL;

	vm_inherit(self_task, page, PAGE_SIZE, VM_INHERIT_SHARE);
	fuzz_shared = (volatile struct fuzz_shared *)page;
	if (bootstrap_port != PORT_NULL && rpc_ns_lookup(bootstrap_port, "host", &host))
		host = PORT_NULL;
	fuzz_shared->host = host;
	fuzz_shared->peers = new_port();
	diag("seed %lu, %lu traps, %s", r.seed, r.count,
	     host ? "with the host port" : "unprivileged");
	fuzz_shared->hog_pages = measure().free_pages / HOG_SHARE;
	calibrate(&r);
	fuzz_shared->issued = 0;
	uint64_t t0 = clock_now();
	while (fuzz_shared->issued < r.count && !r.failed)
		fuzz_batch(&r);
	report(&r, (clock_now() - t0) / 1000000);
	still_up();
	return 0;
}
