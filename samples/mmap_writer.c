/* mmap_writer — helper of mmap_pair: map FILE read-write, MAP_SHARED, and store a message in it.
 *
 * The message goes in from byte 1 on; byte 0 is set last, as a flag that it is complete (the
 * reader waits for it). A MAP_SHARED store changes the file's pages themselves, so the reader,
 * which mapped the same file, sees it at once; nothing is written with write().
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mmap_writer FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDWR);
	if (fd == -1) {
		perror(argv[1]);
		return 1;
	}
	volatile char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);   /* the mapping keeps the file */
	if (map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	char msg[128];
	snprintf(msg, sizeof msg, "hello from mmap_writer (pid %d)", (int)getpid());
	for (size_t i = 0; i <= strlen(msg); i++)
		map[1 + i] = msg[i];
	__atomic_store_n(&map[0], 1, __ATOMIC_RELEASE);   /* complete */
	printf("mmap_writer %d: stored \"%s\" at %p\n", (int)getpid(), msg, (void *)map);
	munmap((void *)map, 4096);
	return 0;
}
