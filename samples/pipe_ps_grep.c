/* pipe_ps_grep — the shell pipeline `ps aux | grep '[p]s aux'` built by hand.
 *
 * pipe() gives two file descriptors: fds[0] to read, fds[1] to write. After fork both processes
 * hold both ends. dup2() then moves one end onto standard input/output, the unused ends are
 * closed, and each process exec's its program, which simply reads stdin / writes stdout:
 *
 *     parent: stdout -> fds[1]   then exec ps aux           (the writer)
 *     child:  stdin  <- fds[0]   then exec grep '[p]s aux'  (the reader)
 *
 * Closing the unused ends matters: grep only sees end-of-file when EVERY write end is closed; a
 * forgotten copy of fds[1] in the child would make grep wait forever.
 *
 * The pattern '[p]s aux' matches the text "ps aux" but not grep's own command line
 * ("grep [p]s aux"), so grep prints the line of the ps process, i.e. of this very program, which
 * keeps its pid when it exec's ps (plus any other "ps aux" running on the machine).
 *
 * Nobody waits for grep: the parent has become ps, and when ps exits, grep (still reading the rest
 * of the pipe) is an orphan and gets adopted. Whoever reads our output up to end-of-file still
 * gets all of grep's output, because grep holds that output open until it exits.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */
	printf("pipe_ps_grep: pid %d runs: ps aux | grep '[p]s aux'\n", (int)getpid());

	int fds[2];
	if (pipe(fds) == -1) {
		perror("pipe");
		return 1;
	}
	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		/* Child: the reader. stdin becomes the read end. */
		if (dup2(fds[0], STDIN_FILENO) == -1) {
			perror("dup2");
			_exit(127);
		}
		close(fds[0]);
		close(fds[1]);
		execlp("grep", "grep", "[p]s aux", (char *)NULL);
		perror("execlp grep");
		_exit(127);
	}

	/* Parent: the writer. stdout becomes the write end. */
	if (dup2(fds[1], STDOUT_FILENO) == -1) {
		perror("dup2");
		return 1;
	}
	close(fds[0]);
	close(fds[1]);

	/* After the exec, ps is the parent of grep, a child it does not know about. When grep exits
	 * while ps is still running (ps closes its output before it exits), the kernel sends ps
	 * SIGCHLD, and procps 4.0.2 treats any caught SIGCHLD as a crash ("Signal 17 (CHLD) caught by
	 * ps ... please report this bug") and exits with status 1. The signal mask survives exec, so
	 * blocking SIGCHLD here keeps the signal away from ps. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	execlp("ps", "ps", "aux", (char *)NULL);
	perror("execlp ps");
	return 127;
}
