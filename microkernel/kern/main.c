/* kmain: bring up the machine, the kernel objects and the first task. */
#include <stdint.h>
#include "kern/console.h"
#include "kern/power.h"

void kmain(uint32_t magic, uint32_t info_phys)
{
	console_init();
	kprintf("masque: booting (magic %x, info %x)\n", magic, info_phys);
	power_off(POWER_OK);
}
