/* fifo_reader — opens the FIFO named in argv[1] for reading and prints each line it receives
 * until end-of-file (see fifo_pair).
 *
 * open(O_RDONLY) on a FIFO blocks until some process opens it for writing; read() returns 0
 * (end-of-file) once every writer has closed it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIFO\n", argv[0]);
		return 2;
	}
	int fd = open(argv[1], O_RDONLY); /* blocks until the writer opens its end */
	if (fd == -1) {
		perror(argv[1]);
		return 1;
	}
	/* stdio splits the byte stream into lines for us; a read may return any number of bytes. */
	FILE *in = fdopen(fd, "r");
	if (!in) {
		perror("fdopen");
		close(fd);
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	int count = 0;
	while (getline(&line, &cap, in) != -1) {
		line[strcspn(line, "\n")] = '\0';
		printf("fifo_reader (pid %d): got \"%s\"\n", (int)getpid(), line);
		count++;
	}
	int err = ferror(in);
	free(line);
	fclose(in);
	if (err) {
		perror("read");
		return 1;
	}
	printf("fifo_reader (pid %d): end-of-file after %d lines\n", (int)getpid(), count);
	return 0;
}
