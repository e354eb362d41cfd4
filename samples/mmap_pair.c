/* mmap_pair — two unrelated programs share memory through one file mapped MAP_SHARED.
 *
 * Processes need not be related to share memory: any two that map the same file with MAP_SHARED
 * see the same pages (the page cache), so what one stores, the other reads, without read() or
 * write(). Here this program creates a one-page file in a fresh temporary directory, then starts
 * two separate programs found next to it: mmap_reader, which maps the file read-only and waits
 * for a message to appear in it, and mmap_writer, which maps it read-write and stores the
 * message. It reaps both and removes the file and the directory.
 */
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
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

/* Fork and exec `dir`/`name` with the single argument `arg`; returns the pid (-1 on error). */
static pid_t start(const char *dir, const char *name, const char *arg)
{
	char prog[PATH_MAX + 32];
	snprintf(prog, sizeof prog, "%s/%s", dir, name);
	pid_t pid = fork();
	if (pid == 0) {
		execl(prog, name, arg, (char *)NULL);
		perror(prog);
		_exit(127);
	}
	return pid;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len == -1) {
		perror("readlink /proc/self/exe");
		return 1;
	}
	self[len] = '\0';
	const char *bindir = dirname(self);

	char dir[PATH_MAX], file[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/mmap_pair.XXXXXX", tmp_base());
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(file, sizeof file, "%s/shared", dir);
	int ret = 1, fd = open(file, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1 || ftruncate(fd, 4096) == -1) {   /* one page of zeros */
		perror(file);
		goto out;
	}
	close(fd);
	printf("mmap_pair: created %s (4096 bytes)\n", file);
	pid_t r = start(bindir, "mmap_reader", file), w = r > 0 ? start(bindir, "mmap_writer", file) : -1;
	int st, ok = 0;
	for (int i = 0; i < 2; i++) {
		pid_t pid = wait(&st);
		if (pid == -1)
			break;
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
		printf("mmap_pair: %s (pid %d) exited with status %d\n", pid == r ? "mmap_reader" :
		       pid == w ? "mmap_writer" : "?", (int)pid, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	ret = ok == 2 ? 0 : 1;
out:
	unlink(file);
	rmdir(dir);
	return ret;
}
