/* fork_holding.c NPIPES NFORKS — make NPIPES pipes and hold all their ends, then fork NFORKS
 * children one after another (each exits at once and is reaped): a fork of a process holding
 * thousands of pipe ends, the shape issue #18 measured. Prints the number of children reaped. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int npipes = argc > 1 ? atoi(argv[1]) : 2000, nforks = argc > 2 ? atoi(argv[2]) : 200;
	struct rlimit rl;
	int fds[2], reaped = 0;

	/* room for every end */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)(2 * npipes + 16)) {
		rl.rlim_cur = (rlim_t)(2 * npipes + 16);
		if (rl.rlim_max < rl.rlim_cur || setrlimit(RLIMIT_NOFILE, &rl) < 0) {
			fprintf(stderr, "fork_holding: cannot hold %d fds\n", 2 * npipes);
			return 77;
		}
	}
	for (int i = 0; i < npipes; i++)
		if (pipe(fds) < 0) {
			perror("fork_holding: pipe");
			return 1;
		}
	for (int i = 0; i < nforks; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0 && waitpid(pid, NULL, 0) == pid)
			reaped++;
	}
	printf("reaped %d\n", reaped);
	return 0;
}
