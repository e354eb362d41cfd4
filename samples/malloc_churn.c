/* malloc_churn — many large malloc/free pairs, which glibc serves with mmap/munmap.
 *
 * Usage: malloc_churn [ITERATIONS]   (default 2000)
 *
 * glibc's malloc hands out blocks of at least M_MMAP_THRESHOLD bytes (128 KiB by default) as
 * separate private anonymous mappings, and free() unmaps them. By default that threshold moves up
 * after such a block is freed ("dynamic threshold", see mallopt(3)); setting it explicitly turns
 * the adjustment off, so that every allocation here costs one mmap and every free one munmap.
 *
 * Each iteration allocates 4 blocks of 256 KiB to 1 MiB, touches them, and frees them.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIVE 4

/* All above the 128 KiB threshold. */
static const size_t block_sizes[LIVE] = { 256 * 1024, 384 * 1024, 640 * 1024, 1024 * 1024 };

/* argv[1] as a count in [1, max], or def when absent; -1 (after a message) when invalid. */
static long parse_count(int argc, char **argv, long def, long max)
{
	if (argc < 2)
		return def;
	char *end;
	errno = 0;
	long n = strtol(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || n < 1 || n > max) {
		fprintf(stderr, "usage: %s [ITERATIONS]  (1 <= N <= %ld, default %ld)\n", argv[0], max,
			def);
		return -1;
	}
	return n;
}

int main(int argc, char **argv)
{
	long iterations = parse_count(argc, argv, 2000, 100000000);
	if (iterations < 0)
		return 2;
	if (mallopt(M_MMAP_THRESHOLD, 128 * 1024) == 0) {
		fprintf(stderr, "mallopt(M_MMAP_THRESHOLD) failed\n");
		return 1;
	}

	size_t max_mapped = 0;
	unsigned long checksum = 0;
	for (long it = 0; it < iterations; it++) {
		char *blocks[LIVE];
		for (int b = 0; b < LIVE; b++) {
			size_t size = block_sizes[b];
			blocks[b] = malloc(size);
			if (!blocks[b]) {
				perror("malloc");
				return 1;
			}
			/* Touch the first and last page so that the memory really gets used. */
			blocks[b][0] = (char)it;
			blocks[b][size - 1] = (char)b;
			checksum += (unsigned char)blocks[b][0] + (unsigned char)blocks[b][size - 1];
		}
		if (it == 0) {
			/* mallinfo2().hblks counts blocks that currently have their own mapping. */
			max_mapped = mallinfo2().hblks;
		}
		for (int b = 0; b < LIVE; b++)
			free(blocks[b]);
	}
	printf("malloc_churn: %ld iterations of %d malloc/free pairs; %zu of %d blocks were mmapped"
	       " (checksum %lu)\n", iterations, LIVE, max_mapped, LIVE, checksum);
	return max_mapped == LIVE ? 0 : 1;
}
