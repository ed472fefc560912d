/* How a program ends: atexit handlers, then the status given to exit. */
#include <stdio.h>
#include <stdlib.h>

static void last_words(void)
{
	printf("atexit handler ran\n");
}

int main(int argc, char **argv)
{
	atexit(last_words);
	printf("exiting with %d\n", atoi(argv[1]));
	exit(atoi(argv[1]));
}
