/* attach_target.c — a small tree to attach to (-p): a sleeping child, a zombie child, and after
 * "go" on stdin a new child that execs /bin/true. Prints "ready PID SLEEPER ZOMBIE" once the tree
 * is complete, then waits for a line on stdin. Exits 7.
 * With "wait": the sleeper reads the "go" line and exits 5, while the parent is already blocked
 * in waitpid() for it when the tracer attaches (the call's entry happened before the attach). */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int attach_wait_mode(void)
{
	char buf[16];
	pid_t sleeper = fork();
	if (sleeper == 0)
		_exit(read(0, buf, sizeof buf) > 0 ? 5 : 1);
	pid_t z = fork();
	if (z == 0)
		_exit(3);
	siginfo_t si;
	waitid(P_PID, (id_t)z, &si, WEXITED | WNOWAIT);
	printf("ready %d %d %d\n", (int)getpid(), (int)sleeper, (int)z);
	fflush(stdout);
	int status = 0;
	waitpid(sleeper, &status, 0);
	waitpid(z, NULL, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 5 ? 7 : 1;
}

int main(int argc, char **argv)
{
	int hold[2];
	char c, buf[16];
	if (argc > 1 && strcmp(argv[1], "wait") == 0)
		return attach_wait_mode();
	if (pipe(hold) < 0)
		return 1;
	pid_t sleeper = fork();
	if (sleeper == 0) {
		close(hold[1]);
		(void)!read(hold[0], &c, 1);   /* until the parent closes its end */
		_exit(0);
	}
	close(hold[0]);
	pid_t z = fork();
	if (z == 0)
		_exit(3);
	siginfo_t si;
	waitid(P_PID, (id_t)z, &si, WEXITED | WNOWAIT);   /* z is a zombie now, still unreaped */
	printf("ready %d %d %d\n", (int)getpid(), (int)sleeper, (int)z);
	fflush(stdout);
	if (read(0, buf, sizeof buf) <= 0)
		return 1;
	pid_t t = fork();
	if (t == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(t, NULL, 0);
	waitpid(z, NULL, 0);
	close(hold[1]);
	waitpid(sleeper, NULL, 0);
	return 7;
}
