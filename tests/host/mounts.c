/*
 * The fs-server's mount table and the propagation of mounts (fs-server/mount.c,
 * propagate.c, subpath.c), built for the host against a file system in memory: a tree
 * of directories and files whose inode references are counted, and volumes made and
 * freed as volume.c does. Each point checks one fact; at the end every mount is gone
 * and every inode reference given back (AddressSanitizer finds what is freed early or
 * never).
 */
#include <errno.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mount.h"
#include "propagate.h"
#include "tap.h"

#define INODES 64

/* A file system: inode i's parent directory (0: no inode) and name. */
struct memfs {
	uint32_t parent[INODES];
	char name[INODES][16];
	int dir[INODES];
	int refs[INODES];
	int gets_left; /* inode_get fails with -ENOMEM when it reaches 0 (-1: never) */
};

static int mem_lookup(void *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
	struct memfs *m = fs;

	if (!m->dir[dir])
		return -ENOTDIR;
	if (len == 1 && name[0] == '.')
		return *ino = dir, 0;
	if (len == 2 && !strncmp(name, "..", 2))
		return *ino = m->parent[dir], 0;
	for (uint32_t i = 2; i < INODES; i++)
		if (m->parent[i] == dir && strlen(m->name[i]) == len &&
		    !strncmp(m->name[i], name, len))
			return *ino = i, 0;
	return -ENOENT;
}

static int mem_readdir(void *fs, uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	struct memfs *m = fs;

	if (*cookie < 2) {
		ent->ino = *cookie ? m->parent[dir] : dir;
		strcpy(ent->name, *cookie ? ".." : ".");
		++*cookie;
		return 1;
	}
	for (uint32_t i = (uint32_t)*cookie; i < INODES; i++)
		if (i != dir && m->parent[i] == dir) {
			ent->ino = i;
			strcpy(ent->name, m->name[i]);
			*cookie = i + 1;
			return 1;
		}
	return 0;
}

static int mem_inode_get(void *fs, uint32_t ino)
{
	struct memfs *m = fs;

	if (m->gets_left == 0)
		return -ENOMEM;
	if (m->gets_left > 0)
		m->gets_left--;
	m->refs[ino]++;
	return 0;
}

static void mem_inode_put(void *fs, uint32_t ino)
{
	((struct memfs *)fs)->refs[ino]--;
}

static int mem_nothing(void *fs)
{
	(void)fs;
	return 0;
}

static int mem_clean(const void *fs)
{
	(void)fs;
	return 0;
}

static const struct vfs_ops mem_ops = { .type = "mem",
					.root = 1,
					.sync = mem_nothing,
					.dirty = mem_clean,
					.inode_get = mem_inode_get,
					.inode_put = mem_inode_put,
					.lookup = mem_lookup,
					.readdir = mem_readdir };

struct volume *root_volume;
static struct memfs rootfs, diskfs;
static struct volume rootvol, diskvol;
static int early_unmounts; /* base volumes unmounted while a bind still held an inode */

/* A volume's inode references held in fs. */
static int refs_in(const struct memfs *fs)
{
	int n = 0;

	for (int i = 0; i < INODES; i++)
		n += fs->refs[i];
	return n;
}

int volume_bind(struct node source, struct volume **out)
{
	struct volume *b = source.vol->base, *v = calloc(1, sizeof(*v));
	int err = v ? b->ops->inode_get(b->fs, source.ino) : -ENOMEM;

	if (err) {
		free(v);
		return err;
	}
	*v = (struct volume){ .ops = b->ops, .fs = b->fs, .base = b, .root = source.ino };
	strcpy(v->name, b->name);
	strcpy(v->source, b->source);
	*out = v;
	return 0;
}

int volume_unmount(struct volume *v)
{
	if (v->base != v)
		v->ops->inode_put(v->fs, v->root);
	else
		early_unmounts += refs_in(v->fs) > 0;
	if (v != &diskvol)
		free(v);
	return 0;
}

/* Make name in directory parent of fs: its inode. */
static uint32_t make(struct memfs *fs, uint32_t parent, const char *name, int dir)
{
	uint32_t i = 2;

	while (fs->parent[i])
		i++;
	fs->parent[i] = parent;
	fs->dir[i] = dir;
	strcpy(fs->name[i], name);
	return i;
}

/* What path names from the root, through the mounts as the walk goes (no ".."). */
static struct node walk(const char *path)
{
	struct node n = { root_volume, 1 };
	char copy[256], *save, *c;
	struct volume *over;

	strcpy(copy, path);
	for (c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (n.vol->ops->lookup(n.vol->fs, n.ino, c, strlen(c), &n.ino))
			return (struct node){ NULL, 0 };
		while ((over = mount_over(n)))
			n = (struct node){ over, over->root };
	}
	return n;
}

static int bind(const char *source, const char *target)
{
	return mount_bind(walk(target), 0, walk(source), 0, target);
}

static int rbind(const char *source, const char *target)
{
	return mount_bind(walk(target), 0, walk(source), 1, target);
}

