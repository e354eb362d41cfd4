/* cli/outdir.c — where the one-command mode writes: DIR/NAME.jsonl, DIR/NAME-tree.EXT and
 * DIR/NAME-timeline.EXT and
 * DIR/NAME.html, with NAME taken from the program and never reusing an older run's
 * files (NAME-2, NAME-3, ...). Nothing is created here: each file claims its name when it is
 * written (PTV_OUTPUT_FRESH: created only where no file is). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"

/* mkdir -p. Returns 0 or -1 with errno set. */
static int make_dirs(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);
	if (len == 0 || len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0777) < 0 && errno != EEXIST)
		return -1;
	struct stat st;
	if (stat(buf, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* A file name stem from a program path: its basename, with characters that are awkward in
 * file names replaced. */
void outdir_stem(const char *program, char *stem, size_t len)
{
	const char *base = strrchr(program, '/');
	base = base ? base + 1 : program;
	if (!*base)
		base = "trace";
	size_t i = 0;
	for (; base[i] && i + 1 < len && i < 64; i++) {
		unsigned char c = (unsigned char)base[i];
		stem[i] = (c == '.' && i == 0) || c <= ' ' || c == '/' || c >= 0x7f ? '_' : (char)c;
	}
	stem[i] = '\0';
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* The names of run n (from 1); whether none of them exists yet. */
static bool outdir_free(outdir_paths *out, int n)
{
	char suffix[16] = "";
	if (n > 1)
		snprintf(suffix, sizeof(suffix), "-%d", n);
	snprintf(out->log, sizeof(out->log), "%s/%s%s.jsonl", out->dir, out->stem, suffix);
	snprintf(out->tree, sizeof(out->tree), "%s/%s%s-tree.%s", out->dir, out->stem, suffix, out->ext);
	snprintf(out->timeline, sizeof(out->timeline), "%s/%s%s-timeline.%s", out->dir, out->stem,
	         suffix, out->ext);
	snprintf(out->html, sizeof(out->html), "%s/%s%s.html", out->dir, out->stem, suffix);
	out->n = n;
	return !exists(out->log) && !exists(out->tree) && !exists(out->timeline) &&
	       !exists(out->html);
}

int outdir_choose(outdir_paths *out, const char *dir, const char *stem, const char *ext)
{
	if (make_dirs(dir) < 0)
		return -1;
	out->dir = dir;
	out->stem = stem;
	out->ext = ext;
	out->n = 0;
	return outdir_choose_again(out);
}

int outdir_choose_again(outdir_paths *out)
{
	for (int n = out->n + 1; n < 10000; n++)
		if (outdir_free(out, n))
			return 0;
	errno = EEXIST;
	return -1;
}
