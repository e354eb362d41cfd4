/* cli/trace.c — run the tracer from the command line: open the log (ptviz/output.h) and give it
 * its name once tracing has begun, show a live status line on a terminal, and turn the tracer's
 * errors, its warnings and a log that could not be written into messages and exit codes.
 * ptviz's own signals while tracing (Ctrl-C, SIGTERM, and the ones the programs send their
 * process group) are the tracer's: see ptv_tracer_run. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* How many times a log whose name ptviz chose looks for another when that one was taken. */
enum { TRACE_RECHOOSE_MAX = 8 };

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
	ptv_output *o = NULL;
	char err[256];
	FILE *f = NULL;

	if (strcmp(path, "-") == 0)
		return stderr;
	if (ptv_output_open(&o, path, PTV_OUTPUT_NAMED, err, sizeof err) < 0) {
		cli_error(path, "%s", err);
		return NULL;
	}
	/* Internals are wanted as they come, so the file takes its name at once. */
	if (ptv_output_commit(o, err, sizeof err) == 0) {
		int fd = ptv_output_take_fd(o);
		f = fdopen(fd, "w");
		if (!f) {
			snprintf(err, sizeof err, "%s", strerror(errno));
			close(fd);
		}
	}
	ptv_output_free(o);
	if (!f)
		cli_error(path, "%s", err);
	return f;
}

void cli_close_debug(FILE *f)
{
	if (f && f != stderr)
		fclose(f);
}

/* Tracing has begun: the log takes its name (replacing an older file only now). A name ptviz
 * chose that another ptviz took meanwhile is chosen again. Returns 0 or -errno. */
static int trace_log_begun(void *ctx)
{
	cli_log *log = ctx;

	for (int tries = 0;; tries++) {
		if (ptv_output_commit(log->out, log->why, sizeof log->why) == 0) {
			log->why[0] = '\0';
			return 0;
		}
		int e = errno;
		if (e != EEXIST || !log->rechoose || tries == TRACE_RECHOOSE_MAX || log->rechoose(log) < 0 ||
		    ptv_output_rename_target(log->out, log->path) < 0)
			return -e;
	}
}

/* The kernel refused the scheduler's records: the states in the log are approximate. Said once,
 * with the reason, which carries the remedy when there is one (tracer/sched/sched.c; root
 * refused by a seccomp profile has none to give); not when the user turned the records off. */
static void trace_sched_note(const ptv_trace_result *res)
{
	if (res->sched_refused[0])
		fprintf(stderr, "ptviz: note: states are approximate: %s\n", res->sched_refused);
}

int cli_trace(const ptv_tracer_opts *opts, cli_log *log, bool *ok, ptv_trace_result *res)
{
	ptv_tracer_opts to = *opts;
	ptv_tracer *t = NULL;
	status_line status = { 0 };
	char err[1024] = "";
	int rc, code;

	*ok = false;
	memset(res, 0, sizeof(*res));
	log->why[0] = '\0';
	/* A name ptviz chose that another ptviz took since is chosen again, as at the commit. */
	for (int tries = 0; ptv_output_open(&log->out, log->path, log->policy, err, sizeof err) < 0;
	     tries++) {
		if (errno != EEXIST || !log->rechoose || tries == TRACE_RECHOOSE_MAX ||
		    log->rechoose(log) < 0) {
			cli_error(log->path, "%s", err);
			return CLI_EXIT_FAIL;
		}
	}
	to.log_fd = ptv_output_take_fd(log->out);
	to.log_name = log->path;
	to.log_new_file = ptv_output_is_new_file(log->out);
	to.on_log_begun = trace_log_begun;
	to.log_ctx = log;
	if (isatty(STDERR_FILENO) && !to.on_progress && !to.debug)
		to.on_progress = status_update;
	to.on_warning = trace_warning;
	to.progress_ctx = &status;

	rc = ptv_tracer_new(&t, &to, err, sizeof(err));
	if (rc == 0)
		rc = ptv_tracer_run(t, res, err, sizeof(err));
	if (status.shown)
		fputs("\r\033[K", stderr);
	if (rc < 0) {
		cli_error(NULL, "%s", err);
		code = exit_code_for(rc);
	} else {
		*ok = true;
		code = res->status;
		trace_sched_note(res);
	}
	ptv_tracer_free(t);
	/* A log that never took its name was ptviz's temporary file: it goes, and nothing else. */
	ptv_output_free(log->out);
	log->out = NULL;
	return code;
}

bool cli_log_failed(const cli_log *log, const ptv_trace_result *res)
{
	const char *name = strcmp(log->path, "-") == 0 ? "stdout" : log->path;
	long kept = res->log_events_kept;

	if (!res->log_error)
		return false;
	if (res->log_error == EPIPE) {
		/* `ptviz record -o - | head -1`: the reader had what it wanted. The program is not
		 * killed for it (it could not run on untraced under the filter): it ran to its end. */
		cli_error(name, "the log's reader went away after %ld event%s (%s); the program ran on "
		          "to its end", kept, kept == 1 ? "" : "s", strerror(EPIPE));
		return false;
	}
	if (log->why[0])
		cli_error(name, "%s (nothing written)", log->why);
	else if (res->log_empty)
		cli_error(name, "writing the log: %s (nothing written)", strerror(res->log_error));
	else
		cli_error(name, "writing the log: %s (kept the first %ld event%s)",
		          strerror(res->log_error), kept, kept == 1 ? "" : "s");
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
