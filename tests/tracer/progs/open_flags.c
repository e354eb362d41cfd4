/* open_flags.c — which opens the seccomp filter lets pass: one FIFO opened with eight flag
 * combinations, each closed again at once (so every one lands on the same fd). A first O_RDWR
 * open keeps a reader and a writer present, so none of them blocks. Only exactly
 * O_RDONLY|O_CLOEXEC and O_RDONLY|O_NOCTTY may pass (then the open is learnt at the close),
 * through openat and through the old open(2) alike. argv[1]: a directory for the FIFO. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static const struct { int flags; int old_open; } opens[] = {
		{ O_RDONLY | O_CLOEXEC, 0 },              /* passes: learnt at close */
		{ O_RDONLY | O_NOCTTY, 0 },               /* passes */
		{ O_RDONLY | O_NOCTTY | O_CLOEXEC, 0 },   /* both bits: stopped at */
		{ O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0 }, /* another bit: stopped at */
		{ O_RDONLY, 0 },                          /* neither bit: stopped at */
		{ O_WRONLY | O_CLOEXEC, 0 },              /* another bit */
		{ O_RDONLY | O_CLOEXEC, 1 },              /* open(2): passes */
		{ O_RDONLY, 1 },                          /* open(2): stopped at */
	};
	if (argc != 2) {
		fprintf(stderr, "usage: open_flags DIR\n");
		return 2;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/fifo", argv[1]);
	unlink(path);
	if (mkfifo(path, 0600) < 0)
		return 3;
	int keep = open(path, O_RDWR);
	if (keep < 0)
		return 4;
	for (size_t i = 0; i < sizeof opens / sizeof opens[0]; i++) {
		int fd = opens[i].old_open ? (int)syscall(SYS_open, path, opens[i].flags)
		                           : openat(AT_FDCWD, path, opens[i].flags);
		if (fd < 0 || close(fd) < 0)
			return 5;
	}
	close(keep);
	unlink(path);
	return 0;
}
