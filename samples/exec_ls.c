/* exec_ls — fork, then the child replaces itself with `ls -la DIR` (execlp); the parent waits.
 *
 * The directory listed is a fresh temporary directory holding one file, hello.txt, so the listing
 * always shows the same names. exec only returns when it failed; the child then exits with 127,
 * as a shell does for "command not found". The temporary directory is removed at the end.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* $TMPDIR, or /tmp when it is unset. */
static const char *tmp_base(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	char dir[4096], file[4200];
	snprintf(dir, sizeof dir, "%s/exec_ls.XXXXXX", tmp_base());
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(file, sizeof file, "%s/hello.txt", dir);
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd == -1 || write(fd, "hello\n", 6) != 6 || close(fd) == -1) {
		perror(file);
		rmdir(dir);
		return 1;
	}

	printf("parent: running ls -la %s\n", dir);

	int ret = 1;
	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		goto out;
	}
	if (pid == 0) {
		/* execlp searches PATH for "ls"; the argument list ends with a NULL pointer. */
		execlp("ls", "ls", "-la", dir, (char *)NULL);
		perror("execlp ls"); /* only reached when exec failed */
		_exit(127);
	}

	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		goto out;
	}
	if (WIFEXITED(status))
		printf("parent: ls (pid %d) exited with status %d\n", (int)pid, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("parent: ls (pid %d) was killed by signal %d\n", (int)pid, WTERMSIG(status));
	ret = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
out:
	unlink(file);
	rmdir(dir);
	return ret;
}
