/* From _start to main: the task's own ports, then main, then the end of the task. */
#include <self.h>
#include <stdint.h>
#include <stdlib.h>
#include <trap.h>

int main(int argc, char **argv);

_Noreturn void lib_start(uint64_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	self_task = (port_name_t)task_self();
	int64_t b = task_get_special(self_task, SPECIAL_BOOTSTRAP);
	bootstrap_port = b > 0 ? (port_name_t)b : PORT_NULL;
	exit(main(argc, argv));
}
