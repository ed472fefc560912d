/*
 * Where things are in the address space of a Linux program under Masque. The program
 * has the lower part as on Linux (its image where its ELF file says, a static-PIE one
 * at Linux's non-random base; the break after it; mappings from MMAP_BASE up); its
 * stack ends below emul, which is linked at EMUL_BASE and keeps its own memory (thread
 * blocks, stacks, file views) from EMUL_AREA up, out of the program's way.
 */
#ifndef EMUL_LAYOUT_H
#define EMUL_LAYOUT_H

#define PIE_BASE	  0x555555554000ull /* load address of a static-PIE program */
#define MMAP_BASE	  0x7f0000000000ull /* the lowest address mmap picks itself */
#define STACK_TOP	  0x7ffe00000000ull /* the program's stack grows down from here */
#define STACK_SIZE	  (8ull << 20)	    /* RLIMIT_STACK's default */
#define EMUL_BASE	  0x7fff00000000ull /* emul's image (emul/emul.ld) */
#define EMUL_AREA	  0x7fff40000000ull /* emul's own allocations, from here up */
#define EMUL_THREAD_STACK (64 * 1024)	    /* emul's stack per thread */

#endif
