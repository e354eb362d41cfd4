/* fork_tree2.c — a root that forks two children; the first forks a grandchild. Everyone waits
 * for their children, so every reap is a wait4 by the real parent. */
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t a = fork();
	if (a == 0) {
		pid_t g = fork();
		if (g == 0)
			_exit(5);
		waitpid(g, NULL, 0);
		_exit(4);
	}
	pid_t b = fork();
	if (b == 0)
		_exit(6);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	return 0;
}
