/* fork_loop — the classic loop that creates 3 children, with `break` in the child.
 *
 *     for (i = 0; i < 3; i++)
 *         if (fork() == 0)
 *             break;          // the child leaves the loop: it must not fork children of its own
 *
 * Without the break every child would go on looping and fork too (see fork_nobreak).
 *
 * The parent deliberately does NOT wait() for its children: each child becomes a zombie when it
 * exits and stays one until the parent itself exits (then init reaps it). So that the parent still
 * outlives all its children, every child holds the write end of a pipe; the parent reads the pipe
 * until end-of-file, which happens only once every child has exited and so closed its copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#define NCHILDREN 3

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	int alive[2]; /* alive[1] is held open by every child until it exits */
	if (pipe(alive) == -1) {
		perror("pipe");
		return 1;
	}

	int i;
	for (i = 0; i < NCHILDREN; i++) {
		pid_t pid = fork();
		if (pid == -1) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			break; /* child: stop looping */
	}

	if (i < NCHILDREN) {
		/* Child number i. It keeps alive[1] open until _exit closes it. */
		close(alive[0]);
		printf("child %d: pid=%d ppid=%d\n", i, (int)getpid(), (int)getppid());
		_exit(0);
	}

	/* Parent (i == NCHILDREN). Close our own write end, or we would wait for ourselves. */
	close(alive[1]);
	char c;
	ssize_t n;
	while ((n = read(alive[0], &c, 1)) > 0)
		;
	if (n == -1) {
		perror("read");
		return 1;
	}
	close(alive[0]);
	printf("parent: pid=%d forked %d children; they have all exited and nobody wait()ed for them:"
	       " they stay zombies until the parent exits\n", (int)getpid(), NCHILDREN);
	return 0;
}
