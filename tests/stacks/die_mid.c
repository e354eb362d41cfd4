/* die_mid.c — a process killed while it forks as fast as it can, so that SIGKILL lands while the
 * tracer unwinds it (or about to): the trace must end cleanly, with stacks or stack_error.
 * The parent waits for the child's first forks through a pipe (no sleeps), then kills it. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Fork and reap short-lived children forever, one byte on fd after each. */
static void die_mid_churn(int fd)
{
	for (;;) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		if (write(fd, "x", 1) != 1)
			_exit(1);
	}
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20, fds[2], status;
	char c;
	if (pipe(fds) == -1) {
		perror("pipe");
		return 1;
	}
	pid_t child = fork();
	if (child == -1) {
		perror("fork");
		return 1;
	}
	if (child == 0) {
		close(fds[0]);
		die_mid_churn(fds[1]);
	}
	close(fds[1]);
	for (int i = 0; i < rounds; i++)
		if (read(fds[0], &c, 1) != 1)
			return 1;
	kill(child, SIGKILL);
	if (waitpid(child, &status, 0) != child || !WIFSIGNALED(status))
		return 1;
	printf("die_mid: child %d killed by signal %d while forking\n", (int)child, WTERMSIG(status));
	return 0;
}
