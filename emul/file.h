/* Reading and writing a handle the way read and write do (file.c), for the calls that
 * move data between two descriptors. */
#ifndef EMUL_FILE_H
#define EMUL_FILE_H

#include <masque/rights.h>
#include <stdint.h>

/* Up to n bytes at offset (-1: at the handle's position, which moves); the count, or
 * a negated errno if nothing moved. A signal may cut them short; a write raises
 * SIGPIPE on a pipe nobody reads. read_at and write_at take the program's buffers (cut
 * where emul's memory starts: EFAULT if nothing is left); handle_read and
 * handle_write emul's own. */
int64_t read_at(port_name_t h, int64_t offset, char *buf, uint64_t n);
int64_t write_at(port_name_t h, int64_t offset, const char *buf, uint64_t n);
int64_t handle_read(port_name_t h, int64_t offset, char *buf, uint64_t n);
int64_t handle_write(port_name_t h, int64_t offset, const char *buf, uint64_t n);

#endif
