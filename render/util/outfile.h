/* outfile.h — where a rendered file goes, written so that failure leaves nothing half-done: a
 * stdio stream over a ptv_output (ptviz/output.h). */
#ifndef PTVIZ_RENDER_OUTFILE_H
#define PTVIZ_RENDER_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ptviz/output.h"

typedef struct outfile {
	FILE *f;            /* write here between open and commit */
	ptv_output *out;    /* the file under f (no links followed, nothing blocked on) */
} outfile;

/* Open path for writing. "-" is stdout. A regular file (or a new one) is written to a temporary
 * file beside it and renamed over it at commit, keeping its mode, so a failed render keeps the old
 * file and leaves no partial one; a character device (/dev/null) or a FIFO with a reader is written
 * in place; a symbolic link, a FIFO without a reader, a socket or a directory is refused.
 * fresh: the caller chose the name for this run (ptviz's output directory): create the file and
 * replace nothing that appears under that name meanwhile.
 * Returns 0, or -1 with the reason in err. */
int outfile_open_as(outfile *o, const char *path, bool fresh, char *err, size_t errlen);
/* outfile_open_as for a path the user named. */
int outfile_open(outfile *o, const char *path, char *err, size_t errlen);

/* Finish: flush, close, and rename into place. Returns 0, or -1 with err (the target is then
 * untouched and the temporary file gone). */
int outfile_commit(outfile *o, char *err, size_t errlen);

/* Give up: close and remove the temporary file. Safe after a failed open or commit. */
void outfile_abort(outfile *o);

#endif
