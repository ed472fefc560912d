/* The page arithmetic of include/masque/page_size.h, which kernel and native programs
 * share: rounding down and up, and the alignment test, at and around boundaries. */
#include <masque/page_size.h>
#include <stdint.h>
#include "tap.h"

int main(void)
{
	is(PAGE_SIZE, 1 << PAGE_SHIFT, "PAGE_SIZE is 1 << PAGE_SHIFT");
	is(page_round_down(0x1fff), 0x1000, "round down inside a page: its start");
	is(page_round_down(0x2000), 0x2000, "round down on a boundary: unchanged");
	is(page_round_down(0xffffffff80000123ull), 0xffffffff80000000ull,
	   "round down keeps the high bits of a kernel address");
	is(page_round_up(0x1001), 0x2000, "round up inside a page: the next boundary");
	is(page_round_up(0x1000), 0x1000, "round up on a boundary: unchanged");
	is(page_round_up(0), 0, "round up of 0 is 0");
	is(page_round_up(UINT64_MAX), 0, "round up past the top wraps to 0");
	ok(page_aligned(0x3000), "0x3000 is aligned");
	ok(!page_aligned(0x3800), "0x3800 is not aligned");
	ok(!page_aligned(1ull << 63 | 1), "an odd high address is not aligned");
	return done_testing();
}
