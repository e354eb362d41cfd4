/* fork_tree — a tree of N processes built recursively; every process waits for its children.
 *
 * Usage: fork_tree [N]   (default 3000)
 *
 * A process that must grow a subtree of n processes (itself included) forks up to FANOUT children
 * and splits the other n - 1 processes among them as evenly as it can; each child does the same
 * with its share. Every process then waits for its own children and exits with status 0 only if
 * all of them did, so the root's status tells whether the whole tree worked.
 *
 * To count the processes, every process except the root writes one byte into a pipe created by
 * the root. The root closes its own write end after forking and reads the pipe while the tree
 * grows (so the pipe never fills up); end-of-file comes when every process of the tree has exited,
 * since each one holds a copy of the write end. Only then does the root reap its children.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define FANOUT 3

/* argv[1] as a count in [1, max], or def when absent; -1 (after a message) when invalid. */
static long parse_count(int argc, char **argv, long def, long max)
{
	if (argc < 2)
		return def;
	char *end;
	errno = 0;
	long n = strtol(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || n < 1 || n > max) {
		fprintf(stderr, "usage: %s [N]  (1 <= N <= %ld, default %ld)\n", argv[0], max, def);
		return -1;
	}
	return n;
}

static int reap_children(void);

/* Fork the children of a process whose subtree has n processes (itself included); each child
 * counts itself on count_fd, grows its own share and exits. Returns -1 when a fork failed. */
static int spawn_children(long n, int count_fd)
{
	long rest = n - 1; /* processes below us */
	int nchildren = rest < FANOUT ? (int)rest : FANOUT;
	for (int c = 0; c < nchildren; c++) {
		long share = rest / (nchildren - c); /* split the remainder evenly */
		rest -= share;
		pid_t pid = fork();
		if (pid == -1) {
			perror("fork");
			return -1;
		}
		if (pid == 0) {
			int ok = write(count_fd, "x", 1) == 1;
			ok = spawn_children(share, count_fd) == 0 && ok;
			ok = reap_children() == 0 && ok;
			_exit(ok ? 0 : 1);
		}
	}
	return 0;
}

/* Wait for every child of this process; returns 0 when all of them exited with status 0. */
static int reap_children(void)
{
	int status, failed = 0;
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;
	if (errno != ECHILD)
		failed = 1;
	return failed ? -1 : 0;
}

/* The depth of the tree spawn_children() builds for n processes (computed, not measured). */
static int tree_depth(long n)
{
	long rest = n - 1;
	int nchildren = rest < FANOUT ? (int)rest : FANOUT, deepest = 0;
	for (int c = 0; c < nchildren; c++) {
		long share = rest / (nchildren - c);
		rest -= share;
		int d = 1 + tree_depth(share);
		if (d > deepest)
			deepest = d;
	}
	return deepest;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */
	long n = parse_count(argc, argv, 3000, 100000);
	if (n < 0)
		return 2;

	int count[2];
	if (pipe(count) == -1) {
		perror("pipe");
		return 1;
	}
	int ret = spawn_children(n, count[1]);
	close(count[1]); /* from now on only the tree holds the write end */

	long counted = 1; /* the root itself */
	char buf[4096];
	ssize_t got;
	while ((got = read(count[0], buf, sizeof buf)) > 0)
		counted += got;
	close(count[0]);
	if (reap_children() == -1)
		ret = -1;
	printf("fork_tree: %ld processes (fanout %d, depth %d), %s\n", counted, FANOUT, tree_depth(n),
	       ret == 0 ? "all exited with status 0" : "some failed");
	return ret == 0 && counted == n ? 0 : 1;
}
