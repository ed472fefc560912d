/* Terminal ioctls (tty.h): each request's argument as Linux lays it out (struct
 * termios as the kernel's, asm-generic/termbits.h; struct winsize; an int by pointer
 * or by value), with the caller's process port, through which the terminal server
 * learns its session and group from the process server. */
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <errno.h>
#include <fs.h>
#include <masque/rights.h>
#include <trap.h>
#include <tty.h>
#include "errno_of.h"
#include "process.h"
#include "thread.h"
#include "tty.h"
#include "user.h"

/* A request: the bytes it reads from the program and writes back; by_value: the
 * argument is the int itself, not a pointer. */
struct request {
	uint32_t number;
	uint8_t in, out, by_value;
};

static const struct request requests[] = {
	{ TCGETS, 0, sizeof(struct termios), 0 },
	{ TCSETS, sizeof(struct termios), 0, 0 },
	{ TCSETSW, sizeof(struct termios), 0, 0 },
	{ TCSETSF, sizeof(struct termios), 0, 0 },
	{ TIOCGWINSZ, 0, sizeof(struct winsize), 0 },
	{ TIOCSWINSZ, sizeof(struct winsize), 0, 0 },
	{ TIOCGPGRP, 0, sizeof(int), 0 },
	{ TIOCSPGRP, sizeof(int), 0, 0 },
	{ TIOCSCTTY, sizeof(int), 0, 1 },
	{ TIOCNOTTY, 0, 0, 0 },
	{ TIOCGSID, 0, sizeof(int), 0 },
	{ FIONREAD, 0, sizeof(int), 0 },
	{ TIOCOUTQ, 0, sizeof(int), 0 },
	{ TCFLSH, sizeof(int), 0, 1 },
	{ TCXONC, sizeof(int), 0, 1 },
	{ TCSBRK, sizeof(int), 0, 1 },
	{ TIOCGPTN, 0, sizeof(int), 0 },
	{ TIOCSPTLCK, sizeof(int), 0, 0 },
};

static const struct request *request_of(uint32_t number)
{
	for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (requests[i].number == number)
			return &requests[i];
	return 0;
}

int64_t tty_ioctl(port_name_t h, uint32_t number, uint64_t arg)
{
	const struct request *rq = request_of(number);
	uint8_t in[64], out[64];
	uint32_t out_len = 0;
	int32_t value = (int32_t)arg;
	int64_t r;

	if (!rq)
		return -ENOTTY;
	if (rq->by_value)
		__builtin_memcpy(in, &value, sizeof(value));
	else if (rq->in && (!user_whole((void *)arg, rq->in) || user_copy(in, (void *)arg, rq->in)))
		return -EFAULT;
	if (rq->out && !user_whole((void *)arg, rq->out))
		return -EFAULT;
	r = rpc_fs_ioctl(h, number, process.proc, in, rq->in, out, &out_len);
	if (r < 0)
		return linux_result(r);
	if (rq->out && (out_len != rq->out || user_copy((void *)arg, out, out_len)))
		return -EFAULT;
	return r;
}

int64_t tty_open_controlling(port_name_t *handle)
{
	port_name_t terminal;
	int64_t r = rpc_tty_controlling(*handle, process.proc, &terminal);

	port_mod_refs(*handle, RIGHT_SEND, -1);
	if (r < 0)
		return linux_result(r);
	*handle = terminal;
	return 0;
}

int64_t tty_read_checked(port_name_t h, char *buf, uint32_t n, uint32_t *got)
{
	return rpc_tty_read(h, process.proc, this_thread()->blocked, n, buf, got);
}

int64_t tty_write_checked(port_name_t h, const char *buf, uint32_t n)
{
	return rpc_tty_write(h, process.proc, this_thread()->blocked, buf, n);
}
