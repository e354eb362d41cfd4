/* mmap_reader — helper of mmap_pair: map FILE read-only, MAP_SHARED, and wait for a message.
 *
 * It polls byte 0 of the mapping (1 ms apart, at most 10 s): the writer sets it once its message
 * is complete. The message is then read from memory, not with read().
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mmap_reader FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd == -1) {
		perror(argv[1]);
		return 1;
	}
	const volatile char *map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	struct timespec tick = { 0, 1000000 };
	for (int i = 0; i < 10000 && !__atomic_load_n(&map[0], __ATOMIC_ACQUIRE); i++)
		nanosleep(&tick, NULL);
	if (!map[0]) {
		fprintf(stderr, "mmap_reader: no message after 10 s\n");
		return 1;
	}
	printf("mmap_reader %d: read \"%s\" from memory at %p\n", (int)getpid(), (const char *)map + 1,
	       (const void *)map);
	munmap((void *)map, 4096);
	return 0;
}
