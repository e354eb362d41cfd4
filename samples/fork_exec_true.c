/* fork_exec_true — N sequential fork + exec of /bin/true, each waited for (a benchmark workload).
 *
 * Usage: fork_exec_true [N]   (default 2000)
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
	long n = parse_count(argc, argv, 2000, 10000000);
	if (n < 0)
		return 2;

	long ok = 0;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == -1) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			perror("execl /bin/true");
			_exit(127);
		}
		int status;
		if (waitpid(pid, &status, 0) == -1) {
			perror("waitpid");
			return 1;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ok++;
	}
	printf("fork_exec_true: ran /bin/true %ld times, %ld exited with status 0\n", n, ok);
	return ok == n ? 0 : 1;
}
