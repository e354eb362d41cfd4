/* pipe_pump — push N MiB through a pipe from parent to child (a throughput workload).
 *
 * Usage: pipe_pump [MIB]   (default 64)
 *
 * The parent writes MIB mebibytes in 64 KiB chunks and closes the write end; the child reads until
 * end-of-file, counts the bytes and checks their pattern, and prints the total. write() on a pipe
 * may write less than asked (it is interrupted, or the pipe is non-blocking), so the writer loops.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

/* argv[1] as a count in [1, max], or def when absent; -1 (after a message) when invalid. */
static long parse_count(int argc, char **argv, long def, long max)
{
	if (argc < 2)
		return def;
	char *end;
	errno = 0;
	long n = strtol(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || n < 1 || n > max) {
		fprintf(stderr, "usage: %s [MIB]  (1 <= MIB <= %ld, default %ld)\n", argv[0], max, def);
		return -1;
	}
	return n;
}

/* Child: read fd to end-of-file; every byte should be its offset modulo 251. */
static void reader(int fd)
{
	static unsigned char buf[CHUNK];
	unsigned long long total = 0, bad = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("read");
			_exit(1);
		}
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != (unsigned char)((total + (unsigned long long)i) % 251);
		total += (unsigned long long)n;
	}
	printf("child: read %llu bytes (%llu MiB), %llu bytes wrong\n", total, total >> 20, bad);
	_exit(bad ? 1 : 0);
}

/* Write all len bytes of buf to fd. */
static int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */
	long mib = parse_count(argc, argv, 64, 1024 * 1024);
	if (mib < 0)
		return 2;

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
		close(fds[1]);
		reader(fds[0]);
	}
	close(fds[0]);

	/* 251 is prime and does not divide CHUNK, so the pattern shifts from chunk to chunk. */
	static unsigned char chunk[CHUNK];
	unsigned long long total = (unsigned long long)mib << 20, sent = 0;
	while (sent < total) {
		for (size_t i = 0; i < CHUNK; i++)
			chunk[i] = (unsigned char)((sent + i) % 251);
		if (write_all(fds[1], chunk, CHUNK) == -1) {
			perror("write");
			return 1;
		}
		sent += CHUNK;
	}
	close(fds[1]); /* end-of-file for the child */

	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	printf("parent: wrote %llu bytes (%ld MiB); child exit status %d\n", sent, mib,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
