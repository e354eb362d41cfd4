/* fifo_hold.c — read one line from a FIFO and exit holding it: opened with the flags the filter
 * lets pass (O_RDONLY|O_CLOEXEC), never closed, dup'd or fcntl'd. argv[1]: the FIFO, made, held
 * and written outside the trace (tests/tracer/fifo_held_check.py). */
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
	char c = 0;
	while (c != '\n')
		if (read(fd, &c, 1) != 1)
			_exit(4);
	_exit(0);
}
