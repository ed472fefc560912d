/*
 * The arguments of each call as --trace shows them (trace.c), one letter each, in
 * order: f a descriptor (AT_FDCWD by name), p a path, b a buffer written (its length
 * the next argument), B a buffer read (its length the call's result), O open flags,
 * m a mode (octal), s a signal, P mmap's protection, M mmap's flags, d an int, l a
 * long, u an unsigned size, x an address or flags in hex.
 */
#ifndef EMUL_TRACE_SHAPES_H
#define EMUL_TRACE_SHAPES_H

// clang-format off
#define TRACE_SHAPES(X) \
	X(read, "fBu") X(write, "fbu") X(readv, "fxd") X(writev, "fxd") \
	X(pread64, "fBul") X(pwrite64, "fbul") X(preadv, "fxdl") X(pwritev, "fxdl") \
	X(open, "pOm") X(openat, "fpOm") X(creat, "pm") X(close, "f") X(lseek, "fld") \
	X(fstat, "fx") X(stat, "px") X(lstat, "px") X(newfstatat, "fpxx") \
	X(statx, "fpxux") X(ioctl, "fxx") X(fsync, "f") X(fdatasync, "f") X(sync, "") \
	X(syncfs, "f") X(dup, "f") X(dup2, "ff") X(dup3, "ffx") X(fcntl, "fdx") \
	X(getdents64, "fxu") X(chdir, "p") X(fchdir, "f") X(getcwd, "xu") \
	X(mkdir, "pm") X(mkdirat, "fpm") X(mknod, "pmx") X(mknodat, "fpmx") \
	X(unlink, "p") X(unlinkat, "fpx") X(rmdir, "p") X(rename, "pp") \
	X(renameat, "fpfp") X(renameat2, "fpfpx") X(link, "pp") X(linkat, "fpfpx") \
	X(symlink, "pp") X(symlinkat, "pfp") X(readlink, "pxu") X(readlinkat, "fpxu") \
	X(access, "pd") X(faccessat, "fpd") X(faccessat2, "fpdx") X(chmod, "pm") \
	X(fchmod, "fm") X(fchmodat, "fpm") X(chown, "pdd") X(lchown, "pdd") \
	X(fchown, "fdd") X(fchownat, "fpddx") X(utimensat, "fpxx") X(truncate, "pl") \
	X(ftruncate, "fl") X(brk, "x") X(mmap, "xuPMfl") X(munmap, "xu") \
	X(mprotect, "xuP") X(msync, "xux") X(exit, "d") X(exit_group, "d") \
	X(mremap, "xuuxx") X(madvise, "xud") \
	X(getpid, "") X(gettid, "") X(getppid, "") X(getuid, "") X(geteuid, "") \
	X(getgid, "") X(getegid, "") X(set_tid_address, "x") X(set_robust_list, "xu") \
	X(arch_prctl, "dx") X(rt_sigprocmask, "dxxu") X(rt_sigaction, "sxxu") \
	X(clock_gettime, "dx") X(clock_getres, "dx") X(gettimeofday, "xx") X(time, "x") \
	X(nanosleep, "xx") X(clock_nanosleep, "ddxx") X(uname, "x") X(umask, "m") \
	X(prlimit64, "ddxx") X(getrlimit, "dx") X(setrlimit, "dx") X(getrandom, "xux") \
	X(sched_yield, "") X(sched_getaffinity, "dux") X(sched_setaffinity, "dux") \
	X(fork, "") X(vfork, "") X(clone, "xxxxx") X(clone3, "xu") X(wait4, "dxdx") \
	X(waitid, "ddxdx") X(execve, "pxx") X(pipe, "x") X(pipe2, "xO") \
	X(futex, "xduxxd") X(setpgid, "dd") X(getpgid, "d") X(getpgrp, "") \
	X(setsid, "") X(getsid, "d") X(kill, "ds") X(tkill, "ds") X(tgkill, "dds") \
	X(rt_sigreturn, "") X(rt_sigpending, "xu") X(rt_sigsuspend, "xu") X(pause, "") \
	X(sigaltstack, "xx") X(rt_sigtimedwait, "xxxu") X(rt_sigqueueinfo, "dsx") \
	X(rt_tgsigqueueinfo, "ddsx") X(alarm, "u") X(setitimer, "dxx") \
	X(getitimer, "dx") X(setuid, "d") X(setgid, "d") X(setreuid, "dd") \
	X(setregid, "dd") X(setresuid, "ddd") X(setresgid, "ddd") X(getresuid, "xxx") \
	X(getresgid, "xxx") X(getgroups, "dx") X(setgroups, "dx") X(prctl, "dxxxx") \
	X(membarrier, "ddd") X(get_robust_list, "dxx") X(poll, "xud") \
	X(ppoll, "xuxxu") X(select, "dxxxx") X(pselect6, "dxxxxx") X(sysinfo, "x") \
	X(getrusage, "dx") X(times, "x") X(sendfile, "ffxu") X(flock, "fx") \
	X(socket, "ddd") X(socketpair, "dddx") X(connect, "fxu") X(sendto, "fbuxxu")
// clang-format on

#endif
