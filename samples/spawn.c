/* spawn — starting programs without writing fork + exec yourself.
 *
 * posix_spawn() creates a child and runs a program in it in one call. glibc implements it with
 * clone(CLONE_VM | CLONE_VFORK): like vfork(), the parent is suspended until the child has exec'd,
 * and no copy of the parent's memory is made, which makes it fast for big parents.
 * system("cmd") runs `/bin/sh -c cmd` the same way and waits for it.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

extern char **environ;

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* our lines and echo's come out in order */

	pid_t pid;
	char *const argv[] = { "echo", "hello from posix_spawn", NULL };
	/* Returns an error number (not -1/errno); the child's pid is stored in pid. */
	int err = posix_spawn(&pid, "/bin/echo", NULL, NULL, argv, environ);
	if (err) {
		fprintf(stderr, "posix_spawn /bin/echo: %s\n", strerror(err));
		return 1;
	}
	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	printf("spawn: posix_spawn child %d exit status %d\n", (int)pid,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	/* system() returns a wait status too (or -1 when it could not create the child). */
	status = system("true");
	if (status == -1) {
		perror("system");
		return 1;
	}
	printf("spawn: system(\"true\") exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
