/* cli/trace.c — run the tracer from the command line: show a live status line on a terminal,
 * and turn the tracer's errors, its warnings and a log that could not be written into messages
 * and exit codes. ptviz's own signals while tracing (Ctrl-C, SIGTERM, and the ones the programs
 * send their process group) are the tracer's: see ptv_tracer_run. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "safeout.h"

typedef struct status_line {
	struct timespec last;
	bool shown;
} status_line;

static void status_update(void *ctx, int alive, long events)
{
	status_line *s = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double since = (double)(now.tv_sec - s->last.tv_sec) + (double)(now.tv_nsec - s->last.tv_nsec) / 1e9;
	if (s->shown && since < 0.25)
		return;
	s->last = now;
	s->shown = true;
	fprintf(stderr, "\rptviz: %d process%s alive, %ld events\033[K", alive, alive == 1 ? "" : "es", events);
	fflush(stderr);
}

/* A warning from the tracer, on its own line (the status line, if shown, is cleared first). */
static void trace_warning(void *ctx, const char *msg)
{
	status_line *s = ctx;
	if (s->shown)
		fputs("\r\033[K", stderr);
	s->shown = false;
	cli_warning(NULL, "%s", msg);
}

static int exit_code_for(int rc)
{
	switch (rc) {
	case PTV_ERR_NOTFOUND: return CLI_EXIT_NOTFOUND;
	case PTV_ERR_NOEXEC: return CLI_EXIT_NOEXEC;
	case PTV_ERR_USAGE: return CLI_EXIT_USAGE;
	default: return CLI_EXIT_FAIL;
	}
}

FILE *cli_open_debug(const char *path)
{
	safeout o;
	char err[256];
	FILE *f = NULL;

	if (strcmp(path, "-") == 0)
		return stderr;
	if (safeout_open(&o, path, SAFEOUT_NAMED, err, sizeof err) < 0) {
		cli_error(path, "%s", err);
		return NULL;
	}
	/* Internals are wanted as they come, so the file takes its name at once. */
	if (safeout_commit(&o, err, sizeof err) == 0) {
		f = fdopen(o.fd, "w");
		if (f)
			o.fd = -1;   /* f has it now */
		else
			snprintf(err, sizeof err, "%s", strerror(errno));
	}
	safeout_release(&o);
	if (!f)
		cli_error(path, "%s", err);
	return f;
}

void cli_close_debug(FILE *f)
{
	if (f && f != stderr)
		fclose(f);
}

int cli_trace(const ptv_tracer_opts *opts, bool *ok, ptv_trace_result *res)
{
	ptv_tracer_opts to = *opts;
	ptv_tracer *t = NULL;
	status_line status = { 0 };
	char err[1024] = "";
	int rc, code;

	*ok = false;
	memset(res, 0, sizeof(*res));
	if (isatty(STDERR_FILENO) && !to.on_progress && !to.debug)
		to.on_progress = status_update;
	to.on_warning = trace_warning;
	to.progress_ctx = &status;

	rc = ptv_tracer_new(&t, &to, err, sizeof(err));
	if (rc < 0) {
		cli_error(NULL, "%s", err);
		return exit_code_for(rc);
	}
	rc = ptv_tracer_run(t, res, err, sizeof(err));
	if (status.shown)
		fputs("\r\033[K", stderr);

	if (rc < 0) {
		cli_error(NULL, "%s", err);
		code = exit_code_for(rc);
	} else {
		*ok = true;
		code = res->status;
	}
	ptv_tracer_free(t);
	return code;
}

bool cli_log_failed(const char *path, const ptv_trace_result *res)
{
	const char *name = strcmp(path, "-") == 0 ? "stdout" : path;

	if (!res->log_error)
		return false;
	if (res->log_error == EPIPE) {
		/* `ptviz record -o - | head -1`: the reader had what it wanted. The program is not
		 * killed for it (it could not run on untraced under the filter): it ran to its end. */
		cli_error(name, "the log's reader went away after %ld event%s (%s); the program ran on "
		          "to its end", res->log_events_kept, res->log_events_kept == 1 ? "" : "s",
		          strerror(EPIPE));
		return false;
	}
	if (res->log_empty)
		cli_error(name, "writing the log: %s (nothing written)", strerror(res->log_error));
	else
		cli_error(name, "writing the log: %s (kept the first %ld event%s)", strerror(res->log_error),
		          res->log_events_kept, res->log_events_kept == 1 ? "" : "s");
	return true;
}

int cli_exit_lost(int code)
{
	if (code != 0)
		return code;
	fprintf(stderr, "ptviz: note: the program exited with status 0; ptviz exits with status %d "
	        "because its output is incomplete\n", CLI_EXIT_FAIL);
	return CLI_EXIT_FAIL;
}
