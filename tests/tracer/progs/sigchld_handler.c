/* sigchld_handler.c — a SIGCHLD delivery is recorded only while its receiver catches SIGCHLD
 * (ptviz follows the disposition through rt_sigaction and exec rather than asking /proc at every
 * child's death): child 1 dies under a handler (recorded), child 2 after SIG_DFL (not), child 3
 * execs this program again, which resets the handler, and forks child 4 there (not recorded);
 * child 3's own death comes under the parent's handler again (recorded). */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_sigchld(int sig)
{
	(void)sig;
	caught++;
}

static int reap(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int fork_and_reap(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	return pid < 0 ? -1 : reap(pid);
}

int main(int argc, char **argv)
{
	if (argc > 1)   /* child 3, after its exec: SIGCHLD is back to its default */
		return fork_and_reap();
	struct sigaction sa = { .sa_handler = on_sigchld };
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) < 0 || fork_and_reap() != 0)
		return 1;
	signal(SIGCHLD, SIG_DFL);
	if (fork_and_reap() != 0)
		return 2;
	sigaction(SIGCHLD, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || reap(pid) != 0)
		return 3;
	return caught == 2 ? 0 : 4;
}
