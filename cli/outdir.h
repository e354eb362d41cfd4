/* cli/outdir.h — output names for the one-command mode. */
#ifndef PTVIZ_CLI_OUTDIR_H
#define PTVIZ_CLI_OUTDIR_H

#include <limits.h>
#include <stddef.h>

typedef struct outdir_paths {
	char log[PATH_MAX];
	char tree[PATH_MAX];
	char timeline[PATH_MAX];
	char html[PATH_MAX];             /* the interactive page, NAME.html */
	const char *dir, *stem, *ext;   /* what the names are made of (borrowed) */
	int n;                          /* the run number in them (NAME-n), 1 for none */
} outdir_paths;

void outdir_stem(const char *program, char *stem, size_t len);

/* Create dir if needed and choose names for a run that no file has yet (nothing is created:
 * the files are written with PTV_OUTPUT_FRESH). Returns 0, or -1 with errno set. */
int outdir_choose(outdir_paths *out, const char *dir, const char *stem, const char *ext);
/* Another run took the names since they were chosen: the next free ones. 0, or -1 with errno. */
int outdir_choose_again(outdir_paths *out);

#endif
