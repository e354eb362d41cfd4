/* sigpipe — writing to a pipe that nobody can read kills the writer with SIGPIPE.
 *
 * When every read end of a pipe is closed, write() on it raises SIGPIPE in the writer, whose
 * default action is to terminate the process (without a core file). Only a process that ignores
 * or catches SIGPIPE sees write() fail with EPIPE instead.
 *
 * Order of events, made deterministic with a second pipe ("go"):
 *   1. the parent creates the data pipe and forks the child (the writer);
 *   2. both close the read end of the data pipe, so no reader is left anywhere;
 *   3. the parent then closes "go"; the child, blocked reading "go", sees end-of-file
 *      and only now writes into the data pipe -> SIGPIPE.
 * The parent reaps the child and checks WTERMSIG(status) == SIGPIPE.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	int data[2], go[2];
	if (pipe(data) == -1 || pipe(go) == -1) {
		perror("pipe");
		return 1;
	}
	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		/* Our parent (a shell, a test harness) may have ignored SIGPIPE, and ignored signals
		 * stay ignored across fork and exec: restore the default action for the demonstration. */
		signal(SIGPIPE, SIG_DFL);
		close(data[0]); /* the writer does not read */
		close(go[1]);
		char c;
		if (read(go[0], &c, 1) == -1) { /* blocks until the parent closes go[1] */
			perror("read");
			_exit(1);
		}
		if (write(data[1], "hello?\n", 7) == -1) /* no reader left: SIGPIPE kills us here */
			perror("write"); /* reached only when SIGPIPE is ignored or caught: EPIPE */
		_exit(1);
	}

	/* Parent: close the read end first, then let the child write. */
	close(data[0]);
	close(data[1]);
	close(go[0]);
	printf("parent: closed every read end of the pipe; letting child %d write\n", (int)pid);
	close(go[1]);

	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	if (WIFSIGNALED(status)) {
		printf("parent: child %d killed by signal %d (%s)%s\n", (int)pid, WTERMSIG(status),
		       strsignal(WTERMSIG(status)), WTERMSIG(status) == SIGPIPE ? ": SIGPIPE" : "");
		return WTERMSIG(status) == SIGPIPE ? 0 : 1;
	}
	printf("parent: child %d exited with status %d, not killed by SIGPIPE\n", (int)pid,
	       WEXITSTATUS(status));
	return 1;
}
