/*
 * Host test of lib/locks.c, run by locks.t: the byte ranges a struct flock
 * names, conflicts, the splitting and merging of one owner's locks as Linux does them,
 * the order of owners, and flock's conversions. Prints TAP.
 */
#include <errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include "locks.h"
#include "tap.h"

#define MAX LOCK_OFFSET_MAX

static const char A[] = "A", B[] = "B"; /* two owners */

/* The list as text: "A R 0-9, B W 10-max". */
static const char *show(const struct lock *l)
{
	static char text[512];
	size_t n = 0;

	text[0] = 0;
	for (; l; l = l->next) {
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s %c %ld-", n ? ", " : "",
				      (const char *)l->owner, l->type == F_RDLCK ? 'R' : 'W',
				      (long)l->first);
		n += (size_t)(l->last == MAX
				      ? snprintf(text + n, sizeof(text) - n, "max")
				      : snprintf(text + n, sizeof(text) - n, "%ld", (long)l->last));
	}
	return text;
}

static int shows(const struct lock *l, const char *want, const char *what)
{
	int good = !strcmp(show(l), want);

	ok(good, "%s", what);
	if (!good)
		diag("got \"%s\", want \"%s\"", show(l), want);
	return good;
}

static void free_all(struct lock **l)
{
	lock_drop(l, A);
	lock_drop(l, B);
}

static void test_range(void)
{
	int64_t f = -1, l = -1;

	is(lock_range(SEEK_SET, 5, 10, 100, 1000, &f, &l), 0, "SEEK_SET 5+10 is a range");
	ok(f == 5 && l == 14, "SEEK_SET 5+10 is bytes 5-14");
	lock_range(SEEK_CUR, 5, 0, 100, 1000, &f, &l);
	ok(f == 105 && l == MAX, "SEEK_CUR with length 0 runs from pos+start to the end");
	lock_range(SEEK_END, -10, 10, 100, 1000, &f, &l);
	ok(f == 990 && l == 999, "SEEK_END -10+10 is the last ten bytes");
	lock_range(SEEK_SET, 10, -4, 0, 0, &f, &l);
	ok(f == 6 && l == 9, "a negative length takes the bytes before start");
	is(lock_range(SEEK_SET, 3, -4, 0, 0, &f, &l), -EINVAL,
	   "a negative length before 0: EINVAL");
	is(lock_range(SEEK_SET, -1, 1, 0, 0, &f, &l), -EINVAL, "a negative start: EINVAL");
	is(lock_range(SEEK_END, -1001, 0, 0, 1000, &f, &l), -EINVAL,
	   "before the start of the file: EINVAL");
	is(lock_range(3, 0, 0, 0, 0, &f, &l), -EINVAL, "whence 3: EINVAL");
	is(lock_range(SEEK_SET, MAX, 1, 0, 0, &f, &l), 0, "the last byte there is can be locked");
	is(lock_range(SEEK_SET, MAX, 2, 0, 0, &f, &l), -EOVERFLOW, "a range past it: EOVERFLOW");
	is(lock_range(SEEK_CUR, MAX, 0, 1, 0, &f, &l), -EOVERFLOW, "a start past it: EOVERFLOW");
}

static void test_merge(void)
{
	struct lock *list = NULL;

	lock_set(&list, A, 1, F_RDLCK, 0, 9);
	lock_set(&list, A, 1, F_RDLCK, 10, 19);
	shows(list, "A R 0-19", "adjacent locks of one type merge");
	lock_set(&list, A, 1, F_RDLCK, 30, 39);
	lock_set(&list, A, 1, F_RDLCK, 15, 32);
	shows(list, "A R 0-39", "a lock overlapping two merges all three");
	lock_set(&list, A, 1, F_WRLCK, 40, 49);
	shows(list, "A R 0-39, A W 40-49", "adjacent locks of two types stay apart");
	free_all(&list);
}

