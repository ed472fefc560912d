/* Supervisor-mode protections: the kernel neither runs user code (SMEP) nor touches
 * user pages outside its one copy instruction (SMAP), where the CPU has them. */
#ifndef ARCH_SMAP_H
#define ARCH_SMAP_H

/* Turn on what the CPU has, say so on the console. Before the kernel page tables. */
void smap_init(void);

#endif
