/* The clock page, mapped into every task. */
#ifndef VM_VM_CLOCK_H
#define VM_VM_CLOCK_H

struct vm_map;

int vm_clock_init(void);
int vm_clock_map(struct vm_map *m);

#endif
