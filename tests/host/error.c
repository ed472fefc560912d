/*
 * The kernel's result codes (include/masque/error.h) and their one mapping to Linux
 * errno values (lib/include/kern_errno.h): every failure code lies outside the errno
 * range and is distinct, kern_is_error knows exactly the failure codes, and
 * kern_to_errno maps each of them and nothing else; kern_error_name (common/) names
 * each code and nothing else.
 */
#include <masque/error.h>
#include <stdint.h>
#include <string.h>
#include "kern_error.h"
#include "kern_errno.h"
#include "tap.h"

#define EACCES_VALUE 13
#define ERRNO_MAX    4095 /* Linux's errno values run from 1 to this */

struct code {
	int64_t value;
	const char *name;
};

static const struct code codes[] = {
#define KERN_ENTRY(v, name, text) { name, #name },
	MASQUE_ERRORS(KERN_ENTRY)
#undef KERN_ENTRY
};

#define NCODES (sizeof(codes) / sizeof(codes[0]))

static int64_t magnitude(int64_t v)
{
	return v < 0 ? -v : v;
}

static void outside_errno_range(void)
{
	for (unsigned i = 1; i < NCODES; i++)
		ok(magnitude(codes[i].value) > ERRNO_MAX, "%s (%ld) lies outside the errno range",
		   codes[i].name, (long)codes[i].value);
}

static void distinct(void)
{
	for (unsigned i = 0; i < NCODES; i++) {
		unsigned same = 0;
		for (unsigned j = 0; j < NCODES; j++)
			same += codes[j].value == codes[i].value;
		is(same, 1, "no other code has the value of %s", codes[i].name);
	}
}

static void classified(void)
{
	ok(!kern_is_error(KERN_SUCCESS), "KERN_SUCCESS is not a failure");
	for (unsigned i = 1; i < NCODES; i++)
		ok(kern_is_error(codes[i].value), "%s is a kernel failure", codes[i].name);
}

static void mapped(void)
{
	for (unsigned i = 1; i < NCODES; i++) {
		int e = kern_to_errno(codes[i].value);
		ok(e >= 1 && e <= ERRNO_MAX, "%s maps to an errno value (%d)", codes[i].name, e);
	}
}

/* Values that are no kernel failure: classified as none and mapped to nothing. */
static const int64_t others[] = { 0,
				  1,
				  4096,
				  INT64_MAX,
				  -KERN_ERROR_BASE,
				  -(KERN_ERROR_BASE + 20),
				  KERN_ERROR_BASE + 3,
				  INT64_MIN };

static void rejected(void)
{
	unsigned errno_hits = 0;

	for (int64_t e = 1; e <= ERRNO_MAX; e++)
		errno_hits += kern_is_error(-e) || kern_to_errno(-e);
	is(errno_hits, 0, "no negated errno value is taken for a kernel failure");
	for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		ok(!kern_is_error(others[i]), "%ld is not a kernel failure", (long)others[i]);
		is(kern_to_errno(others[i]), 0, "%ld maps to no errno value", (long)others[i]);
	}
}

static void named(void)
{
	for (unsigned i = 0; i < NCODES; i++)
		ok(!strcmp(kern_error_name(codes[i].value), codes[i].name), "%s is named",
		   codes[i].name);
	ok(!strcmp(kern_error_name(-EACCES_VALUE), "not a kernel code"), "-13 has no name");
	ok(!strcmp(kern_error_name(1), "not a kernel code"), "neither has 1");
}

int main(void)
{
	outside_errno_range();
	distinct();
	classified();
	mapped();
	rejected();
	named();
	return done_testing();
}
