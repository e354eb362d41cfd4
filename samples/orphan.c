/* orphan — the parent exits first; its child becomes an orphan and is adopted.
 *
 * When a process dies, the kernel gives its living children a new parent: init (pid 1), or the
 * nearest "subreaper" (prctl PR_SET_CHILD_SUBREAPER), such as a service manager or `ptviz record
 * --subreaper`. getppid() in the child then returns the adopter's pid.
 *
 * How the child knows its parent has died without sleeping blindly: it reads from a pipe whose
 * write end only the parent holds. read() returns end-of-file once the parent has exited (the
 * kernel closes a dying process's files). The re-parenting happens a moment later in the kernel's
 * exit path, so the child then polls getppid() with a tiny sleep, for at most 2 seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	int parent_alive[2];
	if (pipe(parent_alive) == -1) {
		perror("pipe");
		return 1;
	}
	pid_t parent = getpid();

	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid > 0) {
		/* Parent: exit at once, without waiting for the child. */
		printf("parent %d: forked child %d, exiting without waiting for it\n", (int)parent,
		       (int)pid);
		return 0; /* closes parent_alive[1]: the child's read() sees end-of-file */
	}

	/* Child. Drop our copy of the write end, or we would never see end-of-file. */
	close(parent_alive[1]);
	char c;
	if (read(parent_alive[0], &c, 1) == -1) {
		perror("read");
		_exit(1);
	}
	close(parent_alive[0]);

	/* The parent is gone (or going): wait until the kernel has re-parented us. */
	const struct timespec tick = { 0, 1000000 }; /* 1 ms */
	pid_t ppid = getppid();
	for (int i = 0; i < 2000 && ppid == parent; i++) {
		nanosleep(&tick, NULL);
		ppid = getppid();
	}
	if (ppid == parent) {
		fprintf(stderr, "child %d: still not re-parented after 2 s\n", (int)getpid());
		_exit(1);
	}
	printf("child %d: my parent %d has exited; I was adopted by pid %d\n", (int)getpid(),
	       (int)parent, (int)ppid);
	_exit(0);
}
