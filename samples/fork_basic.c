/* fork_basic — one fork(): the same program continues in two processes.
 *
 * fork() returns twice: 0 in the child, the child's pid in the parent (and -1, in the parent only,
 * when it fails). Each process prints who it is. The parent waits for the child before printing,
 * so the output order is always: child line, then parent line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	/* Line-buffer stdout even when it is a pipe or a file: otherwise text still sitting in the
	 * buffer at fork() time is copied into the child and printed twice. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		/* The child: fork() returned 0. getppid() is the process that called fork(). */
		printf("child: pid=%d ppid=%d (fork returned 0)\n", (int)getpid(), (int)getppid());
		_exit(0); /* _exit, not exit: the child must not run the parent's atexit handlers */
	}

	/* The parent: fork() returned the child's pid. Wait for it, so it never stays a zombie. */
	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	printf("parent: pid=%d ppid=%d (fork returned %d)\n", (int)getpid(), (int)getppid(), (int)pid);
	if (WIFEXITED(status))
		printf("parent: child %d exit status %d\n", (int)pid, WEXITSTATUS(status));
	return 0;
}
