/* waitpid_nohang — reaping children without blocking: waitpid(-1, &status, WNOHANG).
 *
 * With WNOHANG, waitpid returns at once: the pid of a child that has exited (now reaped), 0 when
 * children exist but none has exited yet, or -1 (errno ECHILD) when there are no children left.
 * A real program would do useful work between polls (or use SIGCHLD); here the parent sleeps
 * 10 ms so that the loop does not spin on the CPU.
 *
 * Child i sleeps (i + 1) * 50 ms and exits with status 10 + i.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NCHILDREN 3

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	pid_t pids[NCHILDREN];
	for (int i = 0; i < NCHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == -1) {
			perror("fork");
			return 1;
		}
		if (pids[i] == 0) {
			const struct timespec nap = { 0, (i + 1) * 50000000L };
			nanosleep(&nap, NULL);
			_exit(10 + i);
		}
	}

	int reaped = 0, empty_polls = 0;
	const struct timespec poll_gap = { 0, 10000000 }; /* 10 ms between polls */
	while (reaped < NCHILDREN) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid == -1) {
			perror("waitpid"); /* ECHILD here would mean we lost count of our children */
			return 1;
		}
		if (pid == 0) {
			/* Children exist but none has exited yet: do something else, then poll again. */
			empty_polls++;
			nanosleep(&poll_gap, NULL);
			continue;
		}
		int which = -1;
		for (int i = 0; i < NCHILDREN; i++)
			if (pids[i] == pid)
				which = i;
		if (WIFEXITED(status))
			printf("reaped child %d (pid %d): exit status %d\n", which, (int)pid,
			       WEXITSTATUS(status));
		else
			printf("reaped child %d (pid %d): raw status 0x%x\n", which, (int)pid,
			       (unsigned)status);
		reaped++;
	}
	printf("all %d children reaped; %d polls found nothing to reap yet\n", reaped, empty_polls);

	/* Nothing is left: WNOHANG or not, waitpid now fails with ECHILD. */
	if (waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD)
		printf("waitpid(-1, WNOHANG) now fails with ECHILD: no children left\n");
	return 0;
}
