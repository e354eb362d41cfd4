/* stop_cont — job control seen from the parent: SIGSTOP, SIGCONT, and waitpid.
 *
 * A stopped process is not dead: it just does not run until SIGCONT. Its parent can observe both
 * changes with waitpid():
 *   WUNTRACED  -> also report children that stopped   (WIFSTOPPED, WSTOPSIG)
 *   WCONTINUED -> also report children that continued (WIFCONTINUED)
 * Neither report reaps the child. Finally the parent terminates it with SIGTERM and reaps it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Send sig to pid, then wait for the state change that `options` asks for. */
static int signal_and_wait(pid_t pid, int sig, int options, int *status)
{
	if (kill(pid, sig) == -1) {
		perror("kill");
		return -1;
	}
	if (waitpid(pid, status, options) == -1) {
		perror("waitpid");
		return -1;
	}
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		for (;;)
			pause(); /* wait for signals; SIGTERM will end us */
	}

	int status;
	if (signal_and_wait(pid, SIGSTOP, WUNTRACED, &status) == -1)
		return 1;
	if (WIFSTOPPED(status))
		printf("parent: child %d stopped by signal %d (%s)\n", (int)pid, WSTOPSIG(status),
		       strsignal(WSTOPSIG(status)));

	if (signal_and_wait(pid, SIGCONT, WCONTINUED, &status) == -1)
		return 1;
	if (WIFCONTINUED(status))
		printf("parent: child %d continued\n", (int)pid);

	if (signal_and_wait(pid, SIGTERM, 0, &status) == -1)
		return 1;
	if (WIFSIGNALED(status))
		printf("parent: child %d terminated by signal %d (%s), reaped\n", (int)pid,
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? 0 : 1;
}
