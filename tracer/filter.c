/* filter.c — the seccomp filter: trapped rows of the syscall table become RET_TRACE.
 *
 * libseccomp compiles the rules (arch checks, 64-bit argument tests split in halves); the BPF is
 * exported in the parent so the child only has to call prctl() between fork and execve. */
#include "arch.h"
#include "filter.h"
#include "syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Trap open/openat unless the flags are exactly O_RDONLY|O_NOCTTY or O_RDONLY|O_CLOEXEC (see
 * SC_COND_OPEN_FLAGS). libseccomp allows one comparison per argument in a rule and rules are
 * OR'ed, so: trapped when neither of those two bits is set, when both are, when any other bit is
 * (one rule a bit), or when the register's upper half is not clean. */
static int filter_add_open(scmp_filter_ctx ctx, const struct sc_info *sc)
{
	const scmp_datum_t pass = O_NOCTTY | O_CLOEXEC;
	unsigned arg = (unsigned)sc->cond_arg;
	int rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1,
	                          SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, pass, 0));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1,
		                      SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, pass, pass));
	for (int bit = 0; bit < 32 && rc == 0; bit++) {
		scmp_datum_t b = (scmp_datum_t)1 << bit;
		if (!(b & pass))
			rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1,
			                      SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, b, b));
	}
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1,
		                      SCMP_CMP(arg, SCMP_CMP_GT, (scmp_datum_t)UINT32_MAX));
	return rc;
}

/* Add one trapped row, with its argument condition. */
static int filter_add_row(scmp_filter_ctx ctx, const struct sc_info *sc, bool every_open)
{
	unsigned arg = (unsigned)sc->cond_arg;
	switch (sc->cond) {
	case SC_COND_OPEN_FLAGS:
		if (every_open)
			break;
		return filter_add_open(ctx, sc);
	case SC_COND_MAP_SHARED:
		return seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1,
		                        SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, MAP_SHARED, MAP_SHARED));
	case SC_COND_SIGCHLD:
		return seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1,
		                        SCMP_CMP(arg, SCMP_CMP_EQ, SIGCHLD));
	case SC_COND_FCNTL_CMD: {
		/* One rule per command: rules on one call are OR'ed. */
		static const int cmds[] = { F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD, F_SETFL };
		for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
			int rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 1,
			                          SCMP_CMP(arg, SCMP_CMP_EQ, (scmp_datum_t)cmds[i]));
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	case SC_COND_NONE:
		break;
	}
	return seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TRACE_DATA), sc->nr, 0);
}

/* Read the whole of fd (from offset 0) into a malloc'd buffer. */
static int filter_slurp(int fd, void **buf, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	*buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!*buf)
		return -ENOMEM;
	ssize_t n = pread(fd, *buf, st.st_size, 0);
	if (n != st.st_size) {
		free(*buf);
		*buf = NULL;
		return n < 0 ? -errno : -EIO;
	}
	*len = (size_t)n;
	return 0;
}

int filter_build(struct sock_fprog *prog, const ptv_tracer_opts *opts, char *err, size_t errlen)
{
	int rc = 0, fd = -1, count;
	void *buf = NULL;
	size_t len = 0;
	const struct sc_info *rows = sc_table(&count);
	/* Other architectures (x32, i386 binaries) pass untraced rather than being killed. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	if (!ctx) {
		rc = -ENOMEM;
		snprintf(err, errlen, "seccomp_init failed");
		goto out;
	}
	/* The table's numbers are the tracer's own architecture's, which is libseccomp's native one
	 * (the only arch in a new context). */
	if (seccomp_arch_native() != arch_audit) {
		rc = -EINVAL;
		snprintf(err, errlen, "libseccomp's native architecture is not the tracer's");
		goto out;
	}
	seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (int i = 0; i < count; i++) {
		if (!sc_trapped(&rows[i], opts->io, opts->stacks))
			continue;
		rc = filter_add_row(ctx, &rows[i], opts->every_open);
		if (rc < 0) {
			snprintf(err, errlen, "seccomp rule for %s: %s", rows[i].name, strerror(-rc));
			goto out;
		}
	}
	fd = memfd_create("ptviz-bpf", MFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		goto out;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		snprintf(err, errlen, "seccomp_export_bpf: %s", strerror(-rc));
		goto out;
	}
	rc = filter_slurp(fd, &buf, &len);
	if (rc < 0) {
		snprintf(err, errlen, "reading the BPF program: %s", strerror(-rc));
		goto out;
	}
	prog->len = (unsigned short)(len / sizeof(struct sock_filter));
	prog->filter = buf;
	buf = NULL;
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	if (ctx)
		seccomp_release(ctx);
	return rc;
}

int filter_install(const struct sock_fprog *prog)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	/* Unprivileged: the kernel demands NO_NEW_PRIVS (setuid programs then run unelevated). */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0) < 0)
		return -errno;
	return 0;
}
