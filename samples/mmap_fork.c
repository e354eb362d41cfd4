/* mmap_fork — parent and child share memory through a file mapped with MAP_SHARED.
 *
 * After fork() ordinary memory is copied (see global_var), but a MAP_SHARED mapping is not: both
 * processes map the same pages of the same file. The child writes a message into the mapping and
 * exits; the parent, after wait(), reads the message from memory, and reads it once more from the
 * file with pread(), because MAP_SHARED writes go to the file itself.
 *
 * The file is a temporary file (mkstemp), removed at the end.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAP_LEN 4096

/* $TMPDIR, or /tmp when it is unset. */
static const char *tmp_base(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/mmap_fork.XXXXXX", tmp_base());
	int fd = mkstemp(path);
	if (fd == -1) {
		perror("mkstemp");
		return 1;
	}
	int ret = 1;
	char *map = MAP_FAILED;
	/* A new file is empty; give it a size first, a mapping cannot extend a file. */
	if (ftruncate(fd, MAP_LEN) == -1) {
		perror("ftruncate");
		goto out;
	}
	map = mmap(NULL, MAP_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		goto out;
	}

	pid_t pid = fork();
	if (pid == -1) {
		perror("fork");
		goto out;
	}
	if (pid == 0) {
		/* The child writes into the shared pages; no pipe, no write() call. */
		snprintf(map, MAP_LEN, "hello from child %d through a MAP_SHARED file mapping",
			 (int)getpid());
		_exit(0);
	}

	int status;
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		goto out;
	}
	printf("parent: child %d exit status %d\n", (int)pid,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	printf("parent: memory says: %s\n", map);

	char buf[128] = "";
	if (pread(fd, buf, sizeof buf - 1, 0) == -1) {
		perror("pread");
		goto out;
	}
	printf("parent: the file says: %s\n", buf);
	ret = strcmp(buf, map) == 0 && buf[0] ? 0 : 1;
out:
	if (map != MAP_FAILED)
		munmap(map, MAP_LEN);
	close(fd);
	unlink(path);
	return ret;
}
