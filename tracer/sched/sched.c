/* sched.c — open the context-switch events (one per online CPU), map their rings, close them;
 * and say in words why the kernel refused, since the tracer then falls back to approximate
 * states and the user should know how to get exact ones. */
#include "sched_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { SCHED_CAP_SYS_ADMIN = 21, SCHED_CAP_PERFMON = 38 };

static const char sched_paranoid_path[] = "/proc/sys/kernel/perf_event_paranoid";

/* The attributes of NOTES §7: switch/fork/exit/comm records of the task and its descendants,
 * stamped with tid and CLOCK_MONOTONIC time, user space only (allowed at paranoid level 2). */
static void sched_attr(struct perf_event_attr *a, uint32_t wakeup_bytes, bool read_lost)
{
	memset(a, 0, sizeof *a);
	a->size = sizeof *a;
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_DUMMY;
	a->sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	a->sample_id_all = 1;
	a->context_switch = 1;
	a->task = 1;
	a->comm = 1;
	a->comm_exec = 1;
	a->inherit = 1;
	a->exclude_kernel = 1;
	a->exclude_hv = 1;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->watermark = 1;
	a->wakeup_watermark = wakeup_bytes;
	/* read() then says how many records the ring dropped, also those no LOST record reported */
	a->read_format = read_lost ? PERF_FORMAT_LOST : 0;
}

