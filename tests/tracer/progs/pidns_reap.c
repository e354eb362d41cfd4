/* pidns_reap — a program in a new pid namespace that reaps all its children (#18): its wait
 * calls return the pids of its own namespace, which the tracer must translate to its own.
 *
 * unshare(CLONE_NEWPID) (with CLONE_NEWUSER when not root) puts the next child in a new pid
 * namespace, as its init (pid 1 there); `pidns_reap clone` makes that child with
 * clone(CLONE_NEWPID) instead. That child forks three children and reaps them with
 * wait(), waitpid(pid) and waitid(P_PID), then exits; the parent reaps it. Exits 0 when every
 * reap returned what it should; 77 (skip) when the kernel refuses the namespace here. */
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { SKIP = 77 };

static pid_t kid(int code)
{
	pid_t p = fork();
	if (p == 0)
		_exit(code);
	return p;
}

/* pid 1 of the new namespace. */
static int ns_init(void)
{
	siginfo_t si;
	int st;
	if (getpid() != 1)
		return 10;
	pid_t a = kid(1), b = kid(2), c = kid(3);
	if (waitpid(b, &st, 0) != b || !WIFEXITED(st) || WEXITSTATUS(st) != 2)
		return 11;
	if (waitid(P_PID, c, &si, WEXITED) != 0 || si.si_pid != c || si.si_status != 3)
		return 12;
	if (wait(&st) != a || WEXITSTATUS(st) != 1)
		return 13;
	return 0;
}

static int ns_init_fn(void *arg)
{
	(void)arg;
	return ns_init();
}

/* clone(CLONE_NEWPID): the child is the new namespace's init. */
static pid_t clone_init(void)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	pid_t p = clone(ns_init_fn, stack + sizeof stack, CLONE_NEWPID | SIGCHLD, NULL);
	if (p < 0)
		p = clone(ns_init_fn, stack + sizeof stack, CLONE_NEWUSER | CLONE_NEWPID | SIGCHLD, NULL);
	if (p < 0)
		perror("pidns_reap: clone(CLONE_NEWPID) (skipped)");
	return p;
}

int main(int argc, char **argv)
{
	int st;
	pid_t init;
	if (argc > 1 && strcmp(argv[1], "clone") == 0) {
		if ((init = clone_init()) < 0)
			return SKIP;
		if (waitpid(init, &st, 0) != init || !WIFEXITED(st))
			return 1;
		return WEXITSTATUS(st);
	}
	if (unshare(CLONE_NEWPID) != 0 && unshare(CLONE_NEWUSER | CLONE_NEWPID) != 0) {
		perror("pidns_reap: unshare (skipped)");
		return SKIP;
	}
	init = fork();
	if (init < 0) {
		perror("pidns_reap: fork");
		return SKIP;
	}
	if (init == 0)
		_exit(ns_init());
	if (waitpid(init, &st, 0) != init || !WIFEXITED(st))
		return 1;
	return WEXITSTATUS(st);
}
