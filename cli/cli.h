/* cli/cli.h — the ptviz command: thin subcommands over the tracer and render libraries.
 * Each cmd_* parses its own options, calls the libraries, and reports errors once, here. */
#ifndef PTVIZ_CLI_H
#define PTVIZ_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "ptviz/model.h"
#include "ptviz/output.h"
#include "ptviz/page.h"
#include "ptviz/render.h"
#include "ptviz/report.h"
#include "ptviz/tracer.h"

/* Exit codes of ptviz's own failures (the traced program's status is passed through otherwise). */
enum {
	CLI_EXIT_USAGE = 2,        /* bad command line */
	CLI_EXIT_FAIL = 1,         /* bad input, unwritable output, ... */
	CLI_EXIT_LEAK = 3,         /* report --check found children never reaped */
	CLI_EXIT_NOEXEC = 126,
	CLI_EXIT_NOTFOUND = 127,
};

/* Long-option codes shared by the subcommands (short options use their letter). */
enum cli_opt {
	OPT_IO = 256,
	OPT_SUBREAPER,
	OPT_NO_SECCOMP,
	OPT_EXACT,
	OPT_EVERY_OPEN,
	OPT_NO_SCHED,
	OPT_DEBUG,
	OPT_FOR,
	OPT_STACK_DEPTH,
	OPT_FORMAT,
	OPT_THEME,
	OPT_FONT,
	OPT_FONT_SIZE,
	OPT_IDS,
	OPT_FOLD,
	OPT_NO_FOLD,
	OPT_MAX_NODES,
	OPT_TIME,
	OPT_SCALE,
	OPT_DPI,
	OPT_TITLE,
	OPT_NO_TITLE,
	OPT_NUMBERS,
	OPT_LANG,
	OPT_STEPS,
	OPT_STEPS_EVERY,
	OPT_TIMELINE_FROM,
	OPT_TREE,
	OPT_TIMELINE,
	OPT_HTML,
	OPT_PERFETTO,
	OPT_JSON,
	OPT_CHECK,
	OPT_COLOR,
	OPT_VERSION,
	OPT_IPC,
	OPT_OUTPUT_MAX,
	OPT_NO_OUTPUT,
};

/* getopt_long entries for the options above, to be copied into each subcommand's table. */
#define CLI_RECORD_LONGOPTS                                         \
	{ "io", no_argument, NULL, OPT_IO },                        \
	{ "stack", no_argument, NULL, 'k' },                        \
	{ "stack-depth", required_argument, NULL, OPT_STACK_DEPTH }, \
	{ "subreaper", no_argument, NULL, OPT_SUBREAPER },          \
	{ "no-seccomp", no_argument, NULL, OPT_NO_SECCOMP },        \
	{ "exact", no_argument, NULL, OPT_EXACT },                  \
	{ "every-open", no_argument, NULL, OPT_EVERY_OPEN },        \
	{ "no-sched", no_argument, NULL, OPT_NO_SCHED },            \
	{ "output-max", required_argument, NULL, OPT_OUTPUT_MAX },  \
	{ "no-output", no_argument, NULL, OPT_NO_OUTPUT },          \
	{ "debug", optional_argument, NULL, OPT_DEBUG },            \
	{ "for", required_argument, NULL, OPT_FOR },                \
	{ "pid", required_argument, NULL, 'p' }

#define CLI_RENDER_LONGOPTS                                         \
	{ "format", required_argument, NULL, OPT_FORMAT },           \
	{ "theme", required_argument, NULL, OPT_THEME },             \
	{ "font", required_argument, NULL, OPT_FONT },               \
	{ "font-size", required_argument, NULL, OPT_FONT_SIZE },     \
	{ "ids", required_argument, NULL, OPT_IDS },                 \
	{ "fold", required_argument, NULL, OPT_FOLD },               \
	{ "no-fold", no_argument, NULL, OPT_NO_FOLD },               \
	{ "max-nodes", required_argument, NULL, OPT_MAX_NODES },     \
	{ "time", required_argument, NULL, OPT_TIME },               \
	{ "scale", required_argument, NULL, OPT_SCALE },             \
	{ "dpi", required_argument, NULL, OPT_DPI },                 \
	{ "title", required_argument, NULL, OPT_TITLE },             \
	{ "no-title", no_argument, NULL, OPT_NO_TITLE },             \
	{ "numbers", no_argument, NULL, OPT_NUMBERS },               \
	{ "lang", required_argument, NULL, OPT_LANG },               \
	{ "steps", required_argument, NULL, OPT_STEPS },             \
	{ "steps-every", required_argument, NULL, OPT_STEPS_EVERY }, \
	{ "ipc", required_argument, NULL, OPT_IPC },                 \
	{ "timeline-from", required_argument, NULL, OPT_TIMELINE_FROM }

