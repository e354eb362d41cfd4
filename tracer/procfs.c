/* procfs.c — /proc and process_vm_readv helpers for the tracer (see proc(5)). */
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* Read a small /proc file into buf (NUL-terminated); returns its length or -1. The files read
 * this way (status, stat, schedstat, fdinfo) are made by one seq_file show(): a read into a
 * buffer that holds them returns all of it, so there is no second read to see EOF — these are
 * read at nearly every stop, and a system call costs. */
static ssize_t procfs_read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < size - 1) {
		ssize_t n = read(fd, buf + off, size - 1 - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
		if (buf[off - 1] == '\n')
			break;
	}
	close(fd);
	buf[off] = 0;
	return off ? (ssize_t)off : -1;
}

bool procfs_status(pid_t tid, struct procfs_status *st)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
	if (procfs_read_small(path, buf, sizeof buf) < 0)
		return false;
	memset(st, 0, sizeof *st);
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, "Tgid:", 5) == 0)
			st->tgid = (pid_t)strtol(line + 5, NULL, 10);
		else if (strncmp(line, "PPid:", 5) == 0)
			st->ppid = (pid_t)strtol(line + 5, NULL, 10);
		else if (strncmp(line, "TracerPid:", 10) == 0)
			st->tracer = (pid_t)strtol(line + 10, NULL, 10);
		else if (strncmp(line, "SigIgn:", 7) == 0)
			st->sig_ign = strtoull(line + 7, NULL, 16);
		else if (strncmp(line, "NSpid:", 6) == 0) {
			char *q = line + 6;
			while (st->nnspid < PROCFS_NSPID_MAX) {
				while (*q == ' ' || *q == '\t')
					q++;
				if (*q < '0' || *q > '9')
					break;
				st->nspid[st->nnspid++] = (pid_t)strtol(q, &q, 10);
			}
		} else if (strncmp(line, "SigCgt:", 7) == 0)
			st->sig_cgt = strtoull(line + 7, NULL, 16);
		else if (strncmp(line, "SigPnd:", 7) == 0 || strncmp(line, "ShdPnd:", 7) == 0)
			st->sig_pnd |= strtoull(line + 7, NULL, 16);
		else if (strncmp(line, "SigBlk:", 7) == 0)
			st->sig_blk = strtoull(line + 7, NULL, 16);
		else if (strncmp(line, "State:", 6) == 0) {
			const char *p = line + 6;
			while (*p == ' ' || *p == '\t')
				p++;
			st->state = *p;
		}
	}
	return st->tgid > 0;
}

bool procfs_exiting(pid_t pid, int *status)
{
	enum { PF_EXITING_FLAG = 0x4 };   /* include/linux/sched.h PF_EXITING */
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (procfs_read_small(path, buf, sizeof buf) < 0)
		return false;
	char *p = strrchr(buf, ')');   /* comm may hold spaces and parentheses */
	if (!p || p[1] != ' ')
		return false;
	unsigned long flags = 0;
	int field = 2;
	for (char *s = p + 1; *s; s++) {
		if (*s != ' ')
			continue;
		field++;
		if (field == 9)
			flags = strtoul(s + 1, NULL, 10);
		else if (field == 52) {
			*status = (int)strtol(s + 1, NULL, 10);
			return (flags & PF_EXITING_FLAG) != 0;
		}
	}
	return false;
}

bool procfs_stat(pid_t pid, char *state, pid_t *ppid, unsigned long long *starttime)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (procfs_read_small(path, buf, sizeof buf) < 0)
		return false;
	/* comm may contain spaces and parentheses: fields start after the last ')'. */
	char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return false;
	p += 2;
	char st = *p;
	int field = 3;
	unsigned long long start = 0;
	pid_t pp = 0;
	for (char *s = p; *s; s++) {
		if (*s != ' ')
			continue;
		field++;
		if (field == 4)
			pp = (pid_t)strtol(s + 1, NULL, 10);
		else if (field == 22) {
			start = strtoull(s + 1, NULL, 10);
			break;
		}
	}
	if (field != 22)
		return false;
	if (state)
		*state = st;
	if (ppid)
		*ppid = pp;
	if (starttime)
		*starttime = start;
	return true;
}

