/* fifo_outside.c — a FIFO made before the trace (argv[1], by the test, as a user's mkfifo would
 * be), so no FIFO is known when the reader starts: the reader opens it the way the filter lets
 * pass (O_RDONLY|O_CLOEXEC), reads the writer's line and exits holding it. The writer (the root)
 * opens it with plain O_WRONLY after the reader was forked; the open is the handshake (it blocks
 * until the reader has its end). The reader's end is seen only at its exit stop. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fifo_outside FIFO\n");
		return 2;
	}
	pid_t kid = fork();
	if (kid < 0)
		return 3;
	if (kid == 0) {
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		char buf[64];
		_exit(fd < 0 ? 10 : read(fd, buf, sizeof buf) <= 0 ? 11 : 0);
	}
	int fd = open(argv[1], O_WRONLY);
	if (fd < 0 || write(fd, "hello\n", 6) != 6)
		return 4;
	close(fd);
	int st;
	return waitpid(kid, &st, 0) == kid && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 5;
}
