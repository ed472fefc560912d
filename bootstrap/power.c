/* Power-off and reset (power.h). QEMU's isa-debug-exit device powers off with a
 * status; reset is the PIIX/ICH reset control register (0xcf9), and the keyboard
 * controller's reset line (0x64) where that is missing. */
#include <fs.h>
#include <linux_fs.h>
#include <portio.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include "names.h"
#include "power.h"

#define DEBUG_EXIT_PORT 0xf4
#define RESET_CONTROL	0xcf9
#define RESET_HARD	0x06 /* a system reset (SYS_RST) of the CPU (RST_CPU) */
#define KBD_CONTROL	0x64
#define KBD_PULSE_RESET 0xfe

void power_init(port_name_t host)
{
	io_grant(host, self_task, DEBUG_EXIT_PORT, 4);
	io_grant(host, self_task, RESET_CONTROL, 1);
	io_grant(host, self_task, KBD_CONTROL, 1);
}

/* The fs-server writes everything back and ends: nothing is lost at power-off. */
static void unmount_root(void)
{
	port_name_t fs = names_find("fs");
	int64_t r = fs == PORT_NULL ? 0 : rpc_fs_unmount(fs, "/", MNT_FORCE);

	if (r)
		printf("bootstrap: the fs-server could not unmount / (%ld)\n", r);
}

void power_off(int status)
{
	unmount_root();
	printf("# poweroff %d\n", status);
	fflush_console();
	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	printf("bootstrap: cannot power off\n");
}

void power_reset(void)
{
	unmount_root();
	printf("# reset\n");
	fflush_console();
	outb(RESET_CONTROL, RESET_HARD);
	outb(KBD_CONTROL, KBD_PULSE_RESET);
	printf("bootstrap: cannot reset\n");
}
