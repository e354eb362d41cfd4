/* test_pidwatch.c — the zombie watch (tracer/pidwatch.c) on real processes, both ways it can
 * look: a pidfd (POLLHUP at reap, Linux >= 6.9) and /proc polling. A zombie child is watched:
 * it is not gone while unreaped, it is gone (reported once, with when it was last seen) once
 * waitpid collected it, and a sleep on the pidfds is woken by that reap. */
#include "../check.h"
#include "pidwatch.h"
#include "procfs.h"

#include <poll.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t gone_pid;
static int gone_calls;
static int64_t gone_seen;

static void on_gone(void *ctx, pid_t pid, int64_t seen)
{
	(void)ctx;
	gone_pid = pid;
	gone_seen = seen;
	gone_calls++;
}

/* A child that has exited and is not reaped yet. */
static pid_t zombie_child(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, (id_t)c, &si, WEXITED | WNOWAIT);
	return c;
}

static void test_watch(bool use_pidfd)
{
	struct pidwatch *pw = pidwatch_new(use_pidfd);
	pid_t c = zombie_child();
	unsigned long long start = 0;
	CHECK(procfs_stat(c, NULL, NULL, &start));
	gone_calls = 0;
	CHECK(pidwatch_add(pw, c, start, 10));
	CHECK_INT(pidwatch_count(pw), 1);
	pidwatch_check(pw, 20, on_gone, NULL);
	CHECK_INT(gone_calls, 0);   /* a zombie is still there */
	waitpid(c, NULL, 0);
	if (use_pidfd) {
		/* The sleep on the pidfds wakes for the reap (events 0: only POLLHUP). */
		int n = 0;
		struct pollfd *fds = pidwatch_pollfds(pw, 1, &n);
		CHECK_INT(n, 2);
		fds[0] = (struct pollfd){ -1, 0, 0 };
		CHECK_INT(poll(fds, (nfds_t)n, 5000), 1);
	}
	pidwatch_check(pw, 30, on_gone, NULL);
	CHECK_INT(gone_calls, 1);
	CHECK_INT(gone_pid, c);
	CHECK_INT(gone_seen, 20);   /* last seen at the previous check */
	CHECK_INT(pidwatch_count(pw), 0);
	/* A pid already gone is not watched. */
	CHECK(!pidwatch_add(pw, c, start, 40));
	pidwatch_free(pw);
}

int main(void)
{
	if (pidwatch_kernel_ok())
		test_watch(true);
	test_watch(false);
	return check_failures ? 1 : 0;
}
