/* fifo_late.c — FIFOs opened with the flags the seccomp filter lets pass (those of the dynamic
 * loader and of Python: O_RDONLY|O_CLOEXEC; of a compiler's header lookups: O_RDONLY|O_NOCTTY).
 * ptviz learns them later: one reader closes its end (learnt at the close), one dup2()s it onto
 * stdin first (learnt at the dup2), one exits holding it (learnt at the exit). Each writer opens
 * with plain O_WRONLY, which is stopped at and timed. argv[1]: a directory for the FIFOs. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { BY_CLOSE, BY_DUP2, BY_EXIT, NREADERS };

/* The reader: open the way the filter lets pass, read the writer's line, then let go of the end
 * the way `how` says. */
static int reader(const char *path, int how)
{
	int fd = open(path, how == BY_EXIT ? O_RDONLY | O_NOCTTY : O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 10;
	if (how == BY_DUP2) {
		if (dup2(fd, 0) != 0)
			return 11;
		close(fd);
		fd = 0;
	}
	char buf[64];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n <= 0)
		return 12;
	if (how != BY_EXIT)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fifo_late DIR\n");
		return 2;
	}
	char path[NREADERS][4096];
	pid_t kid[NREADERS];
	for (int i = 0; i < NREADERS; i++) {
		snprintf(path[i], sizeof path[i], "%s/fifo%d", argv[1], i);
		unlink(path[i]);
		if (mkfifo(path[i], 0600) < 0)
			return 3;
		kid[i] = fork();
		if (kid[i] < 0)
			return 4;
		if (kid[i] == 0)
			_exit(reader(path[i], i));
		/* The open blocks until the reader has opened its end: the FIFO is the handshake. */
		int fd = open(path[i], O_WRONLY);
		if (fd < 0 || write(fd, "hello\n", 6) != 6)
			return 5;
		close(fd);
	}
	int bad = 0;
	for (int i = 0; i < NREADERS; i++) {
		int st;
		if (waitpid(kid[i], &st, 0) != kid[i] || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad = 1;
		unlink(path[i]);
	}
	return bad ? 6 : 0;
}
