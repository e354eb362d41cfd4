/* wait_forms — every form of the wait family the kernel accepts, one child each (#18): the
 * tracer must record each as the reap it is, by this process. Child i exits with 20 + i at
 * once; the parent collects it with form i (no sleeps: each wait blocks until its child is
 * gone). Prints nothing; exits 0 when every form returned its child with the right status,
 * else the number of the first form that did not. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static pid_t child(int code, int own_group)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		_exit(code);
	}
	if (pid > 0 && own_group)
		setpgid(pid, pid);   /* both sides: whoever runs first, the group exists before the wait */
	return pid;
}

static int exited(int st, int code)
{
	return WIFEXITED(st) && WEXITSTATUS(st) == code;
}

static int si_ok(const siginfo_t *si, pid_t pid, int code)
{
	return si->si_pid == pid && si->si_code == CLD_EXITED && si->si_status == code;
}

int main(void)
{
	int st, form = 0;
	struct rusage ru;
	siginfo_t si;
	pid_t p;

	/* 1: wait(&st): wait4(-1, &st, 0, NULL) */
	p = child(21, 0), form = 1;
	if (wait(&st) != p || !exited(st, 21))
		return form;
	/* 2: waitpid(pid, NULL, 0): no status pointer */
	p = child(22, 0), form = 2;
	if (waitpid(p, NULL, 0) != p)
		return form;
	/* 3: wait4(pid, &st, 0, &rusage) */
	p = child(23, 0), form = 3;
	if (wait4(p, &st, 0, &ru) != p || !exited(st, 23))
		return form;
	/* 4: waitpid(0, ...): any child in the caller's process group */
	p = child(24, 0), form = 4;
	if (waitpid(0, &st, 0) != p || !exited(st, 24))
		return form;
	/* 5: waitpid(-pgid, ...): any child in that group */
	p = child(25, 1), form = 5;
	if (waitpid(-p, &st, 0) != p || !exited(st, 25))
		return form;
	/* 6: waitid(P_ALL, 0, &si, WEXITED) */
	p = child(26, 0), form = 6;
	if (waitid(P_ALL, 0, &si, WEXITED) != 0 || !si_ok(&si, p, 26))
		return form;
	/* 7: waitid(P_PID, pid, NULL, WEXITED): no siginfo (the raw call allows it) */
	p = child(27, 0), form = 7;
	if (syscall(SYS_waitid, P_PID, p, NULL, WEXITED, NULL) != 0)
		return form;
	/* 8: waitid(P_PGID, pgid, &si, WEXITED) */
	p = child(28, 1), form = 8;
	if (waitid(P_PGID, p, &si, WEXITED) != 0 || !si_ok(&si, p, 28))
		return form;
	/* 9: waitid(P_PIDFD, pidfd, &si, WEXITED) */
	p = child(29, 0), form = 9;
	int pidfd = (int)syscall(SYS_pidfd_open, p, 0);
	if (pidfd < 0 || waitid(P_PIDFD, pidfd, &si, WEXITED) != 0 || !si_ok(&si, p, 29))
		return form;
	close(pidfd);
	/* 10: waitid(P_ALL, 0, NULL, WEXITED, &rusage): no siginfo, with rusage */
	p = child(30, 0), form = 10;
	if (syscall(SYS_waitid, P_ALL, 0, NULL, WEXITED, &ru) != 0)
		return form;
	/* 11: waitid(P_PID, pid, &si, WEXITED|WNOWAIT) leaves it; then waitid(P_PID) reaps it */
	p = child(31, 0), form = 11;
	if (waitid(P_PID, p, &si, WEXITED | WNOWAIT) != 0 || !si_ok(&si, p, 31) ||
	    waitid(P_PID, p, &si, WEXITED) != 0 || !si_ok(&si, p, 31))
		return form;
	/* 12: nothing left: ECHILD */
	form = 12;
	if (waitpid(-1, &st, WNOHANG) != -1 || errno != ECHILD)
		return form;
	return 0;
}
