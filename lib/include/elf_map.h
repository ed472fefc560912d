/* Mapping an ELF image's segments from its file's memory object (emul's exec, the
 * process server's placing of emul): demand paged, text shared, data copied on write. */
#ifndef LIB_ELF_MAP_H
#define LIB_ELF_MAP_H

#include <elf_image.h>
#include <masque/types.h>

/* Map every PT_LOAD segment of im, moved up by bias, into task (a send right; the
 * caller's own task too) from object, the file's memory object: the file's pages where
 * the segment has them (shared if read-only, a private copy if writable), the bytes
 * past the file's part of the last such page zeroed, zero fill for the rest. Returns 0
 * or a kernel code; on error some segments may be mapped. */
int64_t elf_map(port_name_t task, port_name_t object, const struct elf_image *im, uint64_t bias);

#endif
