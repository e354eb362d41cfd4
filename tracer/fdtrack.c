/* fdtrack.c — pipe and FIFO ends per process: pipe, dup*, fcntl, close*, exec (see fdtrack.h). */
#include "internal.h"
#include "procfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void fdtrack_emit_close(struct ptv_tracer *tr, struct proc *p, const struct fdend *e,
                               const char *via)
{
	cJSON *o = writer_begin(tr->w, "close", p->pid);
	writer_add_int(o, "fd", e->fd);
	writer_add_int(o, "ino", (long long)e->ino);
	cJSON_AddStringToObject(o, "via", via);
	writer_emit(tr->w, o);
}

void fdtrack_on_pipe(struct ptv_tracer *tr, struct proc *p, const int fds[2], int flags)
{
	unsigned long ino = 0;
	procfs_fd_kind(p->pid, fds[0], &ino);
	cJSON *o = writer_begin(tr->w, "pipe", p->pid);
	cJSON *arr = cJSON_AddArrayToObject(o, "fds");
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(fds[0]));
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(fds[1]));
	writer_add_int(o, "ino", (long long)ino);
	cJSON *fl = cJSON_AddArrayToObject(o, "flags");
	if (flags & O_CLOEXEC)
		cJSON_AddItemToArray(fl, cJSON_CreateString("O_CLOEXEC"));
	if (flags & O_NONBLOCK)
		cJSON_AddItemToArray(fl, cJSON_CreateString("O_NONBLOCK"));
	if (flags & O_DIRECT)
		cJSON_AddItemToArray(fl, cJSON_CreateString("O_DIRECT"));
	tracee_stack(tr, o);
	writer_emit(tr->w, o);
	for (int i = 0; i < 2; i++)
		fdtab_add(&p->fds, (struct fdend){ fds[i], ino, false, (flags & O_CLOEXEC) != 0,
		                                   (flags & O_NONBLOCK) != 0 });
}

cJSON *fdtrack_on_open_fifo(struct ptv_tracer *tr, struct proc *p, int fd, const char *path,
                            unsigned long ino, int flags)
{
	static const char *const access[] = { "read", "write", "readwrite", "readwrite" };
	cJSON *o = writer_begin(tr->w, "open", p->pid);
	writer_add_int(o, "fd", fd);
	writer_add_str(o, "path", path);
	writer_add_int(o, "ino", (long long)ino);
	cJSON_AddStringToObject(o, "kind", "fifo");
	cJSON_AddStringToObject(o, "access", access[flags & O_ACCMODE]);
	writer_add_bool(o, "nonblock", (flags & O_NONBLOCK) != 0);
	fdtab_add(&p->fds, (struct fdend){ fd, ino, true, (flags & O_CLOEXEC) != 0,
	                                   (flags & O_NONBLOCK) != 0 });
	return o;
}

bool fdtrack_learn(struct ptv_tracer *tr, struct proc *p, int fd, const char *at)
{
	if (fdtab_find(&p->fds, fd))
		return true;
	if (!tr->late_fifos || fd < 0 || (fd <= 2 && !p->fds.std_gap))
		return false;
	char path[4096];
	unsigned long ino;
	int flags;
	if (!procfs_fd_named_fifo(p->pid, fd, &ino, path, sizeof path, &flags))
		return false;
	cJSON *o = fdtrack_on_open_fifo(tr, p, fd, path, ino, flags);
	cJSON_AddStringToObject(o, "late", at);
	writer_emit(tr->w, o);
	return true;
}

void fdtrack_closing(struct proc *p, unsigned first, unsigned last)
{
	if (first <= 2 && last >= first)
		p->fds.std_gap = true;
}

void fdtrack_learn_all(struct ptv_tracer *tr, struct proc *p, const char *at)
{
	if (!tr->late_fifos)
		return;
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd", (int)p->pid);
	/* Most processes end holding stdin/out/err and known ends only: the directory's size is its
	 * number of open fds (Linux 6.2; 0 before, which makes the scan run), and one stat is much
	 * cheaper than reading the directory at every exit of a fork-heavy program. */
	if (!p->fds.std_gap) {
		struct stat st;
		int known_high = 0;
		for (int i = 0; i < p->fds.n; i++)
			known_high += p->fds.v[i].fd > 2;
		if (stat(path, &st) == 0 && st.st_size > 0 && st.st_size <= 3 + known_high)
			return;
	}
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			fdtrack_learn(tr, p, atoi(de->d_name), at);
	closedir(d);
}

