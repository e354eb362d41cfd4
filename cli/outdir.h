/* cli/outdir.h — output names for the one-command mode. */
#ifndef PTVIZ_CLI_OUTDIR_H
#define PTVIZ_CLI_OUTDIR_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct outdir_paths {
	char log[PATH_MAX];
	char tree[PATH_MAX];
	char timeline[PATH_MAX];
	dev_t log_dev;      /* the empty log file outdir_claim created, to know it again */
	ino_t log_ino;
} outdir_paths;

void outdir_stem(const char *program, char *stem, size_t len);

/* Create dir if needed and claim fresh names for a run (the log file is created empty).
 * Returns 0, or -1 with errno set. */
int outdir_claim(outdir_paths *out, const char *dir, const char *stem, const char *ext);

/* Nothing was recorded: remove the empty log outdir_claim created — only if the name still holds
 * that very file (the tracer replaces it once tracing begins; anything else is not ptviz's). */
void outdir_release(const outdir_paths *paths);

#endif
