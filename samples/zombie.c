/* zombie — a child exits, its parent does not reap it: the child is a zombie.
 *
 * A process that has exited keeps its process-table entry (pid, exit status, resource usage) until
 * its parent collects it with wait(). Until then it is a zombie: state 'Z' in /proc/PID/stat and
 * "<defunct>" in ps.
 *
 * The parent waits for the child to exit with waitid(..., WEXITED | WNOWAIT): WNOWAIT reports the
 * exit but leaves the child waitable, i.e. it does NOT reap it. The parent then reads the child's
 * state from /proc, lingers 200 ms so the zombie is visible in a timeline, and exits without ever
 * reaping it; init (or a subreaper) then adopts and reaps the zombie.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The state letter of process pid, from /proc/PID/stat; '?' when it cannot be read. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Format: "pid (comm) S ...". comm may contain spaces and ')', so use the LAST ')'. */
	char *paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && paren[2] ? paren[2] : '?';
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(7); /* the child exits at once, with status 7 */

	/* Block until the child has exited, without reaping it (WNOWAIT). */
	siginfo_t info;
	if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) == -1) {
		perror("waitid");
		return 1;
	}
	printf("parent: child %d exited with status %d; not reaped yet\n", (int)pid, info.si_status);
	printf("parent: /proc/%d/stat says state %c (zombie)\n", (int)pid, proc_state(pid));

	const struct timespec linger = { 0, 200000000 }; /* 200 ms: the zombie shows in a timeline */
	nanosleep(&linger, NULL);
	printf("parent: exiting without reaping child %d; its new parent will reap it\n", (int)pid);
	return 0;
}
