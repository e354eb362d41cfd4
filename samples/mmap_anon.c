/* mmap_anon — parent and child share anonymous memory (MAP_SHARED | MAP_ANONYMOUS).
 *
 * An anonymous mapping has no file behind it. Mapped MAP_SHARED before fork(), the same pages are
 * seen by the parent and by every child: the usual way for related processes to share memory
 * without a file. (With MAP_PRIVATE the child would get a copy-on-write copy, like the global in
 * global_var.)
 *
 * The child counts to 1000 in a shared counter and leaves a message; the parent reads both after
 * wait(). Only one process writes at a time here, so no locking is needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	int counter;
	char message[64];
};

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	/* fd -1 and offset 0: no file. New anonymous memory is zero-filled. */
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	printf("parent: before fork counter=%d\n", sh->counter);

	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		for (int i = 0; i < 1000; i++)
			sh->counter++;
		snprintf(sh->message, sizeof sh->message, "child %d was here", (int)getpid());
		_exit(0);
	}

	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	printf("parent: after the child exited counter=%d message=\"%s\"\n", sh->counter,
	       sh->message);
	int ok = sh->counter == 1000;
	munmap(sh, sizeof *sh);
	return ok ? 0 : 1;
}
