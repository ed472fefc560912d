/*
 * Linux system calls in emul: one table from number to handler (syscall.c); each
 * handler is defined with SYSCALLn(name, type, arg, ...), which gives it typed
 * arguments taken from the frame in the Linux order (rdi, rsi, rdx, r10, r8, r9).
 * Its result goes to rax: a value, or a negated errno.
 */
#ifndef EMUL_SYSCALL_H
#define EMUL_SYSCALL_H

#include <stdint.h>
#include "frame.h"

typedef int64_t syscall_fn(struct frame *f);

#define SYSCALL_WRAP(name, args, ...)          \
	static int64_t do_##name(__VA_ARGS__); \
	int64_t sys_##name(struct frame *f)    \
	{                                      \
		(void)f;                       \
		return do_##name args;         \
	}                                      \
	static int64_t do_##name(__VA_ARGS__)

#define SYSCALL0(name)		       SYSCALL_WRAP(name, (), void)
#define SYSCALL1(name, t1, a1)	       SYSCALL_WRAP(name, ((t1)f->rdi), t1 a1)
#define SYSCALL2(name, t1, a1, t2, a2) SYSCALL_WRAP(name, ((t1)f->rdi, (t2)f->rsi), t1 a1, t2 a2)
#define SYSCALL3(name, t1, a1, t2, a2, t3, a3) \
	SYSCALL_WRAP(name, ((t1)f->rdi, (t2)f->rsi, (t3)f->rdx), t1 a1, t2 a2, t3 a3)
#define SYSCALL4(name, t1, a1, t2, a2, t3, a3, t4, a4)                                            \
	SYSCALL_WRAP(name, ((t1)f->rdi, (t2)f->rsi, (t3)f->rdx, (t4)f->r10), t1 a1, t2 a2, t3 a3, \
		     t4 a4)
#define SYSCALL5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                                 \
	SYSCALL_WRAP(name, ((t1)f->rdi, (t2)f->rsi, (t3)f->rdx, (t4)f->r10, (t5)f->r8), t1 a1, \
		     t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)                             \
	SYSCALL_WRAP(name, ((t1)f->rdi, (t2)f->rsi, (t3)f->rdx, (t4)f->r10, (t5)f->r8, (t6)f->r9), \
		     t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* The calls emul implements, by Linux name; each has a handler sys_NAME. */
// clang-format off
#define IMPLEMENTED(X) \
	X(read) X(write) X(readv) X(writev) X(pread64) X(pwrite64) X(preadv) X(pwritev) \
	X(open) X(openat) X(creat) X(close) X(lseek) X(fstat) X(stat) X(lstat) X(newfstatat) \
	X(ioctl) X(fsync) \
	X(fdatasync) X(sync) X(syncfs) X(dup) X(dup2) X(dup3) X(fcntl) X(getdents64) \
	X(chdir) X(fchdir) X(getcwd) X(mkdir) X(mkdirat) X(mknod) X(mknodat) X(unlink) \
	X(unlinkat) X(rmdir) X(rename) X(renameat) X(renameat2) X(link) X(linkat) \
	X(symlink) X(symlinkat) X(readlink) X(readlinkat) X(access) X(faccessat) \
	X(faccessat2) X(chmod) X(fchmod) X(fchmodat) X(chown) X(lchown) X(fchown) \
	X(fchownat) X(utimensat) X(truncate) X(ftruncate) X(brk) X(mmap) X(munmap) \
	X(mprotect) X(msync) X(exit) X(exit_group) X(getpid) X(gettid) X(getppid) X(getuid) \
	X(mremap) X(madvise) \
	X(geteuid) X(getgid) X(getegid) X(set_tid_address) X(set_robust_list) \
	X(arch_prctl) X(rt_sigprocmask) X(rt_sigaction) X(clock_gettime) X(clock_getres) \
	X(gettimeofday) X(time) X(nanosleep) X(clock_nanosleep) X(uname) X(umask) \
	X(prlimit64) X(getrlimit) X(setrlimit) X(getrandom) X(sched_yield) \
	X(sched_getaffinity) X(fork) X(vfork) X(clone) X(wait4) X(execve) X(pipe) X(pipe2) \
	X(clone3) X(futex) X(setpgid) X(getpgid) X(getpgrp) X(setsid) X(getsid) X(statx) \
	X(kill) X(tkill) X(tgkill) X(rt_sigreturn) X(rt_sigpending) X(rt_sigsuspend) \
	X(socket) X(socketpair) X(connect) X(sendto) \
	X(pause) X(sigaltstack) X(rt_sigtimedwait) X(alarm) X(setitimer) X(getitimer) \
	X(waitid) X(setuid) X(setgid) X(setreuid) X(setregid) X(setresuid) X(setresgid) \
	X(getresuid) X(getresgid) X(getgroups) X(setgroups) X(prctl) X(membarrier) \
	X(sched_setaffinity) X(get_robust_list) X(rt_sigqueueinfo) X(rt_tgsigqueueinfo) \
	X(poll) X(ppoll) X(select) X(pselect6) X(sysinfo) X(getrusage) X(times) X(sendfile) \
	X(flock) X(reboot) X(sethostname) X(mount) X(umount2) X(statfs) X(fstatfs)
// clang-format on

#define DECLARE(name) syscall_fn sys_##name;
IMPLEMENTED(DECLARE)
#undef DECLARE

/* What the program's syscall instruction asked for, done: called by emul_entry. */
void linux_syscall(struct frame *f);

#endif
