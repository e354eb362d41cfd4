/* cli/options.c — option values shared by several subcommands, and the one place errors are
 * printed. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void cli_vreport(const char *kind, const char *what, const char *fmt, va_list ap)
{
	fputs("ptviz: ", stderr);
	if (kind)
		fprintf(stderr, "%s: ", kind);
	if (what)
		fprintf(stderr, "%s: ", what);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vreport(NULL, what, fmt, ap);
	va_end(ap);
}

int cli_bad_option(const char *cmd, const char *optstring, char *const argv[])
{
	/* getopt_long leaves in optopt the letter it choked on (inside a cluster like -kx too), the
	 * value of a long option that lacks its argument, or 0 for an unknown long option, which is
	 * then the last word it read. */
	char letter[3] = { '-', (char)optopt, '\0' };
	bool is_letter = optopt > 0 && optopt < 128 && isalnum(optopt);
	bool known = optopt != 0 && (!is_letter || strchr(optstring, optopt));
	cli_error(is_letter ? letter : argv[optind - 1], "%s (see 'ptviz%s%s --help')",
	          known ? "needs a value" : "unknown option", *cmd ? " " : "", cmd);
	return CLI_EXIT_USAGE;
}

void cli_warning(const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vreport("warning", what, fmt, ap);
	va_end(ap);
}

/* Whole-string integer parse; false on junk or out of range. */
static bool parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

