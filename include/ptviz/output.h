/* ptviz/output.h — how ptviz writes every file: the event log, the pictures, the exports,
 * --debug.
 *
 * Never through a symbolic link, never blocking on a FIFO, never into something it was not asked
 * to write, and never deleting anything it did not create. A regular file is written to a
 * temporary file beside it (created exclusively, with the old file's mode and owner) and renamed
 * over it at commit, so a failure leaves the old file as it was. What the user named and is not a
 * regular file is written in place when it is a character device (/dev/null, a terminal) or a
 * FIFO that has a reader, and refused otherwise (a symbolic link, a FIFO without a reader, a
 * socket, a block device, a directory). Names that ptviz chose itself (PTV_OUTPUT_FRESH) must not
 * exist at all: whatever appeared under them is left alone.
 *
 * The renderers write through it (libptviz_render); the tracer never opens a path: the caller
 * opens the log here and hands the tracer its descriptor (ptviz/tracer.h).
 */
#ifndef PTVIZ_OUTPUT_H
#define PTVIZ_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ptv_output ptv_output;

typedef enum ptv_output_policy {
	PTV_OUTPUT_NAMED,   /* the user named the output: a regular file there may be replaced */
	PTV_OUTPUT_FRESH,   /* ptviz chose the name for this run: create it, replace nothing */
} ptv_output_policy;

/* Open path ("-" is standard output) for writing. Returns 0, or -1 with the reason in err (without
 * the path: the caller names it); errno is EEXIST when a PTV_OUTPUT_FRESH name is taken already. */
int ptv_output_open(ptv_output **out, const char *path, ptv_output_policy policy, char *err,
                    size_t errlen);

/* The descriptor to write to, handed over: the caller closes it from now on (ptv_output_free no
 * longer does). -1 after the first call. */
int ptv_output_take_fd(ptv_output *o);

/* Whether the output is a new regular file of ptviz's own (not standard output, a device or a
 * FIFO): what was written to it may be cut back. */
bool ptv_output_is_new_file(const ptv_output *o);

/* Put the file under its name: rename the temporary file over the target (with
 * PTV_OUTPUT_FRESH, only if the name is still free: else EEXIST). A no-op for in-place outputs
 * and after a first commit. Returns 0, or -1 with errno set and the reason in err (the target is
 * then untouched). */
int ptv_output_commit(ptv_output *o, char *err, size_t errlen);

/* Before commit: aim the file at another name in the same directory (only the last component of
 * path is taken) -- the name first chosen was taken meanwhile. Returns 0, or -1 (out of memory). */
int ptv_output_rename_target(ptv_output *o, const char *path);

/* Let go: close the descriptor if still held, remove the temporary file if it was never
 * committed (nothing else is touched). Accepts NULL. */
void ptv_output_free(ptv_output *o);

/* Remove the temporary files of every output still open in this process. Async-signal-safe: for
 * a handler of a fatal signal (Ctrl-C while a picture is written), so none is left behind. */
void ptv_output_remove_temps(void);

#ifdef __cplusplus
}
#endif
#endif
