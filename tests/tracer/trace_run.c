/* trace_run.c — minimal driver of the tracer library for the integration tests (until the CLI's
 * `ptviz record` exists): ptv_trace_run [--io] [--subreaper] [--no-seccomp] [--every-open] [--exact] [--debug]
 * [--stacks] [--time-limit S] LOG (-p PID | PROG ARGS...). Exits with the traced program's status.
 *
 * Like the CLI, it opens the log itself ("-" is stdout): a new file beside LOG, renamed to LOG
 * when the tracer says tracing has begun (on_log_begun) and removed otherwise, so the tests see
 * that a program that cannot be run never gets that far. */
#include <ptviz/tracer.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ptv_tracer *run_tracer;

/* The log under its temporary name until run_log_begun. */
struct run_log {
	const char *path;
	char tmp[4096];
	bool named;
};

static int run_log_begun(void *ctx)
{
	struct run_log *log = ctx;
	if (rename(log->tmp, log->path) < 0)
		return -errno;
	log->named = true;
	return 0;
}

/* Open the log's temporary file (or stdout) into opts. Returns 0, or -1 with errno set. */
static int run_log_open(struct run_log *log, ptv_tracer_opts *opts)
{
	opts->log_name = log->path;
	if (strcmp(log->path, "-") == 0) {
		log->named = true;
		opts->log_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
		return opts->log_fd < 0 ? -1 : 0;
	}
	snprintf(log->tmp, sizeof log->tmp, "%s.%d.tmp", log->path, (int)getpid());
	opts->log_fd = open(log->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	opts->log_new_file = true;
	opts->on_log_begun = run_log_begun;
	opts->log_ctx = log;
	return opts->log_fd < 0 ? -1 : 0;
}

static void run_on_signal(int sig)
{
	(void)sig;
	if (run_tracer)
		ptv_tracer_request_stop(run_tracer);
}

int main(int argc, char **argv)
{
	ptv_tracer_opts opts = PTV_TRACER_OPTS_INIT;
	struct run_log log = { .named = false };
	ptv_trace_result res;
	char err[512] = "";
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--io") == 0)
			opts.io = true;
		else if (strcmp(argv[i], "--subreaper") == 0)
			opts.subreaper = true;
		else if (strcmp(argv[i], "--every-open") == 0)
			opts.every_open = true;
		else if (strcmp(argv[i], "--exact") == 0)
			opts.exact = true;
		else if (strcmp(argv[i], "--no-seccomp") == 0)
			opts.seccomp = false;
		else if (strcmp(argv[i], "--stacks") == 0)
			opts.stacks = true;
		else if (strcmp(argv[i], "--debug") == 0)
			opts.debug = stderr;
		else if (strcmp(argv[i], "--time-limit") == 0 && i + 1 < argc)
			opts.time_limit = atof(argv[++i]);
		else
			break;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: ptv_trace_run [options] LOG (-p PID | PROG ARGS...)\n");
		return 2;
	}
	log.path = argv[i++];
	if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
		opts.attach_pid = atoi(argv[i + 1]);
	else
		opts.argv = argv + i;
	if (run_log_open(&log, &opts) < 0) {
		fprintf(stderr, "ptviz: %s: %s\n", log.path, strerror(errno));
		return 1;
	}
	int rc = ptv_tracer_new(&run_tracer, &opts, err, sizeof err);
	if (rc == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = run_on_signal;
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		rc = ptv_tracer_run(run_tracer, &res, err, sizeof err);
	}
	ptv_tracer_free(run_tracer);
	if (!log.named)
		unlink(log.tmp);
	if (rc < 0) {
		fprintf(stderr, "ptviz: %s\n", err);
		return rc == PTV_ERR_NOTFOUND ? 127 : rc == PTV_ERR_NOEXEC ? 126 : 1;
	}
	return res.status;
}
