/* outfile.h — where a rendered file goes, written so that failure leaves nothing half-done. */
#ifndef PTVIZ_RENDER_OUTFILE_H
#define PTVIZ_RENDER_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct outfile {
	FILE *f;            /* write here between open and commit */
	const char *path;
	char *tmp;          /* the temporary file renamed over path, NULL when writing in place */
} outfile;

/* Open path for writing. "-" is stdout. A regular file (or a new one) is written to a temporary
 * file beside it and renamed over it at commit, so a failed render keeps the old file and leaves
 * no partial one; anything else that exists (/dev/null, a FIFO, a terminal, a symlink) is written
 * in place, since renaming over it would replace the device or the link itself.
 * Returns 0, or -1 with the reason in err. */
int outfile_open(outfile *o, const char *path, char *err, size_t errlen);

/* Finish: flush, close, and rename into place. Returns 0, or -1 with err (the target is then
 * untouched and the temporary file gone). */
int outfile_commit(outfile *o, char *err, size_t errlen);

/* Give up: close and remove the temporary file. Safe after a failed open or commit. */
void outfile_abort(outfile *o);

#endif
