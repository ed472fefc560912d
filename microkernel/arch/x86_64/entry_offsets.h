/*
 * What the syscall entry reads of C structures and numbers, without C: each is
 * checked where it is defined (task/thread.h, task/task.h, kern/syscall.c), so that
 * a change there fails the build instead of the entry.
 */
#ifndef ARCH_ENTRY_OFFSETS_H
#define ARCH_ENTRY_OFFSETS_H

#define EMULATION_ENTRY	   0 /* struct emulation */
#define EMULATION_CODE	   8
#define EMULATION_CODE_END 16

#define TRAP_MSG 1 /* the message trap's number (masque/traps.h) */

#endif