void fdtrack_on_dup(struct ptv_tracer *tr, struct proc *p, int oldfd, int newfd, bool cloexec,
                    const char *via)
{
	if (oldfd == newfd)
		return;
	struct fdend *target = fdtab_find(&p->fds, newfd);
	if (target) {
		/* dup2/dup3 closed what newfd held first. */
		fdtrack_emit_close(tr, p, target, "dup2");
		fdtab_remove(&p->fds, newfd);
	}
	struct fdend *e = fdtab_find(&p->fds, oldfd);
	if (!e)
		return;
	struct fdend ne = *e;
	ne.fd = newfd;
	ne.cloexec = cloexec;
	cJSON *o = writer_begin(tr->w, "dup", p->pid);
	writer_add_int(o, "oldfd", oldfd);
	writer_add_int(o, "newfd", newfd);
	writer_add_int(o, "ino", (long long)ne.ino);
	cJSON_AddStringToObject(o, "via", via);
	writer_emit(tr->w, o);
	fdtab_add(&p->fds, ne);
}

void fdtrack_on_close(struct ptv_tracer *tr, struct proc *p, int fd, const char *via)
{
	struct fdend *e = fdtab_find(&p->fds, fd);
	if (!e)
		return;
	fdtrack_emit_close(tr, p, e, via);
	fdtab_remove(&p->fds, fd);
}

void fdtrack_on_close_range(struct ptv_tracer *tr, struct proc *p, unsigned first, unsigned last,
                            unsigned flags)
{
	for (int i = p->fds.n - 1; i >= 0; i--) {
		struct fdend *e = &p->fds.v[i];
		if ((unsigned)e->fd < first || (unsigned)e->fd > last)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			e->cloexec = true;
		else
			fdtrack_on_close(tr, p, e->fd, "close_range");
	}
}

void fdtrack_on_fcntl(struct ptv_tracer *tr, struct proc *p, int fd, int cmd, unsigned long arg,
                      long ret)
{
	if (ret < 0)
		return;
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
		fdtrack_on_dup(tr, p, fd, (int)ret, cmd == F_DUPFD_CLOEXEC, "fcntl");
		return;
	}
	struct fdend *e = fdtab_find(&p->fds, fd);
	if (!e)
		return;
	if (cmd == F_SETFD) {
		e->cloexec = (arg & FD_CLOEXEC) != 0;
	} else if (cmd == F_SETFL) {
		bool nb = (arg & O_NONBLOCK) != 0;
		if (nb == e->nonblock)
			return;
		e->nonblock = nb;
		cJSON *o = writer_begin(tr->w, "fcntl", p->pid);
		writer_add_int(o, "fd", fd);
		writer_add_int(o, "ino", (long long)e->ino);
		writer_add_bool(o, "nonblock", nb);
		writer_emit(tr->w, o);
	}
}

void fdtrack_on_exec(struct ptv_tracer *tr, struct proc *p)
{
	for (int i = p->fds.n - 1; i >= 0; i--) {
		struct fdend *e = &p->fds.v[i];
		if (e->cloexec) {
			fdtrack_on_close(tr, p, e->fd, "exec");
			continue;
		}
		/* Check the rest against the kernel: an end we missed closing must not linger. */
		unsigned long ino = 0;
		if (procfs_fd_kind(p->pid, e->fd, &ino) == PROCFS_FD_OTHER || ino != e->ino) {
			tracee_debug(tr, "pid %d: fd %d no longer pipe %lu after exec", p->pid, e->fd, e->ino);
			fdtab_remove(&p->fds, e->fd);
		}
	}
}

void fdtrack_scan(struct proc *p)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd", (int)p->pid);
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		int fd = atoi(de->d_name);
		unsigned long ino = 0;
		enum procfs_fdkind k = procfs_fd_kind(p->pid, fd, &ino);
		if (k != PROCFS_FD_OTHER)
			fdtab_add(&p->fds, (struct fdend){ fd, ino, k == PROCFS_FD_FIFO, false, false });
	}
	closedir(d);
}
