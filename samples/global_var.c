/* global_var — after fork(), parent and child do NOT share their global variables.
 *
 * fork() gives the child a copy of the parent's memory (copy-on-write). The child changes the
 * global; the parent, which waits for the child first, still sees the old value. Both print the
 * variable's address: it is the same virtual address in both, yet two different pieces of memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int counter = 10; /* a global: lives in the data segment of each process */

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		counter++; /* changes the child's copy only */
		printf("child: counter=%d at %p\n", counter, (void *)&counter);
		_exit(0);
	}

	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	/* The child has finished (and incremented its copy); ours is untouched. */
	printf("parent: counter=%d at %p\n", counter, (void *)&counter);
	return 0;
}
