/* What an ext2 write test leaves in its expectation folder for the .t to check with
 * debugfs: "files/" (the contents of a path, its name with '/' as ',') and "stats" (a
 * manifest line per path, as ext2_images.sh's manifest prints them); and the walk
 * from the root to a path through ext2_lookup. */
#ifndef TESTS_HOST_EXT2_EXPECT_H
#define TESTS_HOST_EXT2_EXPECT_H

#include <stddef.h>
#include <stdint.h>
#include "ext2.h"

/* The inode of an absolute path (no symlinks followed). */
int path_resolve(struct ext2_fs *fs, const char *path, uint32_t *ino);

void expect_init(const char *dir);
/* debugfs must dump exactly these bytes for path. */
void expect_file(const char *path, const uint8_t *data, size_t len);
/* debugfs's stat of path must give what the library's stat gives now. */
void expect_stat(struct ext2_fs *fs, const char *path);
/* The whole of path as the library reads it now, and its stat. */
void expect_contents(struct ext2_fs *fs, const char *path);

#endif
