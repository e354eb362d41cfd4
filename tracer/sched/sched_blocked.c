/* sched_blocked.c — read /proc/PID/task/TID/syscall and wchan (proc(5)).
 *
 * The syscall file holds "NR ARG1 ... ARG6 SP PC" in hex for a thread blocked in a system
 * call, "-1 SP PC" for one blocked elsewhere (a page fault), "running" for one on a CPU. The
 * kernel reads it with the thread off the CPU (wait_task_inactive), so the figures agree. */
#include "sched_blocked.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read a small /proc file of the thread into buf; returns bytes or a negative errno. */
static int sched_blocked_file(pid_t pid, pid_t tid, const char *name, char *buf, size_t len)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/%d/task/%d/%s", (int)pid, (int)tid, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	ssize_t n;
	while ((n = read(fd, buf, len - 1)) < 0 && errno == EINTR)
		;
	int e = errno;
	close(fd);
	if (n < 0)
		return e == ENOENT ? -ESRCH : -e;
	buf[n] = 0;
	return (int)n;
}

/* Parse the syscall file's text into out; false when it is not in a known form. */
static bool sched_blocked_parse(const char *text, sched_blocked *out)
{
	char *end;
	if (strncmp(text, "running", 7) == 0) {
		out->running = true;
		out->nr = -1;
		return true;
	}
	out->nr = strtol(text, &end, 10);
	if (end == text)
		return false;
	int nvals = out->nr >= 0 ? 8 : 2;
	uint64_t v[8] = { 0 };
	for (int i = 0; i < nvals; i++) {
		const char *p = end;
		v[i] = strtoull(p, &end, 16);
		if (end == p)
			return false;
	}
	if (out->nr >= 0)
		memcpy(out->args, v, sizeof out->args);
	out->sp = v[nvals - 2];
	out->pc = v[nvals - 1];
	return true;
}

int sched_blocked_read(pid_t pid, pid_t tid, sched_blocked *out, char *err, size_t errlen)
{
	char buf[512];
	memset(out, 0, sizeof *out);
	int n = sched_blocked_file(pid, tid, "syscall", buf, sizeof buf);
	if (n < 0) {
		snprintf(err, errlen, "/proc/%d/task/%d/syscall: %s", (int)pid, (int)tid,
		         n == -ESRCH ? "no such thread" : strerror(-n));
		return n;
	}
	if (!sched_blocked_parse(buf, out)) {
		snprintf(err, errlen, "/proc/%d/task/%d/syscall: unexpected \"%.40s\"", (int)pid,
		         (int)tid, buf);
		return -EINVAL;
	}
	/* wchan is best effort: "0" (or nothing) when the kernel does not say */
	if (!out->running && sched_blocked_file(pid, tid, "wchan", buf, sizeof buf) > 0 &&
	    strcmp(buf, "0") != 0) {
		size_t len = strcspn(buf, "\n");
		if (len >= sizeof out->wchan)
			len = sizeof out->wchan - 1;
		memcpy(out->wchan, buf, len);
		out->wchan[len] = 0;
	}
	return 0;
}

int sched_blocked_fd(pid_t pid, int fd, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	ssize_t n = readlink(path, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}
