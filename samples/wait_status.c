/* wait_status — decoding the status word that wait() fills in.
 *
 * wait(&status) stores an encoded int: use the macros, never the raw number.
 *   WIFEXITED(status)   -> the child called exit/_exit (or returned from main);
 *                          WEXITSTATUS(status) is the low 8 bits of its exit code.
 *   WIFSIGNALED(status) -> a signal killed it; WTERMSIG(status) is the signal number.
 *
 * Child 1 exits with status 3. Child 2 would run forever; the parent kills it with SIGTERM (a
 * signal whose default action terminates without writing a core file). The children are created
 * and reaped one after the other, so the output order is fixed.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Print what the status of child number `which` says. */
static void report(int which, pid_t pid, int status)
{
	if (WIFEXITED(status))
		printf("child %d (pid %d): exited, exit status %d\n", which, (int)pid,
		       WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("child %d (pid %d): killed by signal %d (%s)\n", which, (int)pid,
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		printf("child %d (pid %d): raw status 0x%x\n", which, (int)pid, (unsigned)status);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */
	int status;

	/* Child 1: a normal exit with status 3. */
	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(3);
	pid_t got = wait(&status); /* &status: wait writes into our variable */
	if (got == -1) {
		perror("wait");
		return 1;
	}
	report(1, got, status);

	/* Child 2: waits for signals forever; the parent terminates it. */
	pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		for (;;)
			pause();
	}
	/* Even if the child has not run yet, the signal stays pending and kills it when it does. */
	if (kill(pid, SIGTERM) == -1) {
		perror("kill");
		return 1;
	}
	got = wait(&status);
	if (got == -1) {
		perror("wait");
		return 1;
	}
	report(2, got, status);
	return 0;
}
