/* pidwatch.c — zombies watched until they disappear (see pidwatch.h). */
#include "pidwatch.h"
#include "procfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

struct watched {
	pid_t pid;
	int fd;                      /* pidfd, or -1: /proc is polled */
	unsigned long long start;    /* /proc starttime, to tell a reused pid apart */
	int64_t seen;                /* when it was last seen present */
};

struct pidwatch {
	bool use_pidfd;
	struct watched *v;
	int n, cap;
	struct pollfd *pfd;          /* pidwatch_pollfds' array */
	int pfd_cap;
};

bool pidwatch_kernel_ok(void)
{
	struct utsname u;
	int major = 0, minor = 0;
	if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 9);
}

struct pidwatch *pidwatch_new(bool use_pidfd)
{
	struct pidwatch *pw = calloc(1, sizeof *pw);
	if (pw)
		pw->use_pidfd = use_pidfd;
	return pw;
}

void pidwatch_free(struct pidwatch *pw)
{
	if (!pw)
		return;
	for (int i = 0; i < pw->n; i++)
		if (pw->v[i].fd >= 0)
			close(pw->v[i].fd);
	free(pw->v);
	free(pw->pfd);
	free(pw);
}

/* Is the process of w still there (not reaped)? From /proc: same pid, same starttime. */
static bool pidwatch_in_proc(const struct watched *w)
{
	unsigned long long start = 0;
	return procfs_stat(w->pid, NULL, NULL, &start) && start == w->start;
}

bool pidwatch_add(struct pidwatch *pw, pid_t pid, unsigned long long start, int64_t now)
{
	if (pidwatch_has(pw, pid))
		return true;
	struct watched w = { pid, -1, start, now };
	if (pw->use_pidfd) {
		w.fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (w.fd < 0 && errno == ESRCH)
			return false;
	}
	if (w.fd < 0 && !pidwatch_in_proc(&w))
		return false;
	if (pw->n == pw->cap) {
		int cap = pw->cap ? pw->cap * 2 : 16;
		struct watched *nv = realloc(pw->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			if (w.fd >= 0)
				close(w.fd);
			return true;   /* not watched: it stays a zombie in the log */
		}
		pw->v = nv;
		pw->cap = cap;
	}
	pw->v[pw->n++] = w;
	return true;
}

static void pidwatch_drop(struct pidwatch *pw, int i)
{
	if (pw->v[i].fd >= 0)
		close(pw->v[i].fd);
	pw->v[i] = pw->v[--pw->n];
}

void pidwatch_remove(struct pidwatch *pw, pid_t pid)
{
	for (int i = 0; i < pw->n; i++)
		if (pw->v[i].pid == pid) {
			pidwatch_drop(pw, i);
			return;
		}
}

int pidwatch_count(const struct pidwatch *pw)
{
	return pw ? pw->n : 0;
}

bool pidwatch_has(const struct pidwatch *pw, pid_t pid)
{
	for (int i = 0; pw && i < pw->n; i++)
		if (pw->v[i].pid == pid)
			return true;
	return false;
}

struct pollfd *pidwatch_pollfds(struct pidwatch *pw, int reserve, int *n)
{
	int want = reserve + pw->n;
	if (want > pw->pfd_cap) {
		struct pollfd *nv = realloc(pw->pfd, (size_t)want * sizeof *nv);
		if (!nv) {
			*n = 0;
			return NULL;
		}
		pw->pfd = nv;
		pw->pfd_cap = want;
	}
	int k = reserve;
	for (int i = 0; i < pw->n; i++)
		if (pw->v[i].fd >= 0)
			pw->pfd[k++] = (struct pollfd){ pw->v[i].fd, 0, 0 };
	*n = k;
	return pw->pfd;
}

void pidwatch_check(struct pidwatch *pw, int64_t now,
                    void (*gone)(void *ctx, pid_t pid, int64_t seen), void *ctx)
{
	int n = 0;
	struct pollfd *pfd = pidwatch_pollfds(pw, 0, &n);
	/* One poll for every pidfd: the entries follow pw->v's order (those with a pidfd). */
	if (n > 0 && (!pfd || poll(pfd, (nfds_t)n, 0) < 0))
		return;
	int k = 0, kept = 0, ngone = 0;
	struct watched *gone_v = pw->n ? malloc((size_t)pw->n * sizeof *gone_v) : NULL;
	if (pw->n && !gone_v)
		return;
	for (int i = 0; i < pw->n; i++) {
		struct watched w = pw->v[i];
		bool is_gone = w.fd >= 0 ? (pfd[k++].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0
		                         : !pidwatch_in_proc(&w);
		if (is_gone) {
			gone_v[ngone++] = w;
			continue;
		}
		w.seen = now;
		pw->v[kept++] = w;
	}
	pw->n = kept;
	for (int i = 0; i < ngone; i++) {
		if (gone_v[i].fd >= 0)
			close(gone_v[i].fd);
		gone(ctx, gone_v[i].pid, gone_v[i].seen);
	}
	free(gone_v);
}
