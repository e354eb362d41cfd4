/* adopter — a subreaper that is not ptviz: runs its arguments as a child after
 * prctl(PR_SET_CHILD_SUBREAPER), so that an orphan made under it (the orphan sample traced by
 * `ptviz record`, without --subreaper) is adopted by this process, as by `systemd --user` on a
 * desktop, and not by init. Reaps every child and adopted orphan until none is left; exits with
 * the first child's status. Used by trace_lesson.sh orphan_adopter to check that the pictures
 * name the adopter. */
#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0, first = -1;
	pid_t child, got;

	if (argc < 2) {
		fprintf(stderr, "usage: adopter PROG [ARGS...]\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
		perror("adopter: prctl(PR_SET_CHILD_SUBREAPER)");
		return 1;
	}
	if ((child = fork()) < 0) {
		perror("adopter: fork");
		return 1;
	}
	if (child == 0) {
		execvp(argv[1], argv + 1);
		perror("adopter: exec");
		_exit(127);
	}
	/* Orphans adopted on the way come back here too: wait until there is nothing left. */
	while ((got = wait(&status)) > 0 || (got < 0 && errno == EINTR))
		if (got == child)
			first = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return first < 0 ? 1 : first;
}
