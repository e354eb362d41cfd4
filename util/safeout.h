/* util/safeout.h — open an output file the way ptviz writes everything it writes: never through a
 * symbolic link, never blocking on a FIFO, never into something it was not asked to write, and
 * never deleting anything it did not create.
 *
 * A regular file is written to a temporary file beside it (created exclusively, with the old
 * file's mode and owner) and renamed over it at commit, so a failure leaves the old file as it
 * was. What the user named and is not a regular file is written in place when it is a character
 * device (/dev/null, a terminal) or a FIFO that has a reader, and refused otherwise (a symbolic
 * link, a FIFO without a reader, a socket, a block device, a directory). Names that ptviz chose
 * itself (SAFEOUT_FRESH) must not exist at all: whatever appeared under them is left alone.
 *
 * Used by both libraries (the log writer, the renderers), so it lives in neither. */
#ifndef PTVIZ_UTIL_SAFEOUT_H
#define PTVIZ_UTIL_SAFEOUT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum safeout_policy {
	SAFEOUT_NAMED,   /* the user named the output: a regular file there may be replaced */
	SAFEOUT_FRESH,   /* ptviz chose the name for this run: create it, replace nothing */
} safeout_policy;

typedef struct safeout {
	int fd;          /* write here; -1 once closed */
	int dirfd;       /* the target's directory (O_PATH); -1 when writing in place */
	char *base;      /* the target's name in dirfd (owned) */
	char *tmp;       /* our temporary file in dirfd, NULL when writing in place or once committed */
	bool regular;    /* fd is a regular file of ours: it may be truncated */
	safeout_policy policy;
} safeout;

#define SAFEOUT_INIT { .fd = -1, .dirfd = -1 }

/* Open path ("-" is standard output) for writing. Returns 0, or -1 with the reason in err (without
 * the path: the caller names it). */
int safeout_open(safeout *o, const char *path, safeout_policy policy, char *err, size_t errlen);

/* Put the file under its name: rename the temporary file over the target (with SAFEOUT_FRESH, only
 * if the name is still free). fd stays open. A no-op for in-place outputs and after a first commit.
 * Returns 0, or -1 with err (the target is then untouched). */
int safeout_commit(safeout *o, char *err, size_t errlen);

/* Close fd; returns 0 or the errno of a failed close (a late write error on some file systems). */
int safeout_close_fd(safeout *o);

/* Let go of everything: close fd, remove the temporary file if it was never committed. Accepts an
 * object that was never opened (SAFEOUT_INIT) or already released. */
void safeout_release(safeout *o);

/* Remove the temporary files of every output still open in this process. Async-signal-safe: for
 * a handler of a fatal signal (Ctrl-C while a picture is written), so none is left behind. */
void safeout_remove_temps(void);

/* write(2) all of buf to fd, continuing short writes, waiting out EAGAIN (a non-blocking pipe) and
 * EINTR. Returns the bytes written; *error is set to errno when that is less than len. */
size_t safeout_write_all(int fd, const void *buf, size_t len, int *error);

#endif
