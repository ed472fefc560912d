/* Stopping the machine: QEMU's isa-debug-exit when present, else halt forever. */
#ifndef KERN_POWER_H
#define KERN_POWER_H

/* Exit codes QEMU reports as (code << 1) | 1. */
#define POWER_OK    0
#define POWER_FAIL  1
#define POWER_PANIC 2

_Noreturn void power_off(int code);

#endif