/* The numeric fields of /proc/PID/stat from field 4 up to field last (out[0] is field 4), after
 * the state letter; comm may contain spaces and parentheses, so they start after the last ')'.
 * Returns how many were found. */
static int procfs_stat_fields(const char *buf, long long *out, int last)
{
	const char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || !p[2])
		return 0;
	p += 3;   /* ") S" */
	int n = 0;
	while (n < last - 3 && *p == ' ') {
		char *end;
		out[n] = strtoll(p + 1, &end, 10);
		if (end == p + 1)
			break;
		n++;
		p = end;
	}
	return n;
}

bool procfs_newborn(pid_t tid, struct procfs_newborn *nb)
{
	char path[64], buf[1024];
	long long f[38 - 3];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)tid);
	if (procfs_read_small(path, buf, sizeof buf) < 0 || procfs_stat_fields(buf, f, 38) < 38 - 3)
		return false;
	nb->ppid = (pid_t)f[4 - 4];
	nb->starttime = (unsigned long long)f[22 - 4];
	nb->tgid = tid;
	if (f[38 - 4] != -1)
		return true;
	struct procfs_status st;
	if (!procfs_status(tid, &st))
		return false;
	nb->tgid = st.tgid;
	return true;
}

/* schedstat's first two fields: time on a CPU, time waiting on a run queue. */
static bool procfs_sched_parse(const char *buf, unsigned long long *cpu_ns,
                               unsigned long long *runq_ns)
{
	return sscanf(buf, "%llu %llu", cpu_ns, runq_ns) == 2;
}

bool procfs_schedstat(pid_t pid, unsigned long long *cpu_ns, unsigned long long *runq_ns)
{
	char path[64], buf[128];
	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	if (procfs_read_small(path, buf, sizeof buf) < 0)
		return false;
	return procfs_sched_parse(buf, cpu_ns, runq_ns);
}

ssize_t procfs_link(pid_t pid, const char *what, char *buf, size_t size)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
	ssize_t n = readlink(path, buf, size - 1);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

bool procfs_comm(pid_t pid, char *buf, size_t size)
{
	size_t len = 0;
	char *s = procfs_slurp(pid, "comm", 64, &len);

	if (!s || len == 0 || size == 0) {
		free(s);
		return false;
	}
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\0'))
		len--;
	snprintf(buf, size, "%.*s", (int)len, s);
	free(s);
	return len > 0;
}

/* procfs_slurp; short_ends: a read of a page or more that returns less is the end (true of
 * cmdline, whose reads copy the argument area until its end or the count; not of seq_files like
 * maps, which return a page at a time), which saves the read that would return 0. */
