/* fifo_pair — two unrelated programs talk through a named pipe (FIFO).
 *
 * A pipe() only connects processes that inherit its file descriptors. A FIFO has a name in the
 * file system, so any two processes can open it: one for writing, one for reading. open() blocks
 * until the other side has opened it too.
 *
 * This program creates the FIFO with mkfifo() in a fresh temporary directory, then starts the two
 * separate programs fifo_writer and fifo_reader (found in the same directory as this executable,
 * via /proc/self/exe) with the FIFO's path, reaps both, and removes the FIFO and the directory.
 */
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* $TMPDIR, or /tmp when it is unset. */
static const char *tmp_base(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

/* Fork and exec program `prog` (a full path) with the single argument `arg`; returns the pid. */
static pid_t start(const char *prog, const char *arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl(prog, prog, arg, (char *)NULL);
		perror(prog);
		_exit(127);
	}
	return pid;
}

/* Print how a child ended; returns 0 when it exited with status 0. */
static int report(pid_t pid, const char *name, int status)
{
	if (WIFEXITED(status))
		printf("fifo_pair: %s (pid %d) exited with status %d\n", name, (int)pid,
		       WEXITSTATUS(status));
	else
		printf("fifo_pair: %s (pid %d) killed by signal %d\n", name, (int)pid,
		       WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	/* Our own directory: the two helper programs are installed next to us. */
	char self[PATH_MAX], writer[PATH_MAX + 32], reader[PATH_MAX + 32];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len == -1) {
		perror("readlink /proc/self/exe");
		return 1;
	}
	self[len] = '\0';
	const char *bindir = dirname(self);
	snprintf(writer, sizeof writer, "%s/fifo_writer", bindir);
	snprintf(reader, sizeof reader, "%s/fifo_reader", bindir);
	/* Check up front: if one side could not start, the other would block in open() forever. */
	if (access(writer, X_OK) == -1 || access(reader, X_OK) == -1) {
		fprintf(stderr, "fifo_pair: %s and %s must be built next to this program\n", writer,
			reader);
		return 1;
	}

	char dir[PATH_MAX], fifo[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/fifo_pair.XXXXXX", tmp_base());
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	int ret = 1;
	if (mkfifo(fifo, 0600) == -1) {
		perror("mkfifo");
		goto out_dir;
	}
	printf("fifo_pair: created FIFO %s\n", fifo);

	pid_t w = start(writer, fifo);
	if (w == -1) {
		perror("fork");
		goto out_fifo;
	}
	pid_t r = start(reader, fifo);
	if (r == -1) {
		perror("fork");
		/* Nobody will open the read side: unblock the writer by opening it ourselves. */
		int fd = open(fifo, O_RDONLY);
		if (fd != -1)
			close(fd); /* the writer then gets SIGPIPE and dies */
		waitpid(w, NULL, 0);
		goto out_fifo;
	}
	/* Reap both before printing: while the reader runs, its lines and ours would race. */
	int wstatus, rstatus;
	if (waitpid(w, &wstatus, 0) == -1 || waitpid(r, &rstatus, 0) == -1) {
		perror("waitpid");
		goto out_fifo;
	}
	int ok = report(w, "fifo_writer", wstatus) == 0;
	ok = report(r, "fifo_reader", rstatus) == 0 && ok;
	ret = ok ? 0 : 1;
out_fifo:
	unlink(fifo);
out_dir:
	rmdir(dir);
	return ret;
}
