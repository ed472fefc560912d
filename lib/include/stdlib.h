/* Memory and ending for native programs. */
#ifndef LIB_STDLIB_H
#define LIB_STDLIB_H

#include <stddef.h>

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
/* End the task (native tasks have no exit status: their end is their answer). */
_Noreturn void exit(int status);
_Noreturn void abort(void);

#endif
