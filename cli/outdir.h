/* cli/outdir.h — output names for the one-command mode. */
#ifndef PTVIZ_CLI_OUTDIR_H
#define PTVIZ_CLI_OUTDIR_H

#include <limits.h>
#include <stddef.h>

typedef struct outdir_paths {
	char log[PATH_MAX];
	char tree[PATH_MAX];
	char timeline[PATH_MAX];
} outdir_paths;

void outdir_stem(const char *program, char *stem, size_t len);

/* Create dir if needed and claim fresh names for a run (the log file is created empty).
 * Returns 0, or -1 with errno set. */
int outdir_claim(outdir_paths *out, const char *dir, const char *stem, const char *ext);

#endif