/* The mount whose top path names. */
static struct mount *at(const char *path)
{
	return mount_of(walk(path).vol);
}

static void set(const char *path, uint32_t type)
{
	propagate_set(at(path), type, 0);
}

static const struct volume *busy_volume;

static int busy(const struct volume *vol)
{
	return vol == busy_volume;
}

static int unmount(const char *path)
{
	return mount_unmount(walk(path).vol, busy);
}

/* Whether path is a mount's top. */
static int mounted(const char *path)
{
	struct node n = walk(path);

	return n.vol && n.vol != root_volume && n.ino == n.vol->root;
}

/* How many lines of the mount table are for where. */
static int lines(const char *where)
{
	static char table[8192];
	char want[128];
	uint32_t len = 0;
	int n = 0;

	mount_table(table, sizeof(table), &len);
	table[len] = 0;
	snprintf(want, sizeof(want), " %s mem ", where);
	for (char *p = table; (p = strstr(p, want)); p++)
		n++;
	return n;
}

static void stacked(void)
{
	ok(bind("/src", "/d") == 0 && bind("/src/x", "/d") == 0 &&
		   walk("/d").ino == walk("/src/x").ino,
	   "a bind on the root of a bind covers it");
	struct volume *lower = mount_of(walk("/d").vol)->covered.vol;
	is(mount_unmount(lower, busy), -EBUSY, "the one below cannot go while the top is on it");
	ok(unmount("/d") == 0 && walk("/d").ino == walk("/src").ino,
	   "unmounting the top shows the one below");
	ok(unmount("/d") == 0 && !mounted("/d"), "and then it goes");
}

static void recursive(void)
{
	ok(bind("/src/x", "/src/y") == 0 && bind("/src", "/src/y/z") == 0 &&
		   mount_bind(walk("/src/f"), walk("/src").ino, walk("/g"), 0, "/src/f") == 0,
	   "mounts below /src: one nested in another, a file on a file");
	ok(rbind("/src", "/d") == 0 && mounted("/d/y") && mounted("/d/y/z") && mounted("/d/f"),
	   "an rbind copies them all");
	ok(lines("/d/y") == 1 && lines("/d/y/z") == 1 && lines("/d/f") == 1,
	   "the copies' lines name their places");
	ok(bind("/src/y", "/e") == 0 && !mounted("/e/z"), "a plain bind copies none");
	ok(unmount("/e") == 0 && unmount("/d/f") == 0 && unmount("/d/y/z") == 0 &&
		   unmount("/d/y") == 0 && unmount("/d") == 0 && unmount("/src/f") == 0 &&
		   unmount("/src/y/z") == 0 && unmount("/src/y") == 0,
	   "they unmount, the copies first");
}

/* /a shared; /b its peer; /s1 a slave of them, shared, with /s2 its peer; /t a slave
 * of /s1's group; /c a peer of /a that shows only /a/sub (made as a bind of /s1/sub
 * before /s1 became a slave); /q2 a slave of /a's group that shows only /a/sub too,
 * with /q1, which shows all of /a, its slave. */
static void tree(void)
{
	ok(bind("/a", "/a") == 0 && (set("/a", MS_SHARED), 1) && bind("/a", "/b") == 0 &&
		   bind("/a", "/s1") == 0 && bind("/s1/sub", "/c") == 0 &&
		   (set("/s1", MS_SLAVE), set("/s1", MS_SHARED), 1) && bind("/s1", "/s2") == 0 &&
		   bind("/s1", "/t") == 0 && (set("/t", MS_SLAVE), 1),
	   "a tree of peer groups and slaves");
	ok(bind("/a", "/q1") == 0 && (set("/q1", MS_SLAVE), set("/q1", MS_SHARED), 1) &&
		   bind("/q1/sub", "/q2") == 0 && (set("/q1", MS_SLAVE), 1),
	   "and a slave group that shows less than its slave");
	ok(propagate_peers(at("/b"), at("/a")) && propagate_peers(at("/c"), at("/a")) &&
		   propagate_peers(at("/s2"), at("/s1")),
	   "binds of shared mounts are their peers");
	ok(at("/s1")->master && propagate_peers(at("/s1")->master, at("/a")) &&
		   at("/s1")->master->vol->root == at("/s1")->vol->root,
	   "make-slave of a mount with peers: a slave of a peer with the same top");
	ok(at("/t")->master && propagate_peers(at("/t")->master, at("/s1")),
	   "and so is a slave of /s1's group");
	ok(bind("/src", "/a/m") == 0 && mounted("/b/m") && mounted("/s1/m") && mounted("/s2/m") &&
		   mounted("/t/m"),
	   "a mount on /a/m goes down the whole tree");
	ok(!mount_has_children(at("/c")), "but not to the peer that does not see it");
	ok(mounted("/q1/m") && at("/q1/m")->master == at("/a/m"),
	   "a slave group that does not see it hands it on to its slave");
	ok(propagate_peers(at("/b/m"), at("/a/m")), "the copy on a peer is a peer of the mount");
	ok(at("/s1/m")->master == at("/a/m") && at("/s1/m")->shared,
	   "the copy on a shared slave: a slave of the mount, and shared");
	ok(propagate_peers(at("/s2/m"), at("/s1/m")) && at("/t/m")->master &&
		   propagate_peers(at("/t/m")->master, at("/s1/m")),
	   "the copies on its peers are its peers, on its slaves its slaves");
	ok(bind("/src", "/s2/n") == 0 && mounted("/s1/n") && mounted("/t/n") && !mounted("/a/n") &&
		   !mounted("/b/n"),
	   "a mount on a shared slave goes to its peers and slaves, not to its master");
	ok(bind("/src", "/t/k") == 0 && !mounted("/s1/k") && !mounted("/a/k"),
	   "a mount on a slave goes nowhere");
	ok(bind("/src", "/a/sub/w") == 0 && lines("/c/w") == 1 && lines("/b/sub/w") == 1,
	   "a copy below a peer's top is at its path there");
	busy_volume = walk("/t/m").vol;
	ok(unmount("/a/m") == -EBUSY && mounted("/a/m") && mounted("/b/m"),
	   "a busy copy: EBUSY, and nothing unmounted");
	busy_volume = NULL;
	ok(unmount("/a/m") == 0 && !mounted("/b/m") && !mounted("/s1/m") && !mounted("/s2/m") &&
		   !mounted("/t/m") && !mounted("/q1/m"),
	   "unmounting it takes every copy off");
	ok(unmount("/t/k") == 0 && unmount("/s1/n") == 0 && !mounted("/s2/n") && !mounted("/t/n"),
	   "unmounting on a shared slave takes its peers' and slaves' copies");
	ok(unmount("/c/w") == 0 && !mounted("/a/sub/w") && !mounted("/b/sub/w"),
	   "so does an unmount on a peer with another top");
}

