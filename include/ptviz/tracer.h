/* ptviz/tracer.h — record the life of a process tree into an event log.
 *
 * The tracer runs (or attaches to) a program under ptrace, follows every process it creates and
 * writes the event log described in docs/event-log.md. It never reads the log back: rendering is
 * render/'s job, and the log is the only contract between the two.
 */
#ifndef PTVIZ_TRACER_H
#define PTVIZ_TRACER_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ptv_tracer ptv_tracer;

typedef struct ptv_tracer_opts {
	char *const *argv;      /* program to launch (argv[0] looked up in PATH), or NULL with attach_pid */
	pid_t attach_pid;       /* > 0: attach to this process and its descendants instead */
	/* The event log is written to log_fd, which the caller opened (the tracer never opens a path;
	 * ptviz/output.h is how ptviz opens its files). The tracer takes the descriptor over at
	 * ptv_tracer_new, whatever that returns: it is closed by the end of ptv_tracer_run, or by
	 * ptv_tracer_free. */
	int log_fd;             /* required: the default -1 is refused */
	const char *log_name;   /* what to call the log in --debug lines, may be NULL */
	bool log_new_file;      /* log_fd is a new regular file written from its start: a failed
	                           write cuts it back to its last whole line */
	/* Tracing has really begun -- the program exec'd, or the tree is seized -- and the lines so
	 * far are written: the moment to put the log under its name, so that a program that cannot
	 * be run leaves an older log as it was. Not called when even those lines could not be
	 * written. Returns 0, or a negative errno: the log then takes nothing more (res.log_error,
	 * res.log_empty). May be NULL. */
	int (*on_log_begun)(void *ctx);
	void *log_ctx;          /* passed to on_log_begun */
	bool io;                /* --io: record reads/writes on pipes and FIFOs, and output */
	bool stacks;            /* -k: record call-site stacks */
	int stack_depth;        /* frames per stack (default 16) */
	bool subreaper;         /* --subreaper: become the orphans' adopter (exact orphan reap times) */
	bool seccomp;           /* use the seccomp-bpf filter in launch mode (default true) */
	bool every_open;        /* --every-open: also stop at the opens the filter lets pass (loader's,
	                           compilers'), so a FIFO opened that way is timed, not learnt later */
	/* --no-sched: take no scheduler records (perf context switches); states come from ptrace
	 * stops and are approximate, as when the kernel refuses them. The environment variable
	 * PTVIZ_SCHED=off does the same; PTVIZ_SCHED=refuse acts as if the kernel refused them
	 * (for tests of the fallback and of sched_refused). */
	bool no_sched;
	bool exact;             /* attach: stop at every system call (as before #16), not only at the
	                           ptrace events; slow (every call costs two stops) */
	double time_limit;      /* > 0: stop after this many seconds (attach: detach; launch: kill) */
	FILE *debug;            /* --debug: tracer internals go here, NULL for none */
	void (*on_progress)(void *ctx, int alive, long events); /* live status callback, may be NULL */
	/* Something the user should know while the trace goes on, one line without "ptviz:" (a
	 * setuid program that runs without its privileges under ptrace); may be NULL. */
	void (*on_warning)(void *ctx, const char *msg);
	void *progress_ctx;     /* passed to on_progress and on_warning */
} ptv_tracer_opts;

#define PTV_TRACER_OPTS_INIT { .log_fd = -1, .stack_depth = 16, .seccomp = true }

/* Result of a run, filled by ptv_tracer_run. */
typedef struct ptv_trace_result {
	int status;        /* the exit status ptviz should exit with: root's code, 128+N if signaled */
	pid_t root;        /* the launched or attached root */
	long events;       /* event lines written */
	int processes;     /* processes seen */
	bool interrupted;  /* stopped by ptv_tracer_request_stop or the time limit */
	int log_error;     /* errno of the first failed write of the log (EPIPE: its reader went
	                      away), 0 if none. The trace still ran to its end; the log stopped there
	                      and, when it is a file, was cut back to its last whole line. */
	long log_events_kept; /* the events the log holds (all of them when log_error is 0) */
	/* Why the kernel's scheduler records could not be taken (the header's sched_reason, with its
	 * remedy), "" when they were used or the caller turned them off: then the states in the log
	 * are approximate, which the user should be told once. */
	char sched_refused[512];
	bool log_empty;    /* the log holds nothing of this trace: tracing never began, on_log_begun
	                      failed, or not even the header could be written */
} ptv_trace_result;

/* Error codes (negative returns). The human reason goes in the err buffer. */
enum {
	PTV_ERR_USAGE = -1,      /* bad options */
	PTV_ERR_NOTFOUND = -2,   /* program not found (exit 127) */
	PTV_ERR_NOEXEC = -3,     /* program not executable (exit 126) */
	PTV_ERR_NOPROC = -4,     /* -p: no such process */
	PTV_ERR_PERM = -5,       /* ptrace not permitted */
	PTV_ERR_OUTPUT = -6,     /* no log to write to (log_fd) */
	PTV_ERR_SYSTEM = -7,     /* anything else the OS refused */
};

/* Prepare a tracer (taking over opts->log_fd). On failure returns a negative PTV_ERR_* and writes the reason
 * (no "ptviz:" prefix) into err. */
int ptv_tracer_new(ptv_tracer **out, const ptv_tracer_opts *opts, char *err, size_t errlen);

/* Launch or attach, trace until the tree ends (or a stop is requested), finish the log.
 * Returns 0 and fills *res (a log that could not be written all the way is res->log_error, not a
 * failure of the run), or a negative PTV_ERR_* with the reason in err.
 *
 * While it runs, the signals that would end or stop the calling process (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT, SIGUSR1/2, SIGALRM, SIGPIPE, the real-time signals, ...) and SIGCHLD and SIGTSTP are
 * blocked and read from a signalfd, so that what the traced programs send their process group
 * never reaches the caller's handlers: a signal sent from inside the traced tree is ignored;
 * SIGTERM from outside, or a second SIGINT (Ctrl-C reaches the programs too), stops the trace as
 * ptv_tracer_request_stop does; SIGTSTP stops the caller with the job once the programs have.
 * The launched program gets exactly the signal mask and ignored signals the caller had. */
int ptv_tracer_run(ptv_tracer *t, ptv_trace_result *res, char *err, size_t errlen);

/* Async-signal-safe. First call: launched programs are killed (they cannot run on untraced under
 * the seccomp filter), attached ones are detached; the log is finished either way. */
void ptv_tracer_request_stop(ptv_tracer *t);

/* Frees everything; accepts NULL. */
void ptv_tracer_free(ptv_tracer *t);

#ifdef __cplusplus
}
#endif
#endif
