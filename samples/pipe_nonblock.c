/* pipe_nonblock — reading a pipe without blocking: O_NONBLOCK and EAGAIN.
 *
 * Normally read() on an empty pipe blocks until data arrives or every writer has closed. After
 * fcntl(fd, F_SETFL, flags | O_NONBLOCK), read() on an empty pipe fails at once with errno EAGAIN
 * instead, and the program can do something else in the meantime.
 *
 * The child writes 3 lines, 50 ms apart, then exits (closing the write end). The parent polls the
 * read end: data -> print every complete line; EAGAIN -> nothing yet, sleep 5 ms; 0 -> end-of-file,
 * every writer is gone. read() may return several lines at once or half of one, so the parent
 * collects bytes in a buffer and prints whole lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NMESSAGES 3

/* Child: write NMESSAGES lines into fd with a pause before each. */
static void writer(int fd)
{
	const struct timespec gap = { 0, 50000000 }; /* 50 ms */
	for (int i = 1; i <= NMESSAGES; i++) {
		char line[64];
		int len = snprintf(line, sizeof line, "message %d from the child\n", i);
		nanosleep(&gap, NULL);
		if (write(fd, line, (size_t)len) != len) {
			perror("write");
			_exit(1);
		}
	}
	_exit(0); /* closes fd: the reader gets end-of-file */
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

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
		close(fds[0]);
		writer(fds[1]);
	}
	close(fds[1]); /* keep it and we would never see end-of-file */

	int flags = fcntl(fds[0], F_GETFL);
	if (flags == -1 || fcntl(fds[0], F_SETFL, flags | O_NONBLOCK) == -1) {
		perror("fcntl");
		return 1;
	}

	char buf[256];
	size_t used = 0;
	int eagain = 0, lines = 0;
	const struct timespec poll_gap = { 0, 5000000 }; /* 5 ms */
	for (;;) {
		ssize_t n = read(fds[0], buf + used, sizeof buf - 1 - used);
		if (n == -1 && errno == EAGAIN) {
			eagain++; /* the pipe is empty but a writer still exists */
			nanosleep(&poll_gap, NULL);
			continue;
		}
		if (n == -1) {
			perror("read");
			return 1;
		}
		if (n == 0)
			break; /* end-of-file: the child closed the write end */
		used += (size_t)n;
		buf[used] = '\0';
		/* Print every complete line; keep a partial one for the next read. */
		char *start = buf, *nl;
		while ((nl = strchr(start, '\n'))) {
			*nl = '\0';
			printf("parent got: %s\n", start);
			lines++;
			start = nl + 1;
		}
		used = strlen(start);
		memmove(buf, start, used);
	}
	close(fds[0]);
	printf("parent: end-of-file after %d lines; read() failed with EAGAIN %d times meanwhile\n",
	       lines, eagain);

	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	printf("parent: writer (pid %d) exit status %d\n", (int)pid,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
