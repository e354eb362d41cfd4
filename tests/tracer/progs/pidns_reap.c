/* pidns_reap — a program in a new pid namespace that reaps all its children (#18): its wait
 * calls return the pids of its own namespace, which the tracer must translate to its own.
 *
 * unshare(CLONE_NEWPID) (with CLONE_NEWUSER when not root) puts the next child in a new pid
 * namespace, as its init (pid 1 there). That child forks three children and reaps them with
 * wait(), waitpid(pid) and waitid(P_PID), then exits; the parent reaps it. Exits 0 when every
 * reap returned what it should; 77 (skip) when the kernel refuses the namespace here. */
#include <sched.h>
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

int main(void)
{
	int st;
	if (unshare(CLONE_NEWPID) != 0 && unshare(CLONE_NEWUSER | CLONE_NEWPID) != 0) {
		perror("pidns_reap: unshare (skipped)");
		return SKIP;
	}
	pid_t init = fork();
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
