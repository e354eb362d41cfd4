/* fdsnap.c — a process's pipe/FIFO ends from /proc/PID/fd (see fdsnap.h). One readlink per fd,
 * a stat only for path links (a FIFO has a path, a pipe "pipe:[ino]"), an fdinfo read per end. */
#include "fdsnap.h"
#include "procfs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The access mode of pid's fd (fdinfo "flags:", octal). */
static ptv_access fdsnap_access(pid_t pid, int fd)
{
	char what[48];
	snprintf(what, sizeof what, "fdinfo/%d", fd);
	char *info = procfs_slurp(pid, what, 4096, NULL);
	const char *f = info ? strstr(info, "flags:") : NULL;
	int flags = f ? (int)strtol(f + 6, NULL, 8) : O_RDWR;
	free(info);
	switch (flags & O_ACCMODE) {
	case O_RDONLY: return PTV_ACCESS_READ;
	case O_WRONLY: return PTV_ACCESS_WRITE;
	default: return PTV_ACCESS_READWRITE;
	}
}

/* Is fd of pid a pipe or FIFO end? Then its inode and kind. */
static bool fdsnap_kind(pid_t pid, int fd, unsigned long *ino, ptv_end_kind *kind)
{
	char what[32], link[256];
	snprintf(what, sizeof what, "fd/%d", fd);
	if (procfs_link(pid, what, link, sizeof link) < 0)
		return false;
	if (strncmp(link, "pipe:[", 6) == 0) {
		*ino = strtoul(link + 6, NULL, 10);
		*kind = PTV_END_KIND_PIPE;
		return true;
	}
	if (link[0] != '/')
		return false;   /* sockets, anon inodes, ... */
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	if (stat(path, &st) != 0 || !S_ISFIFO(st.st_mode))
		return false;
	*ino = (unsigned long)st.st_ino;
	*kind = PTV_END_KIND_FIFO;
	return true;
}

static int fdsnap_cmp(const void *a, const void *b)
{
	return ((const struct fdsnap_end *)a)->fd - ((const struct fdsnap_end *)b)->fd;
}

static uint64_t fdsnap_hash(const struct fdsnap *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a over (fd, ino, kind, end) */
	for (int i = 0; i < s->n; i++) {
		uint64_t parts[4] = { (uint64_t)s->v[i].fd, s->v[i].ino, (uint64_t)s->v[i].kind,
		                      (uint64_t)s->v[i].end };
		for (int k = 0; k < 4; k++) {
			h ^= parts[k];
			h *= 1099511628211ULL;
		}
	}
	return h;
}

int fdsnap_read(pid_t pid, struct fdsnap *s)
{
	int *fds = NULL;
	int n = procfs_fd_list(pid, &fds);
	fdsnap_free(s);
	if (n < 0)
		return -1;
	s->v = n ? calloc((size_t)n, sizeof *s->v) : NULL;
	for (int i = 0; s->v && i < n; i++) {
		struct fdsnap_end e = { fds[i], 0, PTV_END_KIND_PIPE, PTV_ACCESS_READ };
		if (!fdsnap_kind(pid, fds[i], &e.ino, &e.kind))
			continue;
		e.end = fdsnap_access(pid, fds[i]);
		s->v[s->n++] = e;
	}
	free(fds);
	qsort(s->v, (size_t)s->n, sizeof *s->v, fdsnap_cmp);
	s->sig = fdsnap_hash(s);
	return 0;
}

void fdsnap_free(struct fdsnap *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
	s->sig = 0;
}
