/* many_children — a zombie farm: N children exit at once, the parent reaps them only at the end.
 *
 * Usage: many_children [N]   (default 1000)
 *
 * Every child exits immediately; until the parent gets round to wait(), each one is a zombie.
 * After forking all of them the parent reaps them all and checks that each exited with status 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */
	long n = parse_count(argc, argv, 1000, 100000);
	if (n < 0)
		return 2;

	long forked = 0;
	for (; forked < n; forked++) {
		pid_t pid = fork();
		if (pid == -1) {
			perror("fork"); /* e.g. EAGAIN: the process limit (ulimit -u) was reached */
			break;
		}
		if (pid == 0)
			_exit(0); /* a zombie from now until the parent's wait() */
	}

	long reaped = 0, clean = 0;
	int status;
	while (wait(&status) > 0) {
		reaped++;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			clean++;
	}
	if (errno != ECHILD)
		perror("wait");
	printf("many_children: forked %ld children, reaped %ld, %ld exited with status 0\n", forked,
	       reaped, clean);
	return forked == n && reaped == n && clean == n ? 0 : 1;
}
