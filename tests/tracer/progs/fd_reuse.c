/* fd_reuse.c — pipe ends closed and their fd numbers reused at once: a reused number must not be
 * taken for the old pipe (no fcntl or dup event for it), the old ends must be recorded closed
 * before the new pipe on the same numbers, and a child must inherit only what is still open. */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int a[2], b[2];
	if (pipe(a) < 0)
		return 1;
	close(a[0]);
	close(a[1]);
	/* The lowest free numbers come back: a regular file where a's read end was. */
	int f = open("/dev/null", O_RDONLY);
	if (f != a[0])
		return 2;
	fcntl(f, F_SETFL, O_NONBLOCK);   /* not a pipe any more: no fcntl event */
	int g = dup(f);                   /* lands on a's old write end: no dup event */
	close(g);
	close(f);
	if (pipe(b) < 0)                  /* the same numbers again, a new pipe */
		return 3;
	close(b[0]);
	pid_t pid = fork();               /* the child inherits b's write end only */
	if (pid < 0)
		return 4;
	if (pid == 0)
		_exit(0);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 5;
	return 0;
}
