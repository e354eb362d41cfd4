/* pipe_siblings — `ps aux | grep '[p]s aux'` as two sibling children of one parent.
 *
 * The parent creates the pipe, forks the writer (ps, stdout -> pipe) and the reader (grep,
 * stdin <- pipe), then closes BOTH of its own ends: if it kept the write end open, grep would
 * never see end-of-file. It then reaps both children and prints their exit statuses.
 * (About the '[p]s aux' pattern, see pipe_ps_grep.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Fork a child whose fd `target` becomes `end` of the pipe, then exec argv. Returns the pid. */
static pid_t spawn_with(int fds[2], int end, int target, char *const argv[])
{
	pid_t pid = fork();
	if (pid != 0)
		return pid; /* parent (or -1) */
	if (dup2(fds[end], target) == -1) {
		perror("dup2");
		_exit(127);
	}
	close(fds[0]);
	close(fds[1]);
	execvp(argv[0], argv);
	perror(argv[0]);
	_exit(127);
}

/* Wait for pid and print its status; returns 0 when it exited with status 0. */
static int reap(pid_t pid, const char *name)
{
	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return -1;
	}
	if (WIFEXITED(status))
		printf("parent: %s (pid %d) exited with status %d\n", name, (int)pid,
		       WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("parent: %s (pid %d) killed by signal %d\n", name, (int)pid, WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	/* Printed before forking: after it, grep's output and ours would race. */
	printf("parent: running ps aux | grep '[p]s aux' as two children\n");

	int fds[2];
	if (pipe(fds) == -1) {
		perror("pipe");
		return 1;
	}
	char *const ps_argv[] = { "ps", "aux", NULL };
	char *const grep_argv[] = { "grep", "[p]s aux", NULL };
	pid_t ps = spawn_with(fds, 1, STDOUT_FILENO, ps_argv);
	if (ps == -1) {
		perror("fork");
		return 1;
	}
	pid_t grep = spawn_with(fds, 0, STDIN_FILENO, grep_argv);
	if (grep == -1) {
		perror("fork");
		return 1;
	}
	/* The parent uses neither end: close both, so grep sees end-of-file once ps is done. */
	close(fds[0]);
	close(fds[1]);

	int ok = reap(ps, "ps") == 0;
	ok = reap(grep, "grep") == 0 && ok;
	return ok ? 0 : 1;
}
