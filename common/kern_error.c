/* Result-code names from the one list in masque/error.h. */
#include <kern_error.h>
#include <masque/error.h>

const char *kern_error_name(int64_t code)
{
	switch (code) {
#define KERN_NAME(v, name, text) \
	case name:               \
		return #name;
		MASQUE_ERRORS(KERN_NAME)
#undef KERN_NAME
	}
	return "not a kernel code";
}
