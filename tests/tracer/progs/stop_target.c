/* stop_target.c — a parent and a child that would wait forever: the child pauses, the parent
 * waits for it. Prints "ready PARENT CHILD" once both exist. For the stop-request tests. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	printf("ready %d %d\n", (int)getpid(), (int)c);
	fflush(stdout);
	waitpid(c, NULL, 0);
	return 0;
}