static int sched_perf_open(struct perf_event_attr *a, pid_t pid, int cpu)
{
	return (int)syscall(SYS_perf_event_open, a, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Read a small integer file; -1 if unreadable. */
static int sched_read_int(const char *path)
{
	char buf[32] = "";
	int v = -1;
	FILE *f = fopen(path, "re");
	if (f && fgets(buf, sizeof buf, f))
		v = (int)strtol(buf, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* Root, or CAP_PERFMON / CAP_SYS_ADMIN in the effective set. */
static bool sched_privileged(void)
{
	char line[256];
	bool priv = geteuid() == 0;
	FILE *f = fopen("/proc/self/status", "re");
	while (!priv && f && fgets(line, sizeof line, f)) {
		if (strncmp(line, "CapEff:", 7) == 0) {
			unsigned long long caps = strtoull(line + 7, NULL, 16);
			priv = (caps >> SCHED_CAP_PERFMON & 1) || (caps >> SCHED_CAP_SYS_ADMIN & 1);
		}
	}
	if (f)
		fclose(f);
	return priv;
}

void sched_refusal_reason(int err, int paranoid, bool privileged, pid_t pid, char *buf,
                          size_t len)
{
	const char *what = strerror(err);
	if ((err == EACCES || err == EPERM) && paranoid > 2 && !privileged)
		snprintf(buf, len, "perf_event_open: %s: kernel.perf_event_paranoid is %d, which keeps "
		         "the scheduler's records from users other than root; run as root or "
		         "`sysctl kernel.perf_event_paranoid=2`", what, paranoid);
	else if ((err == EACCES || err == EPERM) && privileged)
		/* root is refused by something root cannot change from inside: no advice to give */
		snprintf(buf, len, "perf_event_open: %s: refused even to root (a container's seccomp "
		         "profile, as Docker's default one, or a security module forbids it; "
		         "kernel.perf_event_paranoid is %d)", what, paranoid);
	else if (err == EACCES || err == EPERM)
		snprintf(buf, len, "perf_event_open: %s: not allowed to watch pid %d (another user's "
		         "process, a container's seccomp profile or a security module; "
		         "kernel.perf_event_paranoid is %d); run as root, or with "
		         "`sysctl kernel.perf_event_paranoid=2` as the process's owner",
		         what, (int)pid, paranoid);
	else if (err == ENOENT || err == ENODEV || err == EOPNOTSUPP || err == ENOSYS ||
	         err == EINVAL)
		snprintf(buf, len, "perf_event_open: %s: this kernel has no software context-switch "
		         "events (they need Linux 4.3 or later built with CONFIG_PERF_EVENTS)", what);
	else if (err == ESRCH)
		snprintf(buf, len, "perf_event_open: %s: pid %d is gone", what, (int)pid);
	else
		snprintf(buf, len, "perf_event_open: %s", what);
}

/* errno of a failed open, with its reason in err. */
static int sched_refused(int e, pid_t pid, char *err, size_t errlen)
{
	sched_refusal_reason(e, sched_read_int(sched_paranoid_path), sched_privileged(), pid, err,
	                     errlen);
	return -e;
}

/* The online CPUs ("0-3,6" in sysfs), into a new array; *n gets the count. */
static int *sched_online_cpus(int *n)
{
	char buf[4096] = "";
	int *v = NULL, cap = 0;
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	*n = 0;
	if (f && !fgets(buf, sizeof buf, f))
		buf[0] = 0;
	if (f)
		fclose(f);
	if (!buf[0]) /* no sysfs: assume 0..count-1 */
		snprintf(buf, sizeof buf, "0-%ld", sysconf(_SC_NPROCESSORS_ONLN) - 1);
	for (char *p = buf; *p && *p != '\n';) {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;
		if (end == p)
			break;
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		for (long c = lo; c <= hi; c++) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 8;
				int *nv = realloc(v, (size_t)cap * sizeof *v);
				if (!nv) {
					free(v);
					return NULL;
				}
				v = nv;
			}
			v[(*n)++] = (int)c;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return v;
}

/* Map ring r (its fd is open). */
static int sched_map(sched *s, sched_ring *r, char *err, size_t errlen)
{
	void *m = mmap(NULL, s->map_bytes, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (m == MAP_FAILED) {
		int e = errno;
		snprintf(err, errlen, "mmap of a %zu KiB perf ring: %s%s", s->map_bytes / 1024,
		         strerror(e), e == EPERM || e == ENOMEM
		         ? " (over kernel.perf_event_mlock_kb / RLIMIT_MEMLOCK: use fewer ring pages)"
		         : "");
		return -e;
	}
	r->meta = m;
	long page = sysconf(_SC_PAGESIZE);
	uint64_t off = r->meta->data_offset ? r->meta->data_offset : (uint64_t)page;
	r->data = (const unsigned char *)m + off;
	r->size = r->meta->data_size ? r->meta->data_size : s->map_bytes - (size_t)page;
	r->tail = r->pos = r->head = __atomic_load_n(&r->meta->data_tail, __ATOMIC_ACQUIRE);
	return 0;
}

static int sched_check_opts(const sched_opts *o, char *err, size_t errlen)
{
	if (o->ring_pages == 0 || (o->ring_pages & (o->ring_pages - 1)) || o->ring_pages > 65536) {
		snprintf(err, errlen, "ring pages: %u is not a power of two up to 65536", o->ring_pages);
		return -EINVAL;
	}
	if (o->wakeup_percent < 1 || o->wakeup_percent > 100) {
		snprintf(err, errlen, "wake-up mark: %u%% is not in 1..100", o->wakeup_percent);
		return -EINVAL;
	}
	return 0;
}

int sched_new(sched **out, pid_t pid, const sched_opts *opts, char *err, size_t errlen)
{
	struct perf_event_attr a;
	struct timespec ts;
	int *cpus = NULL, ncpus = 0, rc;
	long page = sysconf(_SC_PAGESIZE);
	sched *s = calloc(1, sizeof *s);
	*out = NULL;
	if (!s || !(cpus = sched_online_cpus(&ncpus)) || ncpus == 0) {
		snprintf(err, errlen, "out of memory, or no online CPU");
		rc = -ENOMEM;
		goto out;
	}
	s->opts = *opts;
	if ((rc = sched_check_opts(opts, err, errlen)) < 0)
		goto out;
	if (opts->refuse_errno) {
		rc = sched_refused(opts->refuse_errno, pid, err, errlen);
		goto out;
	}
	s->map_bytes = (size_t)(opts->ring_pages + 1) * (size_t)page;
	s->rings = calloc((size_t)ncpus, sizeof *s->rings);
	s->fds = calloc((size_t)ncpus, sizeof *s->fds);
	if (!s->rings || !s->fds) {
		snprintf(err, errlen, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t data_bytes = (uint64_t)opts->ring_pages * (uint64_t)page;
	uint32_t wakeup = (uint32_t)(data_bytes * opts->wakeup_percent / 100);
	s->lost_readable = true;
	sched_attr(&a, wakeup, true);
	for (int i = 0; i < ncpus; i++) {
		sched_ring *r = &s->rings[i];
		r->cpu = cpus[i];
		r->fd = sched_perf_open(&a, pid, cpus[i]);
		if (r->fd < 0 && errno == EINVAL && i == 0) {
			/* PERF_FORMAT_LOST is Linux 6.0: without it, a loss at the very end goes unseen */
			s->lost_readable = false;
			sched_attr(&a, wakeup, false);
			r->fd = sched_perf_open(&a, pid, cpus[i]);
		}
		if (r->fd < 0) {
			rc = sched_refused(errno, pid, err, errlen);
			goto out;
		}
		s->nrings++;
		if ((rc = sched_map(s, r, err, errlen)) < 0)
			goto out;
		r->last_time = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		s->fds[i] = r->fd;
	}
	s->stats.cpus = s->nrings;
	s->stats.ring_bytes = (size_t)s->rings[0].size;
	*out = s;
	s = NULL;
	rc = 0;
out:
	free(cpus);
	sched_free(s);
	return rc;
}

/* Close the events sched_add_task opened from index `from` on (a failed add leaves nothing). */
static void sched_drop_extra(sched *s, int from)
{
	while (s->nextra > from)
		close(s->extra[--s->nextra]);
}

int sched_add_task(sched *s, pid_t tid, char *err, size_t errlen)
{
	struct perf_event_attr a;
	int from = s->nextra;
	int *nv = realloc(s->extra, (size_t)(s->nextra + s->nrings) * sizeof *nv);
	if (!nv) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	s->extra = nv;
	if (s->opts.refuse_errno)
		return sched_refused(s->opts.refuse_errno, tid, err, errlen);
	sched_attr(&a, (uint32_t)(s->rings[0].size * s->opts.wakeup_percent / 100), s->lost_readable);
	for (int i = 0; i < s->nrings; i++) {
		int fd = sched_perf_open(&a, tid, s->rings[i].cpu);
		if (fd < 0) {
			int rc = sched_refused(errno, tid, err, errlen);
			sched_drop_extra(s, from);
			return rc;
		}
		s->extra[s->nextra++] = fd;
		if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, s->rings[i].fd) < 0) {
			int e = errno;
			snprintf(err, errlen, "PERF_EVENT_IOC_SET_OUTPUT for tid %d: %s", (int)tid,
			         strerror(e));
			sched_drop_extra(s, from);
			return -e;
		}
	}
	return 0;
}

void sched_free(sched *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nextra; i++)
		close(s->extra[i]);
	for (int i = 0; i < s->nrings; i++) {
		if (s->rings[i].meta)
			munmap(s->rings[i].meta, s->map_bytes);
		close(s->rings[i].fd);
	}
	free(s->extra);
	free(s->rings);
	free(s->fds);
	free(s);
}

const int *sched_fds(const sched *s, int *count)
{
	*count = s->nrings;
	return s->fds;
}

unsigned sched_backlog(const sched *s)
{
	uint64_t most = 0;
	for (int i = 0; i < s->nrings; i++) {
		uint64_t p = sched_ring_pending(&s->rings[i]) * 100 / s->rings[i].size;
		if (p > most)
			most = p;
	}
	return (unsigned)most;
}

void sched_get_stats(const sched *s, sched_stats *out)
{
	*out = s->stats;
}
