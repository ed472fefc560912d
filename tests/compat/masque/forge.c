/*
 * A program that forges what its emul asks of the process server (tests/compat/forge.t;
 * Masque only, TAP): emul is in the program's memory, so the program can call emul's
 * own functions, found by their symbols in /lib/masque/emul, and send proc.exec_setid
 * for any file, with any carry, or proc.vfork_share as if it were a vfork's child, or
 * as a vfork's child whose parent is no longer the memory it shares. The server must
 * refuse what Linux would not do, and a carry that does not hold together must end
 * the process, not run the program.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define EMUL "/lib/masque/emul"
/* Where a vfork child maps a page its parent's new image must not get: far from
 * anything the program or mmap's own choices use (emul/layout.h). */
#define STRAY 0x600000000000ull

static uint32_t (*fd_handle)(int fd);
static int64_t (*exec_setid)(uint32_t proc, uint32_t program, const void *carry, uint32_t size);
static int64_t (*vfork_share)(uint32_t proc, uint64_t addr, uint64_t size);
static const uint32_t *proc; /* emul's struct process begins with the process's port */
static int n;

static void check(const char *what, int ok)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n, what);
	fflush(stdout);
}

/* The address of emul's symbol name (emul is linked where it runs), or 0. */
static uint64_t symbol(const uint8_t *elf, const char *name)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(elf + eh->e_shoff);

	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		const Elf64_Sym *sym = (const Elf64_Sym *)(elf + sh[i].sh_offset);
		const char *names = (const char *)(elf + sh[sh[i].sh_link].sh_offset);
		for (uint64_t j = 0; j < sh[i].sh_size / sizeof(*sym); j++)
			if (!strcmp(names + sym[j].st_name, name))
				return sym[j].st_value;
	}
	return 0;
}

static int find_emul(void)
{
	int fd = open(EMUL, O_RDONLY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st))
		return -1;
	const uint8_t *elf = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (elf == MAP_FAILED)
		return -1;
	fd_handle = (uint32_t(*)(int))symbol(elf, "fd_handle");
	exec_setid = (int64_t(*)(uint32_t, uint32_t, const void *, uint32_t))symbol(
		elf, "rpc_proc_exec_setid");
	vfork_share = (int64_t(*)(uint32_t, uint64_t, uint64_t))symbol(elf, "rpc_proc_vfork_share");
	proc = (const uint32_t *)symbol(elf, "process");
	return fd_handle && exec_setid && vfork_share && proc ? 0 : -1;
}

/* proc.exec_setid for the file at path, by hand; its answer. */
static int64_t forge(const char *path, const void *carry, uint32_t size)
{
	int fd = open(path, O_RDONLY);
	int64_t r = fd < 0 ? -errno : exec_setid(*proc, fd_handle(fd), carry, size);

	close(fd);
	return r;
}

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0700);
	ssize_t got;

	if (in < 0 || out < 0)
		return -1;
	while ((got = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)got) != got)
			return -1;
	close(in);
	close(out);
	return chmod(to, mode);
}

/* In a child of uid 1000 (no_new_privs too if nnp): the forged answer for path as its
 * exit status (the errno), or how the child ended. */
static int as_user(const char *path, int nnp, const void *carry, uint32_t size)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(100);
		if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(101);
		_exit((int)-forge(path, carry, size));
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

/* proc.vfork_share of a page of ours from a fork's child: its answer, negated. */
static int share_from_fork_child(void *page)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit((int)-vfork_share(*proc, (uint64_t)page, 4096));
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A vfork's child whose parent was killed, so that init is its parent now (under
 * ./build.sh exec, the process server itself): what proc.vfork_share answers it,
 * negated (through a pipe: init reaps it). */
static int share_after_parent_killed(void *page)
{
	int fds[2], answer = -1, st;
	pid_t parent;

	if (pipe(fds))
		return -1;
	parent = fork();
	if (parent == 0) {
		if (vfork() == 0) {
			kill(getppid(), SIGKILL);
			while (getppid() != 1)
				sched_yield();
			answer = (int)-vfork_share(*proc, (uint64_t)page, 4096);
			write(fds[1], &answer, sizeof(answer));
			_exit(0);
		}
		_exit(1); /* never: the child killed us */
	}
	close(fds[1]);
	if (read(fds[0], &answer, sizeof(answer)) != sizeof(answer))
		answer = -1;
	close(fds[0]);
	return waitpid(parent, &st, 0) == parent && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL
		       ? answer
		       : -1;
}

