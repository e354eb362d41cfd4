/* mmap_file — read a file through a memory mapping instead of read().
 *
 * mmap() makes the file's pages appear in our address space: the bytes of the file are simply
 * memory at the returned address. This sample maps the file read-only with MAP_SHARED (the mapping
 * shows the file itself, and changes by others would be visible; MAP_PRIVATE would give a private
 * copy-on-write view). ptviz records MAP_SHARED mappings only, so this one shows up in a trace.
 *
 * The file is a temporary file (mkstemp) with known text, removed at the end.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char text[] = "Hello from a memory-mapped file!\n"
			   "These bytes were read from memory, not with read().\n";

/* $TMPDIR, or /tmp when it is unset. */
static const char *tmp_base(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

int main(void)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/mmap_file.XXXXXX", tmp_base());
	int fd = mkstemp(path); /* creates and opens a new, unique file */
	if (fd == -1) {
		perror("mkstemp");
		return 1;
	}
	int ret = 1;
	char *map = MAP_FAILED;
	struct stat st;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) || fstat(fd, &st) == -1) {
		perror(path);
		goto out;
	}

	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		goto out;
	}
	/* The mapping holds its own reference to the file: closing the descriptor does not undo it. */
	close(fd);
	fd = -1;

	printf("mmap_file: mapped %lld bytes of %s at %p (MAP_SHARED, read-only):\n",
	       (long long)st.st_size, path, (void *)map);
	fwrite(map, 1, (size_t)st.st_size, stdout);
	ret = 0;
out:
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	if (fd != -1)
		close(fd);
	unlink(path);
	return ret;
}
