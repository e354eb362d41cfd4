/* sigchld_ign_exec.c — auto-reaping set up two ways the tracer must follow:
 *   "ign"       : SIGCHLD = SIG_IGN, then exec self with "run": SIG_IGN survives exec;
 *   "nocldwait" : a SIGCHLD handler with SA_NOCLDWAIT, no exec.
 * In "run", two children exit and the parent waits until wait() says ECHILD: they were
 * auto-reaped, so wait() blocks until both are gone and then fails. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void sigchld_noop(int sig)
{
	(void)sig;
}

static int sigchld_run(void)
{
	for (int i = 0; i < 2; i++) {
		pid_t c = fork();
		if (c == 0)
			_exit(0);
		if (c < 0)
			return 1;
	}
	/* With auto-reaping wait() blocks until all children are gone, then fails with ECHILD. */
	return wait(NULL) < 0 && errno == ECHILD ? 0 : 2;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "ign") == 0) {
		signal(SIGCHLD, SIG_IGN);
		execl("/proc/self/exe", argv[0], "run", (char *)NULL);
		return 3;
	}
	if (argc > 1 && strcmp(argv[1], "nocldwait") == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = sigchld_noop;
		sa.sa_flags = SA_NOCLDWAIT | SA_RESTART;
		sigaction(SIGCHLD, &sa, NULL);
	}
	return sigchld_run();
}