static volatile int child_waits; /* the vfork's child's word to the other thread */
static char *exec_args[4];

static void *exec_when_told(void *unused)
{
	(void)unused;
	while (!child_waits)
		sched_yield();
	execv(exec_args[0], exec_args);
	_exit(102);
}

/* The vfork's child of share_after_parent_execd: once its parent has become a new image, a page
 * mapped at STRAY (which emul asks shown in the parent) and proc.vfork_share asked
 * by hand; the answer, negated, as its exit status. */
static void stray_share(int ready)
{
	char c;

	child_waits = 1;
	if (read(ready, &c, 1) != 1)
		_exit(103);
	if (mmap((void *)STRAY, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)STRAY)
		_exit(104);
	_exit((int)-vfork_share(*proc, STRAY, 4096));
}

/* As uid 1000, one thread vforks while another execs the set-uid program setuid_path
 * (the process server's exec: a new task), whose new image, after_exec, hears of the
 * child's share; how the process ended (0: refused, and nothing came into the image). */
static int share_after_parent_execd(const char *setuid_path)
{
	static char ready_arg[16];
	int ready[2], st;
	pthread_t t;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000) || pipe(ready))
			_exit(100);
		snprintf(ready_arg, sizeof(ready_arg), "%d", ready[1]);
		exec_args[0] = (char *)setuid_path, exec_args[1] = "after-exec";
		exec_args[2] = ready_arg;
		if (pthread_create(&t, 0, exec_when_told, 0))
			_exit(101);
		if (vfork() == 0) {
			close(ready[1]); /* should the exec fail, the read sees the end */
			stray_share(ready[0]);
		}
		_exit(105); /* never: the exec ended this thread */
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

/* The new image of share_after_parent_execd: it lets the vfork's child go on and says
 * whether the child was refused (ESRCH) and nothing of its came to STRAY here: 0, or
 * what went wrong. */
static int after_exec(int ready)
{
	int st;
	pid_t child;

	if (write(ready, "x", 1) != 1 || (child = wait(&st)) < 0 || !WIFEXITED(st))
		return 110;
	if (msync((void *)STRAY, 4096, MS_ASYNC) == 0)
		return 111; /* the child's page is here */
	return WEXITSTATUS(st) == ESRCH ? 0 : 112;
}

int main(int argc, char **argv)
{
	static const char nonsense[64] = { 0xff, 0xff, 0xff, 0xff };
	int pipefd[2];

	if (argc == 3 && !strcmp(argv[1], "after-exec"))
		return after_exec(atoi(argv[2]));
	printf("1..10\n");
	check("emul's functions found by their symbols", find_emul() == 0);
	check("a file without the set-uid bit: EPERM", forge(argv[0], 0, 0) == -EPERM);
	pipe(pipefd);
	check("a handle that is no file of the fs-server's (a pipe): EACCES",
	      exec_setid(*proc, fd_handle(pipefd[0]), 0, 0) == -EACCES);
	copy_file(argv[0], "/forge.root", 04755);
	copy_file(argv[0], "/forge.private", 04700);
	check("a set-uid file the caller may not execute: EACCES",
	      as_user("/forge.private", 0, 0, 0) == EACCES);
	check("a set-uid file after no_new_privs: EPERM", as_user("/forge.root", 1, 0, 0) == EPERM);
	check("a set-uid file with a carry that does not hold together: the process ends by "
	      "SIGSEGV, the program never runs",
	      as_user("/forge.root", 0, nonsense, sizeof(nonsense)) == 1000 + SIGSEGV);
	unlink("/forge.private");
	void *page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check("proc.vfork_share from a process that is no vfork's child: EPERM",
	      vfork_share(*proc, (uint64_t)page, 4096) == -EPERM);
	check("nor from a fork's child, which would change its parent's memory: EPERM",
	      share_from_fork_child(page) == EPERM);
	check("nor from a vfork's child whose parent was killed (init's child now): ESRCH",
	      share_after_parent_killed(page) == ESRCH);
	int execd = share_after_parent_execd("/forge.root");
	check("nor from one whose parent exec'd a set-uid program from another thread: ESRCH, "
	      "its new image untouched",
	      execd == 0);
	if (execd)
		printf("# the new image said %d\n", execd);
	unlink("/forge.root");
	return 0;
}
