/* The task's own ports, and its end. */
#include <self.h>
#include <stdio.h>
#include <stdlib.h>
#include <trap.h>

port_name_t self_task;
port_name_t bootstrap_port;

_Noreturn void exit(int status)
{
	(void)status;
	fflush_console();
	task_terminate(self_task);
	for (;;)
		thread_terminate(thread_self());
}

_Noreturn void abort(void)
{
	printf("abort\n");
	exit(1);
}
