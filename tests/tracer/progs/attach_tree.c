/* attach_tree.c — a tree for attach mode's facts (issue 16), made after the tracer attached.
 * Prints "ready PID", waits for "go" on stdin, then:
 *   A and B exit and are reaped by waitpid (the reaper is this process);
 *   L exits and is never reaped (a leaked zombie; waitid WNOWAIT makes sure it is one);
 *   M forks O and exits; O is orphaned and adopted (PR_SET_PDEATHSIG tells it when: the signal is
 *   sent after its new parent is set, kernel/exit.c forget_original_parent), then reports its new
 *   parent; M is reaped by waitpid.
 * Prints "done A B L M O ADOPTER" and waits for "end" on stdin; then O exits, and so does this
 * process (status 0), leaving L to its adopter. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t tree_child(int code)
{
	pid_t c = fork();
	if (c == 0)
		_exit(code);
	return c;
}

/* O: told when M died, it reports its adopter, then waits for a byte to exit. */
static void tree_orphan(pid_t m, int ready_w, int report_w, int quit_r)
{
	sigset_t set;
	int sig;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	pid_t adopter = getppid();
	if (adopter == m) {
		(void)!write(ready_w, "r", 1);
		sigwait(&set, &sig);
		adopter = getppid();
	}
	(void)!write(report_w, &adopter, sizeof adopter);
	char c;
	(void)!read(quit_r, &c, 1);
	_exit(4);
}

int main(void)
{
	char buf[64];
	int ready[2], report[2], quit[2], opid[2];
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	if (!fgets(buf, sizeof buf, stdin) || strncmp(buf, "go", 2) != 0)
		return 1;
	if (pipe(ready) < 0 || pipe(report) < 0 || pipe(quit) < 0 || pipe(opid) < 0)
		return 1;
	pid_t a = tree_child(1);
	waitpid(a, NULL, 0);
	pid_t b = tree_child(2);
	waitpid(b, NULL, 0);
	pid_t l = tree_child(3);
	siginfo_t si;
	waitid(P_PID, (id_t)l, &si, WEXITED | WNOWAIT);   /* l is a zombie now, left unreaped */
	pid_t m = fork();
	if (m == 0) {
		pid_t self = getpid();
		pid_t o = fork();
		if (o == 0)
			tree_orphan(self, ready[1], report[1], quit[0]);
		char c;
		(void)!read(ready[0], &c, 1);   /* O is watching for this process's death */
		(void)!write(opid[1], &o, sizeof o);
		_exit(0);
	}
	pid_t o = 0, adopter = 0;
	if (read(opid[0], &o, sizeof o) != sizeof o)
		return 1;
	waitpid(m, NULL, 0);
	if (read(report[0], &adopter, sizeof adopter) != sizeof adopter)
		return 1;
	printf("done %d %d %d %d %d %d\n", (int)a, (int)b, (int)l, (int)m, (int)o, (int)adopter);
	fflush(stdout);
	if (!fgets(buf, sizeof buf, stdin))
		return 1;
	(void)!write(quit[1], "q", 1);
	return 0;
}
