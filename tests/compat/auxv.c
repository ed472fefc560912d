/* The auxiliary vector exec leaves: the page size, clock ticks, entry point (the
 * program's _start), program headers (this program's own), ids, AT_SECURE,
 * AT_EXECFN and AT_PLATFORM, 16 AT_RANDOM bytes; and argv, envp as laid out. */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "report.h"

extern char _start[];
extern char **environ;

int main(int argc, char **argv)
{
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	int zeros = 0, load = 0;

	printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
	printf("AT_CLKTCK %lu\n", getauxval(AT_CLKTCK));
	printf("AT_ENTRY is _start: %d\n", getauxval(AT_ENTRY) == (unsigned long)_start);
	printf("AT_PHENT %lu\n", getauxval(AT_PHENT));
	for (unsigned long i = 0; ph && i < getauxval(AT_PHNUM); i++)
		load += ph[i].p_type == PT_LOAD;
	printf("AT_PHDR holds the program's loadable segments: %d\n", load > 0);
	printf("ids: %lu %lu %lu %lu, secure %lu\n", getauxval(AT_UID), getauxval(AT_EUID),
	       getauxval(AT_GID), getauxval(AT_EGID), getauxval(AT_SECURE));
	printf("AT_EXECFN is argv[0]: %d\n", !strcmp((char *)getauxval(AT_EXECFN), argv[0]));
	printf("AT_PLATFORM %s\n", (char *)getauxval(AT_PLATFORM));
	for (int i = 0; rnd && i < 16; i++)
		zeros += !rnd[i];
	printf("AT_RANDOM not all zero: %d\n", rnd && zeros < 16);
	printf("AT_HWCAP2 and AT_MINSIGSTKSZ present: %d\n", getauxval(AT_MINSIGSTKSZ) > 0);
	printf("argc %d, argv[argc] NULL %d, environ follows argv %d\n", argc, argv[argc] == NULL,
	       environ == argv + argc + 1);
	printf("the stack is 16-byte aligned at main: %d\n",
	       ((unsigned long)__builtin_frame_address(0) & 15) == 0);
	return 0;
}
