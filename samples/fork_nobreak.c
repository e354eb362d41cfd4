/* fork_nobreak — the fork loop WITHOUT `break`: 2^3 = 8 processes.
 *
 *     for (i = 0; i < 3; i++)
 *         fork();             // parent AND child go on looping
 *
 * The original process forks 3 times, its first child 2 times (it continues at i = 1), and so on:
 * 1 + 3 + 3 + 1 = 8 processes in total, 7 of them created by fork.
 *
 * Variant chosen here: after the loop EVERY process reaps its own children (wait until ECHILD)
 * before printing its line and exiting. So each line is printed after the lines of that process's
 * descendants, every ppid printed is the real parent (nobody is orphaned and re-parented to init
 * first), and the program's output is complete when the original process exits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 3

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	int forked = 0; /* how many children THIS process created */
	for (int i = 0; i < ROUNDS; i++) {
		pid_t pid = fork();
		if (pid == -1) {
			perror("fork");
			return 1;
		}
		if (pid > 0)
			forked++;
		else
			forked = 0; /* a new child has no children yet, whatever its parent had */
	}

	/* Reap our own children; wait() fails with ECHILD when none are left. */
	int reaped = 0, failed = 0, status;
	pid_t pid;
	while ((pid = wait(&status)) > 0) {
		reaped++;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}
	if (errno != ECHILD) {
		perror("wait");
		return 1;
	}
	printf("process pid=%d ppid=%d forked=%d reaped=%d\n", (int)getpid(), (int)getppid(), forked,
	       reaped);
	return failed ? 1 : 0;
}
