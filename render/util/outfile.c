/* outfile.c — open, commit or abandon an output file (see outfile.h for the rules). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* The process umask, read without changing it (umask(2) can only be read by setting it). */
static mode_t outfile_umask(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	unsigned int mask = 022;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Umask: %o", &mask) == 1)
			break;
	if (f)
		fclose(f);
	return (mode_t)mask;
}

int outfile_open(outfile *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	int fd;

	o->f = NULL;
	o->tmp = NULL;
	o->path = path;
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "cannot write '%s': %s", path, strerror(EISDIR));
			return -1;
		}
		o->f = fopen(path, "w");
		if (!o->f) {
			snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	/* Beside the target, so the rename stays within one file system. */
	if (asprintf(&o->tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
	             slash ? slash + 1 : path) < 0) {
		o->tmp = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	fchmod(fd, 0666 & ~outfile_umask());
	o->f = fdopen(fd, "w");
	if (!o->f) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_commit(outfile *o, char *err, size_t errlen)
{
	FILE *f = o->f;
	int rc = 0;

	o->f = NULL;
	if (f == stdout) {
		if (fflush(stdout) != 0) {
			snprintf(err, errlen, "cannot write to stdout: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (!f || fflush(f) != 0 || ferror(f))
		rc = -1;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc == 0 && o->tmp && rename(o->tmp, o->path) != 0)
		rc = -1;
	if (rc < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno ? errno : EIO));
		outfile_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void outfile_abort(outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
}
