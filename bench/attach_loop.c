/* attach_loop.c — bench/run's attached workload (issue 16): once told "go" on stdin, a loop of N
 * cheap system calls (getppid) with 4 forks spread through it; 3 children are reaped with waitpid,
 * the 4th is left a zombie (a leak). Prints "ready" first, then the loop's own time in seconds,
 * so that attaching does not count. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 300000;
	char line[16];
	pid_t kids[4];
	int nkids = 0;
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin))
		return 1;
	double t0 = now();
	for (long i = 0; i < n; i++) {
		syscall(SYS_getppid);
		if (nkids < 4 && i == (n / 4) * nkids) {
			pid_t c = fork();
			if (c == 0)
				_exit(0);
			kids[nkids++] = c;
		}
	}
	for (int k = 0; k < 3 && k < nkids; k++)
		waitpid(kids[k], NULL, 0);
	double t1 = now();
	printf("%.6f\n", t1 - t0);
	fflush(stdout);
	return 0;
}
