/* fdtrack.c — pipe and FIFO ends per process: pipe, open, dup*, fcntl, close*, exec (fdtrack.h). */
#include "fdtrack.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <string.h>

/* The table's entries, shared between a process and the children it forked until one of them
 * changes its own (copy on write): a fork of a process holding thousands of ends costs O(1), and
 * a child that only exits never copies (issue #18: forks with 4,000 pipe fds cost 11x). slot[fd]
 * is the entry's index + 1 (0: not tracked), so finding an fd costs O(1) too. */
struct fdtab_data {
	int refs;
	struct fdend *v;
	int n, cap;
	int *slot;
	int nslot;
};

static void fdtab_data_unref(struct fdtab_data *d)
{
	if (!d || --d->refs > 0)
		return;
	free(d->v);
	free(d->slot);
	free(d);
}

void fdtab_free(struct fdtab *t)
{
	fdtab_data_unref(t->d);
	t->d = NULL;
}

int fdtab_count(const struct fdtab *t)
{
	return t->d ? t->d->n : 0;
}

static int fdtab_index(const struct fdtab_data *d, int fd)
{
	return d && fd >= 0 && fd < d->nslot ? d->slot[fd] - 1 : -1;
}

const struct fdend *fdtab_find(const struct fdtab *t, int fd)
{
	int i = fdtab_index(t->d, fd);
	return i >= 0 ? &t->d->v[i] : NULL;
}

/* The table's own data, to change: a private copy when it is shared. NULL when out of memory. */
static struct fdtab_data *fdtab_own(struct fdtab *t)
{
	struct fdtab_data *d = t->d, *c;
	if (d && d->refs == 1)
		return d;
	c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->refs = 1;
	if (d && d->n > 0) {
		c->v = malloc((size_t)d->n * sizeof *c->v);
		c->slot = calloc((size_t)d->nslot, sizeof *c->slot);
		if (!c->v || !c->slot) {
			free(c->v);
			free(c->slot);
			free(c);
			return NULL;
		}
		memcpy(c->v, d->v, (size_t)d->n * sizeof *c->v);
		memcpy(c->slot, d->slot, (size_t)d->nslot * sizeof *c->slot);
		c->n = c->cap = d->n;
		c->nslot = d->nslot;
	}
	fdtab_data_unref(d);
	t->d = c;
	return c;
}

/* The entry of fd, to change (the table made its own first), or NULL. */
static struct fdend *fdtab_mut(struct fdtab *t, int fd)
{
	if (fdtab_index(t->d, fd) < 0)
		return NULL;
	struct fdtab_data *d = fdtab_own(t);
	return d ? &d->v[fdtab_index(d, fd)] : NULL;
}

static void fdtab_add(struct fdtab *t, struct fdend e)
{
	struct fdtab_data *d = fdtab_own(t);
	if (!d || e.fd < 0)
		return;
	int i = fdtab_index(d, e.fd);
	if (i >= 0) {
		d->v[i] = e;
		return;
	}
	if (e.fd >= d->nslot) {
		int nslot = d->nslot ? d->nslot : 64;
		while (nslot <= e.fd)
			nslot *= 2;
		int *slot = realloc(d->slot, (size_t)nslot * sizeof *slot);
		if (!slot)
			return;
		memset(slot + d->nslot, 0, (size_t)(nslot - d->nslot) * sizeof *slot);
		d->slot = slot;
		d->nslot = nslot;
	}
	if (d->n == d->cap) {
		int cap = d->cap ? d->cap * 2 : 8;
		struct fdend *v = realloc(d->v, (size_t)cap * sizeof *v);
		if (!v)
			return;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n] = e;
	d->slot[e.fd] = ++d->n;
}

static void fdtab_remove(struct fdtab *t, int fd)
{
	if (fdtab_index(t->d, fd) < 0)
		return;
	struct fdtab_data *d = fdtab_own(t);
	if (!d)
		return;
	int i = fdtab_index(d, fd);
	d->slot[fd] = 0;
	d->v[i] = d->v[--d->n];
	if (i < d->n)
		d->slot[d->v[i].fd] = i + 1;
}

void fdtab_copy(struct fdtab *dst, const struct fdtab *src)
{
	if (dst->d != src->d) {
		fdtab_free(dst);
		dst->d = src->d;
		if (dst->d)
			dst->d->refs++;
	}
	dst->std_gap = src->std_gap;
	dst->extra = src->extra;
	memcpy(dst->extra_fd, src->extra_fd, sizeof dst->extra_fd);
}

void fdtab_set_inherited(struct fdtab *t, const int *fds, int n)
{
	t->extra = n <= FDTAB_EXTRA_MAX ? n : 0;
	for (int i = 0; i < t->extra; i++)
		t->extra_fd[i] = fds[i];
}

/* Inherited files in first..last are closed (or replaced). */
static void fdtab_extra_gone(struct fdtab *t, unsigned first, unsigned last)
{
	for (int i = t->extra - 1; i >= 0; i--)
		if ((unsigned)t->extra_fd[i] >= first && (unsigned)t->extra_fd[i] <= last)
			t->extra_fd[i] = t->extra_fd[--t->extra];
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
	if (last >= first)
		fdtab_extra_gone(t, first, last);
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
		for (int i = 0; i < fdtab_count(t); i++)
			known_high += t->d->v[i].fd > 2;
		long open = lk->pfs->fd_count(lk->pid);
		if (open > 0 && open <= 3 + t->extra + known_high)
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
	const struct fdend *target = fdtab_find(t, newfd);
	if (target) {
		/* dup2/dup3 closed what newfd held first. */
		struct fact *f = fdtrack_fact(out, FACT_CLOSE, pid, target);
		if (f)
			f->via = PTV_CLOSE_DUP2;
		fdtab_remove(t, newfd);
	} else if (newfd >= 0) {
		fdtab_extra_gone(t, (unsigned)newfd, (unsigned)newfd);
	}
	const struct fdend *e = fdtab_find(t, oldfd);
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
	const struct fdend *e = fdtab_find(t, fd);
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
	for (int i = fdtab_count(t) - 1; i >= 0; i--) {
		int fd = t->d->v[i].fd;
		if ((unsigned)fd < first || (unsigned)fd > last)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC) {
			struct fdend *e = fdtab_mut(t, fd);
			if (e)
				e->cloexec = true;
		} else {
			fdtrack_close(t, pid, fd, PTV_CLOSE_CLOSE_RANGE, out);
		}
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
	struct fdend *e = fdtab_mut(t, fd);
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
	for (int i = fdtab_count(t) - 1; i >= 0; i--) {
		struct fdend e = t->d->v[i];
		if (e.cloexec) {
			fdtrack_close(t, lk->pid, e.fd, PTV_CLOSE_EXEC, out);
			continue;
		}
		/* Check the rest against the kernel: an end we missed closing must not linger. */
		unsigned long ino = 0;
		if (lk->pfs->fd_kind(lk->pid, e.fd, &ino) == PROCFS_FD_OTHER || ino != e.ino)
			fdtab_remove(t, e.fd);
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
