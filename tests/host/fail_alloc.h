/* One allocation that fails on demand, for host tests linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc (tests/host/tmpfs_build.sh): the code
 * under test sees NULL where a machine out of memory would give it. */
#ifndef TESTS_HOST_FAIL_ALLOC_H
#define TESTS_HOST_FAIL_ALLOC_H

/* The allocation after the next `after` ones fails, once; the others succeed. */
void fail_alloc_arm(unsigned after);
/* No failure any more; returns whether the armed one happened. */
int fail_alloc_disarm(void);

#endif