int cmd_record(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);   /* the default: record, render, summarize */
void run_usage(FILE *out);

/* Print "ptviz: <what>: <why>" (or "ptviz: <why>" when what is NULL) on stderr. */
void cli_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* getopt_long (with opterr = 0, short options optstring) returned '?': one line naming the option
 * and what is wrong with it; returns the exit status of a usage error. cmd is the subcommand ("" for
 * the default run). */
int cli_bad_option(const char *cmd, const char *optstring, char *const argv[]);
void cli_warning(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Shared option handling for the render options (--format, --theme, ...). Returns 1 when opt was
 * one of them (and applied), 0 when it is not a render option, -1 on a bad value (reported). */
int cli_render_option(ptv_render_opts *ro, int opt, const char *arg);

/* --lang (cli/lang.c): set the language; 1, or -1 on a bad value (reported). */
int cli_lang_option(const char *arg);
/* After the options: the language from the locale unless --lang was given, and for Chinese the
 * font (into ro->font unless one was chosen). draws: pictures will be made. A missing CJK font
 * is an error under --lang zh, a warning (and English) under a zh_* locale. Returns 0 or -1
 * (reported). */
int cli_lang_setup(ptv_render_opts *ro, bool draws);

/* --steps: the step frames of the log at log into ro->steps_dir (ptv_render_steps); says how
 * many were written unless quiet. Returns 0, or -1 (reported). */
int cli_render_steps(const char *log, ptv_render_opts *ro, bool quiet);

/* Options for recording, shared by `record` and the one-command mode: returns 1/0/-1 likewise. */
int cli_record_option(ptv_tracer_opts *to, int opt, const char *arg, const char **debug_path);

/* The --debug destination ("-" is stderr), opened like every output (ptviz/output.h: no link
 * followed, nothing blocked on). NULL on failure (reported). cli_close_debug accepts NULL. */
FILE *cli_open_debug(const char *path);
void cli_close_debug(FILE *f);

/* Where cli_trace writes the event log. */
typedef struct cli_log {
	const char *path;           /* "-" is standard output */
	ptv_output_policy policy;   /* NAMED for -o; FRESH for names ptviz chose (ptviz-out/) */
	/* FRESH: another ptviz took path since it was chosen: point path at a free name and return
	 * 0, or -1 (NULL: none). */
	int (*rechoose)(struct cli_log *log);
	void *ctx;                  /* for rechoose */
	/* cli_trace's: */
	ptv_output *out;
	char why[256];              /* why the log could not be put under its name, "" if it was */
} cli_log;

/* Trace with to into log (opened through ptviz/output.h: a file gets its name only once tracing
 * has begun, so a program that cannot be run leaves an older file as it was and no file of its
 * own), report errors. Returns the exit status ptviz should use (the program's), and sets *ok
 * when something was traced. */
int cli_trace(const ptv_tracer_opts *to, cli_log *log, bool *ok, ptv_trace_result *res);

/* Say why the log could not be written all the way, and how much of it was kept. Returns true
 * when output was lost; a reader that went away (EPIPE) is said, but is not a loss. */
bool cli_log_failed(const cli_log *log, const ptv_trace_result *res);

/* The exit status when some output was lost: the program's own when it failed; when it succeeded,
 * 1, with a note saying the program's 0 (both facts stay visible). */
int cli_exit_lost(int code);

/* Load a log, reporting errors and warnings. Returns NULL on failure (already reported). */
ptv_model *cli_load(const char *path);

/* Draw the tree, the timeline and/or the interactive page (any path may be NULL), with render
 * progress on a terminal; errors are reported, and a note when the drawing budget (--max-nodes)
 * folded more than --fold. Returns 0 when every requested view was written, else -1. */
int cli_render_views(const ptv_model *m, const char *tree, const char *timeline, const char *html,
                     ptv_render_opts *ro);

/* While on, Ctrl-C, SIGTERM, SIGHUP and SIGQUIT (when not ignored) first remove the temporary
 * files of the outputs being written, then end ptviz as before. */
void cli_guard_outputs(bool on);

/* Color decision for stderr/stdout summaries: mode "auto" (a terminal and NO_COLOR unset),
 * "always" or "never". */
bool cli_use_color(const char *mode, FILE *stream);

#endif
