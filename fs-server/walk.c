/* Path resolution over the ext2 library's single-directory lookups. */
#include <errno.h>
#include <linux/stat.h>
#include <string.h>
#include "attach.h"
#include "mount.h"
#include "walk.h"

int node_owner(struct node n, struct file_owner *f)
{
	return n.vol->ops->owner(n.vol->fs, n.ino, &f->mode, &f->uid, &f->gid);
}

/* What is left to resolve: a path in buf, from next on. */
struct walker {
	const struct identity *who;
	struct node at; /* the directory resolved so far */
	char buf[WALK_PATH_MAX];
	const char *next;
	int links;
	struct walk_forward *fwd; /* where a path that reaches an attached file system goes
				     on (NULL: such a path is refused) */
};

static int start(struct walker *w, const struct identity *who, struct node from, const char *path)
{
	size_t len = strlen(path);

	if (len == 0)
		return -ENOENT;
	if (len >= sizeof(w->buf))
		return -ENAMETOOLONG;
	memcpy(w->buf, path, len + 1);
	w->who = who;
	w->at = from;
	w->next = w->buf;
	w->links = 0;
	w->fwd = NULL;
	return 0;
}

/* The next component: its start and length; 0 when none is left. */
static size_t component(struct walker *w, const char **name)
{
	while (*w->next == '/')
		w->next++;
	*name = w->next;
	while (*w->next && *w->next != '/')
		w->next++;
	return (size_t)(w->next - *name);
}

/* Whether only slashes follow (the component just taken was the last). */
static int at_end(const struct walker *w)
{
	const char *p = w->next;

	while (*p == '/')
		p++;
	return *p == 0;
}

static int is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* The path from name on goes to the file system attached on w->at, if one is:
 * WALK_FORWARDED (or -EACCES for a walk that cannot hand it on); 0 if none is. */
static int forward(struct walker *w, const char *name)
{
	port_name_t server = attach_server(w->at);

	if (server == PORT_NULL)
		return 0;
	if (!w->fwd)
		return -EACCES; /* another server's files are not changed through us */
	w->fwd->server = server;
	strlcpy(w->fwd->rest, name, sizeof(w->fwd->rest));
	return WALK_FORWARDED;
}

/* Go into the directory w->at for name: it must be a directory we may search. ".."
 * at the root of a mounted volume is the one of the directory it covers; a mount
 * point is the root of what is mounted on it; a directory with a file system attached
 * hands the rest of the path on (but "..", which leads back to ours). */
static int step(struct walker *w, const char *name, size_t len, struct node *out)
{
	struct file_owner dir;
	struct node covered;
	struct volume *over;
	int err;

	while (is_dotdot(name, len) && w->at.ino == w->at.vol->root &&
	       mount_covered(w->at.vol, &covered))
		w->at = covered;
	if (!is_dotdot(name, len) && (err = forward(w, name)))
		return err;
	err = node_owner(w->at, &dir);

	if (err)
		return err;
	if (!S_ISDIR(dir.mode))
		return -ENOTDIR;
	if (len > WALK_NAME_MAX)
		return -ENAMETOOLONG;
	if ((err = perm_access(w->who, &dir, PERM_EXEC)))
		return err;
	*out = (struct node){ w->at.vol, 0 };
	if ((err = w->at.vol->ops->lookup(w->at.vol->fs, w->at.ino, name, len, &out->ino)))
		return err;
	while ((over = mount_over(*out)))
		*out = (struct node){ over, over->root };
	return 0;
}

/* Replace what was resolved of the path by the target of link, followed by what is
 * left: the walk goes on from there (from the root for an absolute target). */
static int follow_link(struct walker *w, struct node link)
{
	char target[WALK_PATH_MAX];
	size_t rest = strlen(w->next);

	if (++w->links > WALK_LINKS_MAX)
		return -ELOOP;
	int64_t n = link.vol->ops->readlink(link.vol->fs, link.ino, target, sizeof(target));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	if ((size_t)n + rest + 1 > sizeof(w->buf))
		return -ENAMETOOLONG;
	memmove(w->buf + n, w->next, rest + 1);
	memcpy(w->buf, target, (size_t)n);
	w->next = w->buf;
	if (target[0] == '/')
		w->at = (struct node){ root_volume, root_volume->root };
	return 0;
}

/* Resolve components until only the last is left (keep_last), or none. */
static int resolve(struct walker *w, int keep_last, int follow, struct node *out)
{
	const char *name;
	size_t len;
	int err;

	if (*w->next == '/')
		w->at = (struct node){ root_volume, root_volume->root };
	while ((len = component(w, &name))) {
		int last = at_end(w);
		if (last && keep_last) {
			w->next = name;
			break;
		}
		struct node n;
		if ((err = step(w, name, len, &n)))
			return err;
		struct file_owner f;
		if ((err = node_owner(n, &f)))
			return err;
		if (S_ISLNK(f.mode) && (!last || follow || *w->next == '/')) {
			if ((err = follow_link(w, n)))
				return err;
			continue;
		}
		if (!last && !S_ISDIR(f.mode))
			return -ENOTDIR;
		w->at = n;
	}
	*out = w->at;
	return keep_last || !w->fwd ? 0 : forward(w, "");
}

int walk_forwarding(const struct identity *who, struct node from, const char *path, int follow,
		    struct node *out, struct walk_forward *fwd)
{
	struct walker w;
	int err = start(&w, who, from, path);

	if (err)
		return err;
	w.fwd = fwd;
	if ((err = resolve(&w, 0, follow, out)))
		return err;
	/* a path ending in '/' names a directory */
	struct file_owner f;
	if (path[strlen(path) - 1] == '/' && !(err = node_owner(*out, &f)) && !S_ISDIR(f.mode))
		return -ENOTDIR;
	return err;
}

int walk(const struct identity *who, struct node from, const char *path, int follow,
	 struct node *out)
{
	return walk_forwarding(who, from, path, follow, out, NULL);
}

int walk_parent(const struct identity *who, struct node from, const char *path, struct node *dir,
		char last[WALK_NAME_MAX + 1])
{
	struct walker w;
	const char *name;
	int err = start(&w, who, from, path);

	if (err || (err = resolve(&w, 1, 1, dir)))
		return err;
	size_t len = component(&w, &name);
	if (len == 0) { /* the path was "/" or slashes only */
		strlcpy(last, ".", WALK_NAME_MAX + 1);
		return 0;
	}
	if (len > WALK_NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(last, name, len);
	last[len] = 0;
	struct file_owner f;
	if ((err = node_owner(*dir, &f)))
		return err;
	if (attach_server(*dir) != PORT_NULL)
		return -EACCES; /* names there are the attached file system's */
	return S_ISDIR(f.mode) ? 0 : -ENOTDIR;
}
