/* outfile.c — open, commit or abandon an output file (see outfile.h for the rules). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"

int outfile_open_as(outfile *o, const char *path, bool fresh, char *err, size_t errlen)
{
	o->f = NULL;
	if (ptv_output_open(&o->out, path, fresh ? PTV_OUTPUT_FRESH : PTV_OUTPUT_NAMED, err,
	                    errlen) < 0)
		return -1;
	int fd = ptv_output_take_fd(o->out);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		snprintf(err, errlen, "%s", strerror(errno));
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_open(outfile *o, const char *path, char *err, size_t errlen)
{
	return outfile_open_as(o, path, false, err, errlen);
}

int outfile_commit(outfile *o, char *err, size_t errlen)
{
	FILE *f = o->f;
	int e = 0;

	o->f = NULL;
	if (!f)
		e = EBADF;
	else if (fflush(f) != 0 || ferror(f))
		e = errno ? errno : EIO;
	if (f && fclose(f) != 0 && !e && errno != EINTR)
		e = errno;
	if (e) {
		/* A temporary file never reaches the name: the old file, if any, is as it was. */
		snprintf(err, errlen, "writing: %s%s", strerror(e),
		         o->out && ptv_output_is_new_file(o->out) ? " (nothing written)" : "");
		outfile_abort(o);
		return -1;
	}
	int rc = ptv_output_commit(o->out, err, errlen);
	outfile_abort(o);   /* after a commit, only lets go */
	return rc;
}

void outfile_abort(outfile *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	ptv_output_free(o->out);
	o->out = NULL;
}
