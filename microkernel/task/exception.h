/* CPU faults of user threads, reported as RPCs to the task's exception port. */
#ifndef TASK_EXCEPTION_H
#define TASK_EXCEPTION_H

#include <stdint.h>

struct trapframe;
struct kmsg;

/* A fault the VM layer could not resolve: ask the handler, or kill the task. */
void exception_raise(struct trapframe *tf, unsigned exception, uint64_t code, uint64_t address);
/* A reply arrived on a thread's exception reply port. */
void exception_reply(struct kmsg *k);

#endif
