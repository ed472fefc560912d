/* The Unix permission rules of fs-server/perm.c, one rule a check, each with the case
 * that tells a right implementation from a plausible slip. */
#include <errno.h>
#include "perm.h"
#include "tap.h"

static const struct identity root = { 0, 0, 0, { 0 } };
static const struct identity alice = { 1000, 100, 1, { 20 } }; /* group 100, also 20 */
static const struct identity bob = { 1001, 101, 0, { 0 } };

static struct file_owner file(uint32_t mode, uint32_t uid, uint32_t gid)
{
	return (struct file_owner){ mode, uid, gid };
}

static void test_access(void)
{
	struct file_owner f = file(0100640, 1000, 20); /* rw- r-- ---, alice's, group 20 */

	is(perm_access(&alice, &f, PERM_READ | PERM_WRITE), 0, "the owner reads and writes");
	is(perm_access(&alice, &f, PERM_EXEC), -EACCES, "but may not execute");
	struct identity carol = { 1002, 20, 0, { 0 } };
	is(perm_access(&carol, &f, PERM_READ), 0, "the group (primary) reads");
	is(perm_access(&carol, &f, PERM_WRITE), -EACCES, "but may not write");
	struct identity dave = { 1003, 5, 1, { 20 } };
	is(perm_access(&dave, &f, PERM_READ), 0, "a supplementary group counts too");
	is(perm_access(&bob, &f, PERM_READ), -EACCES, "others may not read");
	struct file_owner g = file(0100604, 1000, 100); /* owner rw-, group ---, others r-- */
	is(perm_access(&alice, &g, PERM_READ), 0, "the owner class decides for the owner");
	struct file_owner h = file(0100064, 1000, 100); /* owner ---, group rw-, others r-- */
	is(perm_access(&alice, &h, PERM_READ), -EACCES,
	   "an owner without the bit is refused though group and others have it");
	is(perm_access(&root, &h, PERM_READ | PERM_WRITE), 0, "root reads and writes anything");
	is(perm_access(&root, &f, PERM_EXEC), -EACCES,
	   "root may not execute a file nobody may execute");
	is(perm_access(&root, &h, PERM_EXEC), -EACCES,
	   "the same for a file readable and writable by some");
	struct file_owner x = file(0100001, 1000, 100);
	is(perm_access(&root, &x, PERM_EXEC), 0, "but one anybody may execute");
	struct file_owner d = file(0040000, 1000, 100);
	is(perm_access(&root, &d, PERM_EXEC), 0, "and root searches any directory");
}

static void test_remove(void)
{
	struct file_owner tmp = file(0041777, 0, 0), mine = file(0100600, 1000, 100);
	struct file_owner theirs = file(0100666, 1001, 101);

	is(perm_remove(&alice, &tmp, &mine), 0, "in a sticky directory one removes one's own");
	is(perm_remove(&alice, &tmp, &theirs), -EPERM, "but not another's, writable or not");
	is(perm_remove(&root, &tmp, &theirs), 0, "root removes anything");
	struct file_owner alices_tmp = file(0041777, 1000, 100);
	is(perm_remove(&alice, &alices_tmp, &theirs), 0, "the directory's owner does too");
	struct file_owner plain = file(0040777, 0, 0);
	is(perm_remove(&alice, &plain, &theirs), 0, "without the sticky bit, write access is all");
	struct file_owner ro = file(0040755, 0, 0);
	is(perm_remove(&alice, &ro, &mine), -EACCES, "a directory one may not write");
	struct file_owner noexec = file(0040776, 0, 0);
	is(perm_remove(&alice, &noexec, &mine), -EACCES, "or may not search");
}

static void test_chmod(void)
{
	struct file_owner f = file(0100644, 1000, 100);
	uint32_t mode = 02755;

	is(perm_chmod(&bob, &f, &mode), -EPERM, "only the owner changes the mode");
	is(perm_chmod(&alice, &f, &mode), 0, "the owner does");
	is(mode, 02755, "keeping set-group-id on a file of its own group");
	struct file_owner g = file(0100644, 1000, 7);
	mode = 02755;
	is(perm_chmod(&alice, &g, &mode), 0, "the owner, outside the file's group");
	is(mode, 0755, "loses set-group-id");
	mode = 02755;
	is(perm_chmod(&root, &g, &mode), 0, "root");
	is(mode, 02755, "keeps it");
}

static void test_chown(void)
{
	struct file_owner f = file(0100644, 1000, 100);

	is(perm_chown(&alice, &f, 1001, (uint32_t)-1), -EPERM, "giving a file away takes root");
	is(perm_chown(&root, &f, 1001, 7), 0, "root gives it to anyone");
	is(perm_chown(&alice, &f, (uint32_t)-1, 20), 0, "the owner moves it to a group of hers");
	is(perm_chown(&alice, &f, (uint32_t)-1, 7), -EPERM, "not to another group");
	is(perm_chown(&alice, &f, 1000, 100), 0, "the owner may name what it is already");
	is(perm_chown(&bob, &f, (uint32_t)-1, 100), -EPERM,
	   "another may not, even naming the group it has");
	is(perm_chown(&bob, &f, (uint32_t)-1, (uint32_t)-1), 0, "changing nothing is allowed");
}

static void test_utimes(void)
{
	struct file_owner f = file(0100666, 1000, 100), g = file(0100644, 1000, 100);

	is(perm_utimes(&bob, &f, 0), 0, "anyone who may write sets the times to now");
	is(perm_utimes(&bob, &g, 0), -EACCES, "one who may not write may not");
	is(perm_utimes(&bob, &f, 1), -EPERM, "chosen times take the owner");
	is(perm_utimes(&alice, &g, 1), 0, "who may set them");
	is(perm_utimes(&root, &g, 1), 0, "as root may");
}

static void test_reauthenticate(void)
{
	struct identity same = alice, fewer = { 1000, 100, 0, { 0 } }, other = bob;
	struct identity more = { 1000, 100, 2, { 20, 0 } };

	is(perm_reauthenticate(&root, &other), 0, "root takes any identity");
	is(perm_reauthenticate(&alice, &same), 0, "one may keep one's own");
	is(perm_reauthenticate(&alice, &fewer), 0, "or drop groups");
	is(perm_reauthenticate(&alice, &other), -EPERM, "but not become another");
	is(perm_reauthenticate(&alice, &more), -EPERM, "nor gain a group (root's, 0)");
}

int main(void)
{
	test_access();
	test_remove();
	test_chmod();
	test_chown();
	test_utimes();
	test_reauthenticate();
	return done_testing();
}
