/* outfile.c — open, commit or abandon an output file (see outfile.h for the rules). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"

int outfile_open_as(outfile *o, const char *path, bool fresh, char *err, size_t errlen)
{
	o->f = NULL;
	if (safeout_open(&o->out, path, fresh ? SAFEOUT_FRESH : SAFEOUT_NAMED, err, errlen) < 0)
		return -1;
	o->f = fdopen(o->out.fd, "w");
	if (!o->f) {
		snprintf(err, errlen, "%s", strerror(errno));
		safeout_release(&o->out);
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
	if (f) {
		o->out.fd = -1;   /* fclose closes it */
		if (fclose(f) != 0 && !e && errno != EINTR)
			e = errno;
	}
	if (e) {
		/* A temporary file never reaches the name: the old file, if any, is as it was. */
		snprintf(err, errlen, "writing: %s%s", strerror(e), o->out.tmp ? " (nothing written)" : "");
		outfile_abort(o);
		return -1;
	}
	if (safeout_commit(&o->out, err, errlen) < 0) {
		outfile_abort(o);
		return -1;
	}
	safeout_release(&o->out);
	return 0;
}

void outfile_abort(outfile *o)
{
	if (o->f) {
		o->out.fd = -1;
		fclose(o->f);
	}
	o->f = NULL;
	safeout_release(&o->out);
}