static char *procfs_slurp_as(pid_t pid, const char *what, size_t max, size_t *len, bool short_ends)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, off = 0;
	char *buf = malloc(cap + 1);
	while (buf && off < max) {
		if (off == cap) {
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t want = cap - off;
		ssize_t n = read(fd, buf + off, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
		if (short_ends && want >= 4096 && (size_t)n < want)
			break;
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[off] = 0;
	if (len)
		*len = off;
	return buf;
}

char *procfs_slurp(pid_t pid, const char *what, size_t max, size_t *len)
{
	return procfs_slurp_as(pid, what, max, len, false);
}

enum procfs_fdkind procfs_fd_kind(pid_t pid, int fd, unsigned long *ino)
{
	char what[32], link[256];
	snprintf(what, sizeof what, "fd/%d", fd);
	if (procfs_link(pid, what, link, sizeof link) < 0)
		return PROCFS_FD_OTHER;
	if (strncmp(link, "pipe:[", 6) == 0) {
		*ino = strtoul(link + 6, NULL, 10);
		return PROCFS_FD_PIPE;
	}
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	if (stat(path, &st) == 0 && S_ISFIFO(st.st_mode)) {
		*ino = st.st_ino;
		return PROCFS_FD_FIFO;
	}
	return PROCFS_FD_OTHER;
}

bool procfs_fd_named_fifo(pid_t pid, int fd, unsigned long *ino, char *path, size_t size,
                          int *flags)
{
	char what[32], proc_path[64], info[1024];
	struct stat st;
	snprintf(proc_path, sizeof proc_path, "/proc/%d/fd/%d", (int)pid, fd);
	if (stat(proc_path, &st) < 0 || !S_ISFIFO(st.st_mode))
		return false;
	snprintf(what, sizeof what, "fd/%d", fd);
	if (procfs_link(pid, what, path, size) <= 0 || path[0] != '/')
		return false;   /* "pipe:[ino]": an anonymous pipe */
	snprintf(proc_path, sizeof proc_path, "/proc/%d/fdinfo/%d", (int)pid, fd);
	if (procfs_read_small(proc_path, info, sizeof info) < 0)
		return false;
	const char *f = strstr(info, "flags:");
	if (!f)
		return false;
	*flags = (int)strtol(f + 6, NULL, 8);
	*ino = st.st_ino;
	return true;
}

pid_t procfs_pidfd_pid(pid_t pid, int fd)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)pid, fd);
	if (procfs_read_small(path, buf, sizeof buf) < 0)
		return -1;
	char *p = strstr(buf, "\nPid:");
	return p ? (pid_t)strtol(p + 5, NULL, 10) : -1;
}

ssize_t procfs_read_mem(pid_t pid, unsigned long long addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

bool procfs_read_str(pid_t pid, unsigned long long addr, char *buf, size_t size)
{
	/* Read page by page: a string near the end of a mapping must not fail the whole read. */
	size_t off = 0;
	while (off < size - 1) {
		size_t page_left = 4096 - ((addr + off) & 4095);
		size_t chunk = size - 1 - off < page_left ? size - 1 - off : page_left;
		ssize_t n = procfs_read_mem(pid, addr + off, buf + off, chunk);
		if (n <= 0)
			break;
		if (memchr(buf + off, 0, (size_t)n))
			return true;
		off += (size_t)n;
	}
	buf[off] = 0;
	return off > 0;
}

void procfs_image(pid_t pid, size_t max, struct procfs_image *img)
{
	img->have_path = procfs_link(pid, "exe", img->path, sizeof img->path) >= 0;
	img->cmdline_len = 0;
	img->cmdline = procfs_slurp_as(pid, "cmdline", max, &img->cmdline_len, true);
}

void procfs_image_free(struct procfs_image *img)
{
	free(img->cmdline);
	img->cmdline = NULL;
}

struct procfs_sched procfs_sched_get(pid_t pid)
{
	struct procfs_sched s = { false, 0, 0 };
	s.ok = procfs_schedstat(pid, &s.cpu_ns, &s.runq_ns);
	return s;
}

struct procfs_sched procfs_sched_pread(int fd)
{
	struct procfs_sched s = { false, 0, 0 };
	char buf[128];
	ssize_t n;
	do
		n = pread(fd, buf, sizeof buf - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return s;
	buf[n] = 0;
	s.ok = procfs_sched_parse(buf, &s.cpu_ns, &s.runq_ns);
	return s;
}

int procfs_open(pid_t pid, const char *what)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
	return open(path, O_RDONLY | O_CLOEXEC);
}

long procfs_fd_count(pid_t pid)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int procfs_fd_list(pid_t pid, int **fds)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	*fds = NULL;
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			int *v = realloc(*fds, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *v);
			if (!v)
				break;
			*fds = v;
		}
		(*fds)[n++] = atoi(de->d_name);
	}
	closedir(d);
	return n;
}

const struct procfs_ops procfs_ops_real = {
	.stat = procfs_stat,
	.fd_kind = procfs_fd_kind,
	.fd_named_fifo = procfs_fd_named_fifo,
	.fd_count = procfs_fd_count,
	.fd_list = procfs_fd_list,
	.comm = procfs_comm,
};
