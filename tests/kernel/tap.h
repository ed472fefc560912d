/*
 * TAP for in-VM tests: each check prints "ok - DESCRIPTION" or "not ok - ...";
 * the host harness (tools/vmtap.py) numbers them. Helpers to start child tasks
 * made from the test's own memory.
 */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <masque/types.h>
#include <stddef.h>
#include <stdint.h>

/* Report one check; returns cond. */
int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A check that a trap returned what was expected. */
#define is(got, want, what) is_at((int64_t)(got), (int64_t)(want), what, __LINE__)
int is_at(int64_t got, int64_t want, const char *what, int line);
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Start fn(arg) in a new task made from ours (memory copy-on-write, our send rights
 * at the same names); returns a send right to the task. */
int64_t spawn(void (*fn)(uint64_t), uint64_t arg);
/* The same with other TASK_INHERIT_* flags (memory is always inherited), and a send
 * right to its thread in *thread if thread is not NULL. */
int64_t spawn_flags(void (*fn)(uint64_t), uint64_t arg, unsigned flags, port_name_t *thread);
/* Wait until a task ends (its task port dies), at most timeout_ms. */
int wait_task_end(port_name_t task, uint64_t timeout_ms);
/* A new port with a send right under the same name; PORT_NULL if none can be had. */
port_name_t new_port(void);
/* Run fn(arg) in a new thread of our own task, on a stack of THREAD_STACK bytes at
 * stack (or a new one if stack is 0); -> the thread's name. */
#define THREAD_STACK 16384
int64_t start_thread_on(void (*fn)(uint64_t), uint64_t arg, int64_t stack);
/* The same with a new stack, the thread's name dropped. */
void start_thread(void (*fn)(uint64_t), uint64_t arg);
/* Sleep, waiting on a port nobody sends to. */
void sleep_ms(uint64_t ms);

#endif
