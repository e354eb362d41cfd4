/* leaky_server — a toy server with a zombie leak, for the leak-hunting walkthrough.
 *
 *     leaky_server [REQUESTS [INTERVAL_MS]]      (default 20 requests, 100 ms apart)
 *
 * Each "request" is handled in a forked child (handle_conn), the classic pre-fork-era design.
 * The bug: the server only reaps children on a health check every 5th request, with a single
 * non-blocking waitpid — one child per check, however many are waiting — so zombies pile up
 * while the server runs. `ps` shows them as <defunct>; `ptviz -k -p PID` shows who forked them
 * and from which line, and `ptviz report --check` fails on them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Serve one request in a child of its own. */
static pid_t handle_conn(int request)
{
	pid_t pid = fork();
	if (pid == 0) {
		/* The "work": the child answers and is done. */
		printf("request %d handled by %d\n", request, (int)getpid());
		_exit(0);
	}
	return pid;
}

/* The bug: one waitpid per health check, however many children have exited. */
static void health_check(void)
{
	int status;
	(void)waitpid(-1, &status, WNOHANG);
}

static long parse_arg(const char *s, long fallback)
{
	char *end;
	long v = s ? strtol(s, &end, 10) : fallback;
	if (s && (*end || v < 0)) {
		fprintf(stderr, "leaky_server: '%s' is not a non-negative number\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long requests = parse_arg(argc > 1 ? argv[1] : NULL, 20);
	long interval = parse_arg(argc > 2 ? argv[2] : NULL, 100);

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("leaky_server: pid %d, %ld requests\n", (int)getpid(), requests);
	for (long i = 0; i < requests; i++) {
		if (handle_conn((int)i) == -1) {
			perror("fork");
			return 1;
		}
		if (i % 5 == 4)
			health_check();
		sleep_ms(interval);
	}
	printf("leaky_server: done; the children not reaped are zombies until we exit\n");
	return 0;
}
