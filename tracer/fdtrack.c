/* fdtrack.c — pipe and FIFO ends per process: pipe, open, dup*, fcntl, close*, exec (fdtrack.h). */
#include "fdtrack.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <string.h>

void fdtab_free(struct fdtab *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

struct fdend *fdtab_find(struct fdtab *t, int fd)
{
	for (int i = 0; i < t->n; i++)
		if (t->v[i].fd == fd)
			return &t->v[i];
	return NULL;
}

static void fdtab_add(struct fdtab *t, struct fdend e)
{
	struct fdend *old = fdtab_find(t, e.fd);
	if (old) {
		*old = e;
		return;
	}
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 8;
		struct fdend *v = realloc(t->v, (size_t)cap * sizeof *v);
		if (!v)
			return;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = e;
}

static void fdtab_remove(struct fdtab *t, int fd)
{
	struct fdend *e = fdtab_find(t, fd);
	if (e)
		*e = t->v[--t->n];
}

void fdtab_copy(struct fdtab *dst, const struct fdtab *src)
{
	fdtab_free(dst);
	for (int i = 0; i < src->n; i++)
		fdtab_add(dst, src->v[i]);
	dst->std_gap = src->std_gap;
}

/* A fact about end e of pid. */
static struct fact *fdtrack_fact(struct facts *out, enum fact_kind kind, pid_t pid,
                                 const struct fdend *e)
{
	struct fact *f = facts_push(out, kind, pid);
	if (f) {
		f->fd = e->fd;
		f->ino = e->ino;
	}
	return f;
}

void fdtrack_pipe(struct fdtab *t, pid_t pid, const int fds[2], unsigned long ino, int flags,
                  struct facts *out)
{
	struct fact *f = facts_push(out, FACT_PIPE, pid);
	if (f) {
		f->fd = fds[0];
		f->fd2 = fds[1];
		f->ino = ino;
		f->flags = flags;
	}
	for (int i = 0; i < 2; i++)
		fdtab_add(t, (struct fdend){ fds[i], ino, false, (flags & O_CLOEXEC) != 0,
		                             (flags & O_NONBLOCK) != 0 });
}

void fdtrack_open(struct fdtab *t, pid_t pid, int fd, const char *path, unsigned long ino,
                  int flags, int late, struct facts *out)
{
	struct fdend e = { fd, ino, true, (flags & O_CLOEXEC) != 0, (flags & O_NONBLOCK) != 0 };
	struct fact *f = fdtrack_fact(out, FACT_OPEN, pid, &e);
	if (f) {
		f->path = strdup(path);
		f->flags = flags;
		f->via = late;
	}
	fdtab_add(t, e);
}

bool fdtrack_learn(struct fdtab *t, const struct fdlook *lk, int fd, ptv_late at,
                   struct facts *out)
{
	if (fdtab_find(t, fd))
		return true;
	if (!lk->late || fd < 0 || (fd <= 2 && !t->std_gap))
		return false;
	char path[4096];
	unsigned long ino;
	int flags;
	if (!lk->pfs->fd_named_fifo(lk->pid, fd, &ino, path, sizeof path, &flags))
		return false;
	fdtrack_open(t, lk->pid, fd, path, ino, flags, (int)at, out);
	return true;
}

void fdtrack_closing(struct fdtab *t, unsigned first, unsigned last)
{
	if (first <= 2 && last >= first)
		t->std_gap = true;
}

void fdtrack_learn_all(struct fdtab *t, const struct fdlook *lk, ptv_late at, struct facts *out)
{
	if (!lk->late)
		return;
	/* Most processes end holding stdin/out/err and known ends only: the directory's size is its
	 * number of open fds (Linux 6.2; 0 before, which makes the scan run), and one stat is much
	 * cheaper than reading the directory at every exit of a fork-heavy program. */
	if (!t->std_gap) {
		long known_high = 0;
		for (int i = 0; i < t->n; i++)
			known_high += t->v[i].fd > 2;
		long open = lk->pfs->fd_count(lk->pid);
		if (open > 0 && open <= 3 + known_high)
			return;
	}
	int *fds = NULL;
	int n = lk->pfs->fd_list(lk->pid, &fds);
	for (int i = 0; i < n; i++)
		fdtrack_learn(t, lk, fds[i], at, out);
	free(fds);
}

void fdtrack_dup(struct fdtab *t, pid_t pid, int oldfd, int newfd, bool cloexec, ptv_dup_via via,
                 struct facts *out)
{
	if (oldfd == newfd)
		return;
	struct fdend *target = fdtab_find(t, newfd);
	if (target) {
		/* dup2/dup3 closed what newfd held first. */
		struct fact *f = fdtrack_fact(out, FACT_CLOSE, pid, target);
		if (f)
			f->via = PTV_CLOSE_DUP2;
		fdtab_remove(t, newfd);
	}
	struct fdend *e = fdtab_find(t, oldfd);
	if (!e)
		return;
	struct fdend ne = *e;
	ne.fd = newfd;
	ne.cloexec = cloexec;
	struct fact *f = fdtrack_fact(out, FACT_DUP, pid, &ne);
	if (f) {
		f->fd2 = oldfd;
		f->via = via;
	}
	fdtab_add(t, ne);
}

void fdtrack_close(struct fdtab *t, pid_t pid, int fd, ptv_close_via via, struct facts *out)
{
	struct fdend *e = fdtab_find(t, fd);
	if (!e)
		return;
	struct fact *f = fdtrack_fact(out, FACT_CLOSE, pid, e);
	if (f)
		f->via = via;
	fdtab_remove(t, fd);
}

void fdtrack_close_range(struct fdtab *t, pid_t pid, unsigned first, unsigned last,
                         unsigned flags, struct facts *out)
{
	for (int i = t->n - 1; i >= 0; i--) {
		struct fdend *e = &t->v[i];
		if ((unsigned)e->fd < first || (unsigned)e->fd > last)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			e->cloexec = true;
		else
			fdtrack_close(t, pid, e->fd, PTV_CLOSE_CLOSE_RANGE, out);
	}
}

void fdtrack_fcntl(struct fdtab *t, pid_t pid, int fd, int cmd, unsigned long arg, long ret,
                   struct facts *out)
{
	if (ret < 0)
		return;
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
		fdtrack_dup(t, pid, fd, (int)ret, cmd == F_DUPFD_CLOEXEC, PTV_DUP_FCNTL, out);
		return;
	}
	struct fdend *e = fdtab_find(t, fd);
	if (!e)
		return;
	if (cmd == F_SETFD) {
		e->cloexec = (arg & FD_CLOEXEC) != 0;
	} else if (cmd == F_SETFL) {
		bool nb = (arg & O_NONBLOCK) != 0;
		if (nb == e->nonblock)
			return;
		e->nonblock = nb;
		struct fact *f = fdtrack_fact(out, FACT_NONBLOCK, pid, e);
		if (f)
			f->nonblock = nb;
	}
}

void fdtrack_exec(struct fdtab *t, const struct fdlook *lk, struct facts *out)
{
	for (int i = t->n - 1; i >= 0; i--) {
		struct fdend *e = &t->v[i];
		if (e->cloexec) {
			fdtrack_close(t, lk->pid, e->fd, PTV_CLOSE_EXEC, out);
			continue;
		}
		/* Check the rest against the kernel: an end we missed closing must not linger. */
		unsigned long ino = 0;
		if (lk->pfs->fd_kind(lk->pid, e->fd, &ino) == PROCFS_FD_OTHER || ino != e->ino)
			fdtab_remove(t, e->fd);
	}
}

void fdtrack_scan(struct fdtab *t, const struct fdlook *lk)
{
	int *fds = NULL;
	int n = lk->pfs->fd_list(lk->pid, &fds);
	for (int i = 0; i < n; i++) {
		unsigned long ino = 0;
		enum procfs_fdkind k = lk->pfs->fd_kind(lk->pid, fds[i], &ino);
		if (k != PROCFS_FD_OTHER)
			fdtab_add(t, (struct fdend){ fds[i], ino, k == PROCFS_FD_FIFO, false, false });
	}
	free(fds);
}
