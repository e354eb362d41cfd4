/* fifo_hold.c — read a FIFO to its end and exit holding it: opened with the flags the filter lets
 * pass (O_RDONLY|O_CLOEXEC), never closed, dup'd or fcntl'd. argv[1]: the FIFO, made and written
 * outside the trace (tests/tracer/fifo_wait_check.py). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fifo_hold FIFO\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 3;
	char buf[64];
	ssize_t n, total = 0;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += n;
	_exit(total > 0 ? 0 : 4);
}
