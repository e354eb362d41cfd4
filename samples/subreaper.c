/* subreaper — a child subreaper adopts its orphaned grandchildren instead of init.
 *
 * prctl(PR_SET_CHILD_SUBREAPER) marks this process as a "subreaper": when one of its
 * descendants dies, that descendant's children are given to the nearest living subreaper above
 * them, not to init (pid 1). Service managers (systemd --user on a desktop, container inits) do
 * this to keep the daemons they start as their children.
 *
 *   subreaper (this program)       sets PR_SET_CHILD_SUBREAPER
 *   └─ middle                      forks two children, then exits without waiting
 *      ├─ early                    exits at once: a zombie when middle dies
 *      └─ late                     waits for middle's death, then prints getppid()
 *
 * After middle exits, both grandchildren belong to this program: `late` sees getppid() return
 * our pid, and we reap `early` (a zombie that waited for its adopter) and `late` with wait().
 * Deterministic: `late` learns of middle's death from end-of-file on a pipe whose write end only
 * middle held; `early` has exited before middle exits (middle waits for it with WNOWAIT, which
 * leaves it a zombie).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* late: wait for middle's death, then for the re-parenting (it follows the death closely). */
static int late(int middle_alive, pid_t self_reaper)
{
	char c;
	if (read(middle_alive, &c, 1) == -1) {
		perror("read");
		return 1;
	}
	struct timespec tick = { 0, 1000000 };
	for (int i = 0; i < 2000 && getppid() != self_reaper; i++)
		nanosleep(&tick, NULL);
	printf("late %d: middle is gone; getppid() = %d (%s)\n", (int)getpid(), (int)getppid(),
	       getppid() == self_reaper ? "the subreaper" : "not the subreaper");
	return getppid() == self_reaper ? 0 : 1;
}

static int middle(pid_t reaper)
{
	int alive[2];
	if (pipe(alive) == -1) {
		perror("pipe");
		return 1;
	}
	pid_t early = fork();
	if (early == 0)
		_exit(0);
	pid_t late_pid = fork();
	if (early == -1 || late_pid == -1) {
		perror("fork");
		return 1;
	}
	if (late_pid == 0) {
		close(alive[1]);
		_exit(late(alive[0], reaper));
	}
	/* Make sure early is a zombie now, without reaping it (WNOWAIT). */
	siginfo_t si;
	if (waitid(P_PID, (id_t)early, &si, WEXITED | WNOWAIT) == -1) {
		perror("waitid");
		return 1;
	}
	printf("middle %d: early %d is a zombie, late is %d; exiting without waiting\n",
	       (int)getpid(), (int)early, (int)late_pid);
	return 0;   /* closes alive[1]: late sees end-of-file */
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == -1) {
		perror("prctl PR_SET_CHILD_SUBREAPER");
		return 1;
	}
	pid_t self = getpid();
	printf("subreaper %d: PR_SET_CHILD_SUBREAPER set\n", (int)self);
	pid_t mid = fork();
	if (mid == -1) {
		perror("fork");
		return 1;
	}
	if (mid == 0)
		_exit(middle(self));
	int status, ok = 1, reaped = 0;
	pid_t pid;
	/* middle, then the two orphans we adopted: wait() until there is no child left. */
	while ((pid = wait(&status)) > 0) {
		reaped++;
		ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
		printf("subreaper %d: reaped %d (%s)\n", (int)self, (int)pid,
		       pid == mid ? "middle, my child" : "an orphan I adopted");
	}
	printf("subreaper %d: reaped %d processes\n", (int)self, reaped);
	return ok && reaped == 3 ? 0 : 1;
}