static bool one_of(const char *s, const char *const *choices)
{
	for (; *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return true;
	return false;
}

int cli_render_option(ptv_render_opts *ro, int opt, const char *arg)
{
	static const char *const formats[] = { "svg", "png", "pdf", "dot", NULL };
	static const char *const themes[] = { "light", "dark", "print", NULL };
	long n;
	double d;

	switch (opt) {
	case OPT_FORMAT:
		if (!one_of(arg, formats)) {
			cli_error("--format", "unknown format '%s' (use svg, png, pdf or dot)", arg);
			return -1;
		}
		ro->format = arg;
		return 1;
	case OPT_THEME:
		if (!one_of(arg, themes)) {
			cli_error("--theme", "unknown theme '%s' (use light, dark or print)", arg);
			return -1;
		}
		ro->theme = arg;
		return 1;
	case OPT_FONT:
		ro->font = arg;
		return 1;
	case OPT_FONT_SIZE:
		if (!parse_double(arg, 4, 72, &d)) {
			cli_error("--font-size", "'%s' is not a size in points from 4 to 72", arg);
			return -1;
		}
		ro->font_size = d;
		return 1;
	case OPT_IDS:
		if (strcmp(arg, "stable") == 0)
			ro->stable_ids = true;
		else if (strcmp(arg, "pid") == 0)
			ro->stable_ids = false;
		else {
			cli_error("--ids", "unknown id style '%s' (use pid or stable)", arg);
			return -1;
		}
		return 1;
	case OPT_FOLD:
		if (!parse_int(arg, 1, INT_MAX, &n)) {
			cli_error("--fold", "'%s' is not a positive number of siblings", arg);
			return -1;
		}
		ro->fold = (int)n;
		return 1;
	case OPT_NO_FOLD:
		ro->fold = 0;
		return 1;
	case OPT_MAX_NODES:
		if (!parse_int(arg, 0, INT_MAX, &n)) {
			cli_error("--max-nodes", "'%s' is not a number of nodes (0 for no limit)", arg);
			return -1;
		}
		ro->max_nodes = (int)n;
		return 1;
	case OPT_TIME:
		if (strcmp(arg, "linear") == 0)
			ro->time_mode = PTV_TIME_LINEAR;
		else if (strcmp(arg, "compact") == 0)
			ro->time_mode = PTV_TIME_COMPACT;
		else if (strcmp(arg, "auto") == 0)
			ro->time_mode = PTV_TIME_AUTO;
		else {
			cli_error("--time", "unknown time scale '%s' (use linear, compact or auto)", arg);
			return -1;
		}
		return 1;
	case OPT_SCALE:
		if (!parse_double(arg, 0.1, 10, &d)) {
			cli_error("--scale", "'%s' is not a scale factor from 0.1 to 10", arg);
			return -1;
		}
		ro->scale = d;
		return 1;
	case OPT_DPI:
		if (!parse_int(arg, 24, 1200, &n)) {
			cli_error("--dpi", "'%s' is not a resolution from 24 to 1200 dots per inch", arg);
			return -1;
		}
		ro->dpi = (int)n;
		return 1;
	case OPT_TITLE:
		ro->title = arg;
		return 1;
	case OPT_NO_TITLE:
		ro->title = "";
		return 1;
	case OPT_NUMBERS:
		ro->numbers = true;
		return 1;
	case OPT_LANG:
		return cli_lang_option(arg);
	case OPT_STEPS:
		ro->steps_dir = arg;
		return 1;
	case OPT_STEPS_EVERY:
		if (!parse_int(arg, 1, INT_MAX, &n)) {
			cli_error("--steps-every", "'%s' is not a positive number of events", arg);
			return -1;
		}
		ro->steps_every = (int)n;
		return 1;
	case OPT_IPC:
		if (strcmp(arg, "objects") == 0)
			ro->ipc = PTV_IPC_OBJECTS;
		else if (strcmp(arg, "edges") == 0)
			ro->ipc = PTV_IPC_EDGES;
		else if (strcmp(arg, "auto") == 0)
			ro->ipc = PTV_IPC_AUTO;
		else {
			cli_error("--ipc", "unknown style '%s' (use objects, edges or auto)", arg);
			return -1;
		}
		return 1;
	case OPT_TIMELINE_FROM:
		if (strcmp(arg, "launch") == 0)
			ro->timeline_from_launch = true;
		else if (strcmp(arg, "exec") == 0)
			ro->timeline_from_launch = false;
		else {
			cli_error("--timeline-from", "unknown start '%s' (use exec or launch)", arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int cli_record_option(ptv_tracer_opts *to, int opt, const char *arg, const char **debug_path)
{
	long n;
	double d;

	switch (opt) {
	case OPT_IO:
		to->io = true;
		return 1;
	case OPT_OUTPUT_MAX:
		if (!parse_int(arg, 0, 1L << 30, &n)) {
			cli_error("--output-max", "'%s' is not a number of bytes (0 to 1 GiB; 0 records none)", arg);
			return -1;
		}
		to->output_max = n;
		return 1;
	case OPT_NO_OUTPUT:
		to->output_max = 0;
		return 1;
	case 'k':
		to->stacks = true;
		return 1;
	case OPT_STACK_DEPTH:
		if (!parse_int(arg, 1, 256, &n)) {
			cli_error("--stack-depth", "'%s' is not a number of frames from 1 to 256", arg);
			return -1;
		}
		to->stack_depth = (int)n;
		return 1;
	case OPT_SUBREAPER:
		to->subreaper = true;
		return 1;
	case OPT_NO_SECCOMP:
		to->seccomp = false;
		return 1;
	case OPT_EXACT:
		to->exact = true;
		return 1;
	case OPT_EVERY_OPEN:
		to->every_open = true;
		return 1;
	case OPT_NO_SCHED:
		to->no_sched = true;
		return 1;
	case OPT_DEBUG:
		*debug_path = arg ? arg : "-";
		return 1;
	case OPT_FOR:
		if (!parse_double(arg, 0.001, 1e9, &d)) {
			cli_error("--for", "'%s' is not a positive number of seconds", arg);
			return -1;
		}
		to->time_limit = d;
		return 1;
	case 'p':
		if (!parse_int(arg, 1, INT_MAX, &n)) {
			cli_error("-p", "'%s' is not a process id", arg);
			return -1;
		}
		to->attach_pid = (pid_t)n;
		return 1;
	default:
		return 0;
	}
}

/* Render progress on a terminal: "ptviz: tree.svg: layout…", cleared when the view is done. */
typedef struct cli_progress {
	const char *what;   /* the output being made */
	bool shown;
} cli_progress;

static void progress_stage(void *ctx, const char *stage)
{
	cli_progress *p = ctx;
	fprintf(stderr, "\rptviz: %s: %s…\033[K", p->what, stage);
	fflush(stderr);
	p->shown = true;
}

static void warn_picture(void *ctx, const char *msg)
{
	cli_progress *p = ctx;
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
	fprintf(stderr, "ptviz: warning: %s: %s\n", p->what, msg);
}

typedef int (*cli_view_fn)(const ptv_view *, const char *, const ptv_render_opts *, char *, size_t);

static int render_view(const ptv_view *v, cli_view_fn draw, const char *path, ptv_render_opts *ro)
{
	cli_progress progress = { path, false };
	char err[1024];

	ro->on_progress = isatty(STDERR_FILENO) ? progress_stage : NULL;
	ro->on_warning = warn_picture;
	ro->progress_ctx = &progress;
	int rc = draw(v, path, ro, err, sizeof(err));
	if (progress.shown)
		fputs("\r\033[K", stderr);
	ro->on_progress = NULL;
	ro->on_warning = NULL;
	ro->progress_ctx = NULL;
	if (rc < 0)
		cli_error(path, "%s", err);
	return rc;
}

/* Tell the user when the budget folded more than --fold asked, and how to see every process.
 * Both views fold alike (one fold, the view's), so one note covers them. */
static void render_fold_note(const ptv_fold_summary *fs)
{
	char how[160];

	if (fs->step == PTV_FOLD_EXACT)
		return;
	ptv_fold_describe(fs, how, sizeof(how));
	fprintf(stderr, "ptviz: note: %d processes drawn as %d nodes %s --max-nodes %d (%s); "
	        "--max-nodes 0 draws every process\n", fs->processes, fs->nodes,
	        fs->nodes <= fs->max_nodes ? "to keep within" : "(the fewest it can) for", fs->max_nodes,
	        how);
}

/* A fatal signal while an output is written (Ctrl-C during a long layout): remove its temporary
 * file, then die of the signal as before. */
static void on_fatal_signal(int sig)
{
	ptv_output_remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_guard_outputs(bool on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	static struct sigaction old[sizeof sigs / sizeof sigs[0]];
	static bool guarded;
	struct sigaction sa;

	if (on == guarded)
		return;
	guarded = on;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		if (!on) {
			sigaction(sigs[i], &old[i], NULL);
			continue;
		}
		sigaction(sigs[i], NULL, &old[i]);
		if (old[i].sa_handler == SIG_DFL)   /* an ignored signal stays ignored */
			sigaction(sigs[i], &sa, NULL);
	}
}

int cli_render_views(const ptv_model *m, const char *tree, const char *timeline, const char *html,
                     ptv_render_opts *ro)
{
	cli_progress progress = { tree ? tree : timeline ? timeline : html, false };
	ptv_view *v = NULL;
	char err[1024];
	int rc = 0;

	if (!tree && !timeline && !html)
		return 0;
	/* Fold once for both pictures. */
	ro->on_progress = isatty(STDERR_FILENO) ? progress_stage : NULL;
	ro->progress_ctx = &progress;
	rc = ptv_view_new(&v, m, ro, err, sizeof(err));
	ro->on_progress = NULL;
	ro->progress_ctx = NULL;
	if (progress.shown)
		fputs("\r\033[K", stderr);
	if (rc < 0) {
		cli_error(progress.what, "%s", err);
		return -1;
	}
	if (html)   /* the page inlines the pictures as drawn for their files */
		ptv_view_keep_pictures(v);
	cli_guard_outputs(true);
	if (tree && render_view(v, ptv_render_tree_view, tree, ro) < 0)
		rc = -1;
	if (timeline && render_view(v, ptv_render_timeline_view, timeline, ro) < 0)
		rc = -1;
	if (html && render_view(v, ptv_render_page_view, html, ro) < 0)
		rc = -1;
	cli_guard_outputs(false);
	if (rc == 0)
		render_fold_note(ptv_view_fold(v));
	ptv_view_free(v);
	return rc;
}

int cli_render_steps(const char *log, ptv_render_opts *ro, bool quiet)
{
	char err[1024];
	int frames = 0;

	cli_guard_outputs(true);
	int rc = ptv_render_steps(log, ro->steps_dir, ro, &frames, err, sizeof(err));
	cli_guard_outputs(false);
	if (rc < 0) {
		cli_error("--steps", "%s", err);
		return -1;
	}
	if (!quiet)
		fprintf(stderr, "ptviz: wrote %d step frames (tree and timeline) into %s\n", frames,
		        ro->steps_dir);
	return 0;
}

bool cli_use_color(const char *mode, FILE *stream)
{
	if (strcmp(mode, "always") == 0)
		return true;
	if (strcmp(mode, "never") == 0)
		return false;
	const char *no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	return isatty(fileno(stream));
}

ptv_model *cli_load(const char *path)
{
	ptv_model *m = NULL;
	ptv_diag diag = { 0 };

	if (ptv_model_load(&m, path, &diag) < 0) {
		cli_error(NULL, "%s", diag.error[0] ? diag.error : "cannot load the log");
		return NULL;
	}
	if (diag.warnings > 0) {
		if (diag.warnings > 1)
			cli_warning(NULL, "%s (and %d more warnings)", diag.warning, diag.warnings - 1);
		else
			cli_warning(NULL, "%s", diag.warning);
	}
	return m;
}
