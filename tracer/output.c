/* output.c — what each process printed, without --io's cost: only writes to fds 1 and 2 stop
 * the program (the filter tests the fd register), and only until the process has had
 * output_max bytes recorded; after that its writes run on at once (no exit stop). The bytes are
 * read from the tracee at the exit stop, once the kernel says how many were written. */
#include "output.h"
#include "filter.h"
#include "internal.h"
#include "syscalls.h"

#include <sys/uio.h>

/* iovecs of one writev read for its data (stdio writes one or two). */
enum { OUTPUT_IOV_MAX = 16 };

int output_filter_rules(scmp_filter_ctx ctx, const struct sc_info *sc)
{
	int rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1, SCMP_A0(SCMP_CMP_EQ, 1));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1, SCMP_A0(SCMP_CMP_EQ, 2));
	return rc;
}

bool output_wants(const struct ptv_tracer *tr, const struct thread *t)
{
	unsigned long long fd = t->args[0];
	/* fd 1 dup2'd onto a pipe (ps in `ps | grep`) carries data to a reader, not what is printed. */
	return tr->opts.output_max > 0 && (fd == 1 || fd == 2) &&
	       t->proc->out_bytes < tr->opts.output_max && !fdtab_find(&t->proc->fds, (int)fd);
}

/* Up to len bytes of writev's iovecs into buf; the count read. */
static size_t output_read_iov(pid_t tid, unsigned long long iov_addr, unsigned long long iovcnt,
                              char *buf, size_t len)
{
	struct iovec iov[OUTPUT_IOV_MAX];
	size_t n = iovcnt < OUTPUT_IOV_MAX ? (size_t)iovcnt : OUTPUT_IOV_MAX, got = 0;
	ssize_t r = procfs_read_mem(tid, iov_addr, iov, n * sizeof *iov);
	if (r <= 0)
		return 0;
	n = (size_t)r / sizeof *iov;
	for (size_t i = 0; i < n && got < len; i++) {
		size_t want = iov[i].iov_len < len - got ? iov[i].iov_len : len - got;
		ssize_t k = want ? procfs_read_mem(tid, (unsigned long long)(uintptr_t)iov[i].iov_base,
		                                   buf + got, want) : 0;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

void output_record(struct ptv_tracer *tr, struct thread *t, long ret, bool vec)
{
	struct proc *p = t->proc;
	long max = tr->opts.output_max;
	/* Without the filter every write comes here, whatever its fd. */
	if (ret <= 0 || !output_wants(tr, t) || max <= 0)
		return;
	size_t room = (size_t)(max - p->out_bytes), n = (size_t)ret < room ? (size_t)ret : room;
	char buf[n ? n : 1];
	size_t got;
	if (vec) {
		got = output_read_iov(t->tid, t->args[1], t->args[2], buf, n);
	} else {
		ssize_t r = procfs_read_mem(t->tid, t->args[1], buf, n);
		got = r > 0 ? (size_t)r : 0;
	}
	p->out_bytes += (long)n;
	emit_output(tr->em, p->pid, (int)t->args[0], ret, buf, got, p->out_bytes >= max);
}