/* The second disk, its own base volume, mounted on the shared /a: the copies are binds
 * of it, and go with it. */
static void disk(void)
{
	ok(mount_add(walk("/a/m"), &diskvol, "/a/m") == 0 && mounted("/b/m") &&
		   walk("/b/m").vol->base == &diskvol,
	   "a disk mounted on a shared mount: its copies show it");
	ok(unmount("/b/m") == 0 && !mounted("/a/m") && !early_unmounts,
	   "unmounted through a copy: all go, the disk after its binds");
}

/* An inode reference refused half-way through the copies: nothing stays. */
static void failure(void)
{
	int before = refs_in(&rootfs);

	rootfs.gets_left = 3;
	ok(bind("/src", "/a/m") == -ENOMEM, "a copy fails: the mount fails");
	rootfs.gets_left = -1;
	ok(!mounted("/a/m") && !mounted("/b/m") && !mounted("/s1/m") && !mounted("/s2/m") &&
		   refs_in(&rootfs) == before,
	   "and nothing of it is left, every reference given back");
}

/* make-private and unbindable; the table's order. */
static void types(void)
{
	set("/b", MS_PRIVATE);
	ok(bind("/src", "/a/m") == 0 && !mounted("/b/m") && unmount("/a/m") == 0,
	   "a private mount receives nothing");
	set("/a", MS_UNBINDABLE);
	is(bind("/a/m", "/e"), -EINVAL, "a bind from an unbindable mount: EINVAL");
	ok(at("/s1")->master && propagate_peers(at("/s1")->master, at("/c")),
	   "its slaves go to a peer it leaves");
	is(bind("/src", "/e"), 0, "a mount");
	ok(mount_unmount_all() == 0 && refs_in(&rootfs) == 0 && !early_unmounts,
	   "every mount unmounted, every reference given back");
}

int main(void)
{
	rootvol = (struct volume){ .ops = &mem_ops, .fs = &rootfs, .base = &rootvol, .root = 1 };
	diskvol = (struct volume){ .ops = &mem_ops, .fs = &diskfs, .base = &diskvol, .root = 1 };
	strcpy(rootvol.source, "/dev/disk0");
	strcpy(diskvol.source, "/dev/disk1");
	root_volume = &rootvol;
	rootfs.parent[1] = 1, rootfs.dir[1] = 1, rootfs.gets_left = -1;
	diskfs.parent[1] = 1, diskfs.dir[1] = 1, diskfs.gets_left = -1;
	uint32_t src = make(&rootfs, 1, "src", 1), a = make(&rootfs, 1, "a", 1);
	make(&rootfs, make(&rootfs, src, "x", 1), "z", 1);
	make(&rootfs, src, "y", 1), make(&rootfs, src, "f", 0);
	make(&rootfs, a, "m", 1), make(&rootfs, a, "n", 1), make(&rootfs, a, "k", 1);
	make(&rootfs, make(&rootfs, a, "sub", 1), "w", 1);
	make(&rootfs, 1, "g", 0);
	for (const char *d = "d\0e\0b\0s1\0s2\0t\0c\0q1\0q2\0"; *d; d += strlen(d) + 1)
		make(&rootfs, 1, d, 1);
	stacked();
	recursive();
	tree();
	disk();
	failure();
	types();
	return done_testing();
}
