/* fifo_writer — opens the FIFO named in argv[1] for writing and writes 3 lines (see fifo_pair).
 *
 * open(O_WRONLY) on a FIFO blocks until some process opens it for reading.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NMESSAGES 3

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIFO\n", argv[0]);
		return 2;
	}
	int fd = open(argv[1], O_WRONLY); /* blocks until the reader opens its end */
	if (fd == -1) {
		perror(argv[1]);
		return 1;
	}
	/* Say so BEFORE writing: after the first write the reader may print at any moment. */
	printf("fifo_writer (pid %d): opened the FIFO, writing %d lines\n", (int)getpid(), NMESSAGES);
	for (int i = 1; i <= NMESSAGES; i++) {
		char line[64];
		int len = snprintf(line, sizeof line, "line %d from writer %d\n", i, (int)getpid());
		if (write(fd, line, (size_t)len) != len) {
			perror("write");
			return 1;
		}
	}
	if (close(fd) == -1) { /* the reader sees end-of-file once the last writer closes */
		perror("close");
		return 1;
	}
	return 0;
}