static void test_split(void)
{
	struct lock *list = NULL;

	lock_set(&list, A, 1, F_WRLCK, 0, MAX);
	lock_set(&list, A, 1, F_UNLCK, 10, 19);
	shows(list, "A W 0-9, A W 20-max", "an unlock in the middle splits a lock");
	lock_set(&list, A, 1, F_RDLCK, 5, 24);
	shows(list, "A W 0-4, A R 5-24, A W 25-max", "another type over two locks trims both");
	lock_set(&list, A, 1, F_WRLCK, 5, 24);
	shows(list, "A W 0-max", "upgrading the middle merges all back");
	lock_set(&list, A, 1, F_RDLCK, 0, MAX);
	shows(list, "A R 0-max", "a downgrade of the whole replaces it");
	lock_set(&list, A, 1, F_UNLCK, 0, MAX);
	ok(list == NULL, "unlocking everything leaves nothing");
	lock_set(&list, A, 1, F_UNLCK, 0, MAX);
	ok(list == NULL, "unlocking what is not locked is no error and changes nothing");
}

static void test_conflicts(void)
{
	struct lock *list = NULL;
	const struct lock *c;

	lock_set(&list, A, 7, F_RDLCK, 0, 9);
	lock_set(&list, B, 8, F_RDLCK, 5, 14);
	ok(!lock_conflict(list, B, F_RDLCK, 0, 20), "read locks share");
	c = lock_conflict(list, B, F_WRLCK, 0, 20);
	ok(c && c->owner == A && c->pid == 7, "a write lock conflicts with another's read lock");
	ok(!lock_conflict(list, A, F_WRLCK, 0, 4), "an owner's own locks are no conflict");
	ok(!lock_conflict(list, B, F_WRLCK, 10, 20), "locks apart do not conflict");
	lock_set(&list, A, 7, F_RDLCK, 20, 29);
	shows(list, "A R 0-9, A R 20-29, B R 5-14", "an owner's locks stay together, in order");
	c = lock_conflict(list, B, F_WRLCK, 25, MAX);
	ok(c && c->first == 20 && c->last == 29, "the conflict reported is the lock in the way");
	ok(lock_drop(&list, A), "dropping an owner's locks says it held some");
	shows(list, "B R 5-14", "and only its own go");
	ok(!lock_drop(&list, A), "dropping again finds none");
	lock_set(&list, A, 7, F_WRLCK, 0, 1);
	shows(list, "B R 5-14, A W 0-1", "an owner coming back goes to the end");
	ok(lock_holds(list, A) && lock_holds(list, B), "both hold locks");
	free_all(&list);
	ok(!lock_holds(list, A), "none after dropping");
}

static void test_flock(void)
{
	struct flock_lock *list = NULL;
	int changed;

	is(flock_set(&list, A, LOCK_SH, &changed), 0, "flock: a shared lock");
	is(flock_set(&list, B, LOCK_SH, &changed), 0, "a second shared lock");
	is(flock_set(&list, B, LOCK_EX, &changed), -EAGAIN, "no exclusive one while A shares");
	ok(changed, "that conversion let B's shared lock go all the same");
	is(flock_set(&list, A, LOCK_EX, &changed), 0, "A alone: its upgrade works");
	is(flock_set(&list, A, LOCK_EX, &changed), 0, "asking again is no error");
	ok(!changed, "and changes nothing");
	is(flock_set(&list, B, LOCK_SH, &changed), -EAGAIN,
	   "no shared lock beside an exclusive one");
	is(flock_set(&list, A, LOCK_UN, &changed), 0, "unlock");
	ok(changed && !list, "leaves no lock");
	is(flock_set(&list, B, LOCK_UN, &changed), 0, "an unlock without a lock is no error");
	ok(!flock_drop(&list, A), "nothing to drop");
}

int main(void)
{
	test_range();
	test_merge();
	test_split();
	test_conflicts();
	test_flock();
	return done_testing();
}
