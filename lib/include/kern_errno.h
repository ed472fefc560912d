/*
 * Where a kernel failure code becomes a Linux errno value: the one mapping the Linux
 * personality uses for the KERN_* codes it meets (servers already answer with errno
 * values, which pass through untouched).
 */
#ifndef LIB_KERN_ERRNO_H
#define LIB_KERN_ERRNO_H

#include <errno.h>
#include <masque/error.h>
#include <stdint.h>

/* The errno value (positive) that a kernel failure stands for; 0 for anything else: 
 * success, a non-negative result, or an errno value a server answered. */
static inline int kern_to_errno(int64_t code)
{
	if (!kern_is_error(code))
		return 0;
	/* no default: -Wswitch names a KERN_* code added without its errno */
	switch ((enum kern_return)code) {
	case KERN_SUCCESS:
		return 0;
	case KERN_INVALID_NAME:
	case KERN_INVALID_RIGHT:
		return EBADF;
	case KERN_INVALID_ARGUMENT:
		return EINVAL;
	case KERN_RESOURCE_SHORTAGE:
	case KERN_NO_SPACE:
		return ENOMEM;
	case KERN_PORT_DEAD:
	case KERN_MEMORY_ERROR:
		return EIO;
	case KERN_TIMED_OUT:
		return ETIMEDOUT;
	case KERN_MSG_TOO_LARGE:
		return EMSGSIZE;
	case KERN_INVALID_ADDRESS:
		return EFAULT;
	case KERN_ABORTED:
	case KERN_RCV_ABORTED:
		return EINTR;
	case KERN_INVALID_TRAP:
		return ENOSYS;
	case KERN_NO_ACCESS:
		return EPERM;
	case KERN_INVALID_MSG:
		return EPROTO;
	case KERN_NAME_EXISTS:
		return EEXIST;
	case KERN_TERMINATED:
		return ESRCH;
	case KERN_BUSY:
		return EBUSY;
	case KERN_VALUE_CHANGED:
		return EAGAIN;
	}
	return 0;
}

#endif
