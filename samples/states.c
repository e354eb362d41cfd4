/* states — one process going through the states a timeline shows.
 *
 *   1. running : a busy loop burns 100 ms of CPU time;
 *   2. blocked : nanosleep(100 ms), off the CPU;
 *   3. blocked in wait(): a child computes 50 ms, sleeps 50 ms, exits; the parent waits for it;
 *   4. zombie  : a second child exits at once while the parent sleeps 100 ms before calling
 *                wait(): meanwhile the child is a zombie (exited, not yet reaped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Busy-loop until this process has used `ms` milliseconds of CPU time. */
static void burn_cpu(long ms)
{
	struct timespec start, now;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
	volatile unsigned long spins = 0;
	do {
		for (int i = 0; i < 10000; i++)
			spins++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000L < ms);
}

/* Sleep `ms` milliseconds (the process is blocked, not using the CPU). */
static void sleep_ms(long ms)
{
	const struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

/* wait() for one child and print its exit status; returns 0 when it exited with 0. */
static int reap_one(const char *what)
{
	int status;
	pid_t pid = wait(&status);
	if (pid == -1) {
		perror("wait");
		return -1;
	}
	printf("%s: reaped child %d, exit status %d\n", what, (int)pid,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	printf("phase 1: running, burning 100 ms of CPU\n");
	burn_cpu(100);

	printf("phase 2: blocked in nanosleep for 100 ms\n");
	sleep_ms(100);

	printf("phase 3: blocked in wait() while a child runs then sleeps\n");
	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		burn_cpu(50);
		sleep_ms(50);
		_exit(0);
	}
	if (reap_one("phase 3") == -1)
		return 1;

	printf("phase 4: a child exits at once and stays a zombie while the parent sleeps 100 ms\n");
	pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(0);
	sleep_ms(100);
	if (reap_one("phase 4") == -1)
		return 1;
	return 0;
}
