/* autoreap — with SIGCHLD set to SIG_IGN, the kernel reaps children itself: no zombies.
 *
 * POSIX lets a parent say it will never wait for its children by ignoring SIGCHLD explicitly
 * (signal(SIGCHLD, SIG_IGN), or SA_NOCLDWAIT). Its children then vanish the moment they exit.
 * A later wait()/waitpid() blocks until every child has exited and then fails with ECHILD:
 * there is nothing left to reap.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define NCHILDREN 3

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	if (signal(SIGCHLD, SIG_IGN) == SIG_ERR) {
		perror("signal");
		return 1;
	}
	pid_t pids[NCHILDREN];
	for (int i = 0; i < NCHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == -1) {
			perror("fork");
			return 1;
		}
		if (pids[i] == 0)
			_exit(i); /* no zombie will be left: the kernel discards us at once */
	}
	printf("parent: forked %d children with SIGCHLD ignored\n", NCHILDREN);

	int status;
	pid_t got = waitpid(-1, &status, 0);
	int err = errno; /* printf may change errno */
	if (got != -1 || err != ECHILD) {
		printf("parent: waitpid(-1) returned %d (%s), expected ECHILD\n", (int)got,
		       strerror(err));
		return 1;
	}
	printf("parent: waitpid(-1) failed with ECHILD (%s): the kernel already reaped them\n",
	       strerror(err));

	/* Confirm: no /proc entry is left, not even a zombie's. */
	for (int i = 0; i < NCHILDREN; i++) {
		char path[64];
		struct stat st;
		snprintf(path, sizeof path, "/proc/%d", (int)pids[i]);
		printf("parent: child %d %s\n", (int)pids[i],
		       stat(path, &st) == -1 ? "is gone from /proc" : "still has a /proc entry");
	}
	return 0;
}
