/* A program that touches address 0: Linux kills it with SIGSEGV (status 139 in the
 * shell). What it wrote before with write(2) is kept. */
#include <unistd.h>

int main(void)
{
	write(1, "before the fault\n", 17);
	*(volatile int *)0 = 1;
	write(1, "after the fault\n", 16);
	return 0;
}
