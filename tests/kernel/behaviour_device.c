/*
 * Device memory for a privileged task (run with -p): vm_map_physical maps what is not
 * RAM (the VGA window, the local APIC) and refuses RAM, whether the page allocator
 * holds it (a DMA buffer's frame) or the kernel does (its image), or a range that
 * only touches RAM.
 */
#include <ipc.h>
#include <masque/error.h>
#include <ns.h>
#include <self.h>
#include <trap.h>
#include "tap.h"

#define LAPIC_PHYS    0xfee00000ull
#define LAPIC_VERSION 0x30
#define KERNEL_IMAGE  0x100000ull

int main(void)
{
	port_name_t host = PORT_NULL;
	struct dma_region dma;

	is(rpc_ns_lookup(bootstrap_port, "host", &host), 0, "a privileged task gets the host port");
	int64_t vga = vm_map_physical(host, self_task, 0xb8000, 4096);
	ok(vga > 0, "map the VGA window (device memory)");
	int64_t lapic = vm_map_physical(host, self_task, LAPIC_PHYS, 4096);
	ok(lapic > 0, "map the local APIC");
	uint32_t version = lapic > 0 ? *(volatile uint32_t *)(lapic + LAPIC_VERSION) : 0;
	ok((version & 0xff) >= 0x10, "and read its version register through the mapping (%x)",
	   version);
	ok(dma_allocate(host, 4096, &dma) > 0, "a DMA buffer: a frame of the page allocator");
	is(vm_map_physical(host, self_task, dma.phys, 4096), KERN_NO_ACCESS,
	   "vm_map_physical refuses a frame the page allocator owns");
	is(vm_map_physical(host, self_task, KERNEL_IMAGE, 4096), KERN_NO_ACCESS,
	   "and the kernel's image");
	is(vm_map_physical(host, self_task, 0x9f000, 2 * 4096), KERN_NO_ACCESS,
	   "and a range that runs from RAM into the VGA hole");
	is(dma_allocate(host, 4096, (struct dma_region *)0xffffffff80000000ull),
	   KERN_INVALID_ADDRESS, "dma_allocate refuses a kernel-half pointer for its result");
	return 0;
}
