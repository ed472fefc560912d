/* The bootstrap task: the name service, then the boot script. */
#include <masque/boot.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "names.h"
#include "power.h"
#include "script.h"

_Noreturn void bootstrap_main(struct boot_info *info)
{
	self_task = info->task_self;
	/* the machine's own task: using the host port keeps it in memory (and lets it
	 * power the machine off or reset it) */
	power_init(info->host);
	printf("bootstrap: %u modules, %lu MiB free\n", info->module_count,
	       info->memory_bytes >> 20);
	if (names_init(info->host))
		printf("bootstrap: no name service\n");
	for (uint32_t i = 0; i < info->module_count; i++)
		if (!strcmp(info->modules[i].name, "boot.conf"))
			script_run(info, (const char *)info->modules[i].addr,
				   info->modules[i].size);
	names_serve_until(PORT_NULL, 0);
	for (;;)
		thread_yield();
}
