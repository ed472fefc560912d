/* Loop devices (loop.h): LOOP_SET_FD and LOOP_CONFIGURE give a device its file (the
 * descriptor's handle goes to the fs-server, which accepts only a file of its own),
 * LOOP_CLR_FD takes it away, LOOP_SET_STATUS64 and LOOP_GET_STATUS64 (and the old
 * LOOP_SET_STATUS and LOOP_GET_STATUS) change and tell its offset, size limit, flags
 * and name, LOOP_SET_CAPACITY is nothing to do (the size is always the file's), and
 * LOOP_CTL_GET_FREE on /dev/loop-control finds a free device. */
#include <errno.h>
#include <fs.h>
#include <linux/loop.h>
#include <string.h>
#include "errno_of.h"
#include "fd.h"
#include "loop.h"
#include "user.h"

int loop_request(uint32_t request)
{
	switch (request) {
	case LOOP_SET_FD:
	case LOOP_CONFIGURE:
	case LOOP_CLR_FD:
	case LOOP_SET_STATUS:
	case LOOP_GET_STATUS:
	case LOOP_SET_STATUS64:
	case LOOP_GET_STATUS64:
	case LOOP_SET_CAPACITY:
	case LOOP_CTL_GET_FREE:
		return 1;
	default:
		return 0;
	}
}

/* A program's file name field (LO_NAME_SIZE bytes, maybe unterminated) as a string. */
static void name_of(char name[LO_NAME_SIZE], const void *field)
{
	memcpy(name, field, LO_NAME_SIZE - 1);
	name[LO_NAME_SIZE - 1] = 0;
}

/* Give the device of h the file open as fd, with status info (NULL: none). */
static int64_t attach(port_name_t h, int fd, const struct loop_info64 *info)
{
	port_name_t file = fd_handle(fd);
	char name[LO_NAME_SIZE] = "";

	if (!file)
		return -EBADF;
	if (!info)
		return linux_result(rpc_fs_loop_attach(h, file, 0, 0, 0, name));
	name_of(name, info->lo_file_name);
	return linux_result(rpc_fs_loop_attach(h, file, info->lo_offset, info->lo_sizelimit,
					       info->lo_flags, name));
}

/* Set the status of the device of h. */
static int64_t set(port_name_t h, uint64_t offset, uint64_t sizelimit, uint32_t flags,
		   const void *name_field)
{
	char name[LO_NAME_SIZE];

	name_of(name, name_field);
	return linux_result(rpc_fs_loop_set_status(h, offset, sizelimit, flags, name));
}

/* A copy of the program's struct at arg, size bytes, into out: 0 or -EFAULT. */
static int64_t fetch(void *out, uint64_t arg, uint64_t size)
{
	if (!user_whole((const void *)arg, size) || user_copy(out, (const void *)arg, size))
		return -EFAULT;
	return 0;
}

/* The program's struct at arg, size bytes, from in: 0 or -EFAULT. */
static int64_t give(uint64_t arg, const void *in, uint64_t size)
{
	if (!user_whole((void *)arg, size) || user_copy((void *)arg, in, size))
		return -EFAULT;
	return 0;
}

static int64_t configure(port_name_t h, uint64_t arg)
{
	struct loop_config c;
	int64_t r = fetch(&c, arg, sizeof(c));

	return r ? r : attach(h, (int)c.fd, &c.info);
}

static int64_t set_status64(port_name_t h, uint64_t arg)
{
	struct loop_info64 i;
	int64_t r = fetch(&i, arg, sizeof(i));

	return r ? r : set(h, i.lo_offset, i.lo_sizelimit, i.lo_flags, i.lo_file_name);
}

/* The old struct loop_info, whose offset is an int. */
static int64_t set_status(port_name_t h, uint64_t arg)
{
	struct loop_info i;
	int64_t r = fetch(&i, arg, sizeof(i));

	if (r)
		return r;
	return i.lo_offset < 0 ? -EINVAL
			       : set(h, (uint64_t)i.lo_offset, 0, (uint32_t)i.lo_flags, i.lo_name);
}

/* What the fs-server says of the device of h. */
struct status {
	uint32_t number, flags;
	uint64_t dev, ino, offset, sizelimit;
	char name[LO_NAME_SIZE];
};

static int64_t status(port_name_t h, struct status *s)
{
	return linux_result(rpc_fs_loop_status(h, &s->number, &s->dev, &s->ino, &s->offset,
					       &s->sizelimit, &s->flags, s->name));
}

static int64_t get_status64(port_name_t h, uint64_t arg)
{
	struct status s;
	struct loop_info64 i;
	int64_t r = status(h, &s);

	if (r)
		return r;
	memset(&i, 0, sizeof(i));
	i.lo_device = s.dev, i.lo_inode = s.ino, i.lo_offset = s.offset;
	i.lo_sizelimit = s.sizelimit, i.lo_number = s.number, i.lo_flags = s.flags;
	memcpy(i.lo_file_name, s.name, sizeof(i.lo_file_name));
	return give(arg, &i, sizeof(i));
}

/* The old struct: Linux says EOVERFLOW where a value does not fit it. */
static int64_t get_status(port_name_t h, uint64_t arg)
{
	struct status s;
	struct loop_info i;
	int64_t r = status(h, &s);

	if (r)
		return r;
	if (s.offset > 0x7fffffff)
		return -EOVERFLOW;
	memset(&i, 0, sizeof(i));
	i.lo_number = (int)s.number, i.lo_device = s.dev, i.lo_inode = s.ino;
	i.lo_offset = (int)s.offset, i.lo_flags = (int)s.flags;
	memcpy(i.lo_name, s.name, sizeof(i.lo_name));
	return give(arg, &i, sizeof(i));
}

int64_t loop_ioctl(port_name_t h, uint32_t request, uint64_t arg)
{
	uint32_t number;
	int64_t r;

	switch (request) {
	case LOOP_SET_FD:
		return attach(h, (int)arg, NULL);
	case LOOP_CONFIGURE:
		return configure(h, arg);
	case LOOP_CLR_FD:
		return linux_result(rpc_fs_loop_detach(h));
	case LOOP_SET_STATUS64:
		return set_status64(h, arg);
	case LOOP_SET_STATUS:
		return set_status(h, arg);
	case LOOP_GET_STATUS64:
		return get_status64(h, arg);
	case LOOP_GET_STATUS:
		return get_status(h, arg);
	case LOOP_SET_CAPACITY: {
		struct status s;
		return status(h, &s);
	}
	default: /* LOOP_CTL_GET_FREE */
		r = linux_result(rpc_fs_loop_free(h, &number));
		return r ? r : number;
	}
}
