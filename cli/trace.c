/* cli/trace.c — run the tracer from the command line: wire Ctrl-C and SIGTERM to stop requests,
 * show a live status line on a terminal, and turn the tracer's errors into messages and exit
 * codes. */
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* The signal handler needs the tracer; this is the one process-wide pointer, set only while
 * cli_trace runs. */
static ptv_tracer *volatile running_tracer;
static volatile sig_atomic_t sigint_count;

/* Ctrl-C already reaches the traced programs through the terminal's foreground process group:
 * the first one only lets them react as they would untraced. A second Ctrl-C, or a SIGTERM to
 * ptviz, stops the trace. */
static void on_stop_signal(int sig)
{
	if (sig == SIGINT && ++sigint_count < 2)
		return;
	if (running_tracer)
		ptv_tracer_request_stop(running_tracer);
}

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

static int exit_code_for(int rc)
{
	switch (rc) {
	case PTV_ERR_NOTFOUND: return CLI_EXIT_NOTFOUND;
	case PTV_ERR_NOEXEC: return CLI_EXIT_NOEXEC;
	case PTV_ERR_USAGE: return CLI_EXIT_USAGE;
	default: return CLI_EXIT_FAIL;
	}
}

int cli_trace(const ptv_tracer_opts *opts, bool *ok, ptv_trace_result *res)
{
	ptv_tracer_opts to = *opts;
	ptv_tracer *t = NULL;
	status_line status = { 0 };
	char err[1024] = "";
	struct sigaction sa, old_int, old_term;
	int rc, code;

	*ok = false;
	memset(res, 0, sizeof(*res));
	if (isatty(STDERR_FILENO) && !to.on_progress && !to.debug) {
		to.on_progress = status_update;
		to.progress_ctx = &status;
	}

	rc = ptv_tracer_new(&t, &to, err, sizeof(err));
	if (rc < 0) {
		cli_error(NULL, "%s", err);
		return exit_code_for(rc);
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;   /* no SA_RESTART: the tracer's wait must see EINTR */
	sigemptyset(&sa.sa_mask);
	sigint_count = 0;
	running_tracer = t;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	rc = ptv_tracer_run(t, res, err, sizeof(err));

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	running_tracer = NULL;
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
