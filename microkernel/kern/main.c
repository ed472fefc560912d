/* kmain: bring up the machine, the kernel objects and the first task, then become
 * the idle thread. */
#include <kern_error.h>
#include <stdint.h>
#include <masque/clock.h>
#include "arch/x86_64/clock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/pmap.h"
#include "arch/x86_64/smap.h"
#include "kern/bootstrap.h"
#include "kern/console.h"
#include "kern/host.h"
#include "kern/multiboot.h"
#include "sched/sched.h"
#include "task/thread.h"
#include "vm/page.h"
#include "vm/pageout.h"
#include "vm/vm_clock.h"

extern char __bss_end[];

static _Noreturn void idle_loop(void)
{
	for (;;) {
		if (need_resched)
			schedule();
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	static struct boot_params bp;
	uint64_t scratch;

	console_init();
	if (multiboot_parse(magic, info_phys, &bp))
		panic("not started by a multiboot loader (magic %x)", magic);
	gdt_init();
	idt_init();
	smap_init();
	page_init(&bp, (uint64_t)__bss_end - KERNEL_VBASE);
	pmap_bootstrap();
	pageout_init();
	fpu_init();
	syscall_init();
	pic_init();
	clock_init();
	kprintf("masque: %lu MiB free, %d boot modules, TSC %lu MHz\n",
		page_free_count() * PAGE_SIZE >> 20, bp.nmodules, clock_params()->tsc_hz / 1000000);

	struct thread *idle = thread_create_kernel(idle_loop, 0);
	if (!idle || host_init() || vm_clock_init())
		panic("out of memory at boot");
	sched_init(idle);
	int err = bootstrap_start(&bp);
	if (err)
		panic("cannot start the bootstrap task (%s)", kern_error_name(err));
	pic_unmask(IRQ_TIMER);
	tss_set_kernel_stack((uint64_t)idle->kstack + KSTACK_SIZE);
	context_switch(&scratch, idle->kernel_rsp); /* the boot stack is left for good */
	panic("back on the boot stack");
}
