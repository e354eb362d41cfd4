/* cli/cmd_run.c — `ptviz [options] [--] PROG [ARGS...]` and `ptviz -p PID`: record, draw the
 * tree and the timeline, print a summary, and exit with the program's status. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "outdir.h"

void run_usage(FILE *out)
{
	fputs("usage: ptviz [options] [--] PROG [ARGS...]\n"
	      "       ptviz [options] -p PID [--for SECONDS]\n"
	      "       ptviz record|render|export|report [options] ...   (ptviz COMMAND --help)\n"
	      "\n"
	      "Run PROG under ptrace (or attach to PID), follow every process it creates, then write\n"
	      "the event log, the process tree, the timeline and the interactive page (NAME.html)\n"
	      "into ./ptviz-out/ and print a summary.\n"
	      "ptviz exits with the program's status.\n"
	      "\n"
	      "  -O, --output-dir DIR  where to write (default ./ptviz-out)\n"
	      "  -p, --pid PID         attach to a running process and its descendants (Ctrl-C detaches)\n"
	      "      --exact           with -p: stop at every system call (exact, but much slower)\n"
	      "      --for SECONDS     stop recording after this long\n"
	      "  -k, --stack           record call-site stacks (where each fork, exec, wait happened)\n"
	      "      --io              record pipe/FIFO traffic (and all output)\n"
	      "      --output-max N    record the first N bytes each process writes to stdout/stderr\n"
	      "                        (default 8192); --no-output records none\n"
	      "      --subreaper       adopt orphans (exact reap times)\n"
	      "      --every-open      stop at every open (a FIFO opened like a library is timed too)\n"
	      "      --no-sched        no scheduler records: approximate states (PTVIZ_SCHED=off)\n"
	      "      --format FMT      pictures as svg (default), png, pdf or dot\n"
	      "      --theme THEME     light, dark or print; --ids stable; --fold N; --no-fold;\n"
	      "                        --max-nodes N (drawing budget, 0 = none);\n"
	      "                        --time linear|compact|auto; --timeline-from exec|launch;\n"
	      "                        --font NAME; --font-size PT;\n"
	      "                        --ipc objects|edges|auto (pipes and regions in the tree)\n"
	      "      --scale F         slides: scale the whole picture; --dpi N (PNG);\n"
	      "                        --title TEXT; --no-title; --lang en|zh (default: the locale);\n"
	      "                        --numbers (events numbered ①②③ in time order)\n"
	      "      --steps DIR       also a slide sequence, a frame per event (--steps-every N)\n"
	      "      --color WHEN      summary colors: auto, always, never (NO_COLOR is respected)\n"
	      "  -q, --quiet           no summary\n"
	      "  -h, --help            this help;  --version  the version\n"
	      "\n"
	      "Examples:\n"
	      "  ptviz ./fork_loop\n"
	      "  ptviz -- make -j2\n"
	      "  ptviz -k -p 1234 --for 10\n"
	      "  ptviz report ptviz-out/fork_loop.jsonl --check\n", out);
}

/* Name the run after the program, or after the attached process's command name. */
static void run_stem(const ptv_tracer_opts *to, char *stem, size_t len)
{
	if (to->argv) {
		outdir_stem(to->argv[0], stem, len);
		return;
	}
	char path[64], comm[64] = "";
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)to->attach_pid);
	FILE *f = fopen(path, "r");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	char name[96];
	snprintf(name, sizeof(name), "%s%spid%d", comm, *comm ? "-" : "", (int)to->attach_pid);
	outdir_stem(name, stem, len);
}

/* Runs of one program started together chose the same names: the log that takes its name
 * second takes the next free ones (the pictures follow it). */
static int run_rechoose(cli_log *log)
{
	outdir_paths *paths = log->ctx;
	if (outdir_choose_again(paths) < 0)
		return -1;
	log->path = paths->log;
	return 0;
}

/* Draw and summarize a finished log. Returns 0 when all views were written. */
static int run_views(const outdir_paths *paths, ptv_render_opts *ro, const char *color, bool quiet)
{
	ptv_model *m = cli_load(paths->log);
	if (!m)
		return -1;
	/* The names are ptviz's, chosen before the run: a picture is only ever created, never
	 * written into something the traced programs put there meanwhile. */
	ro->fresh_outputs = true;
	int rc = cli_render_views(m, paths->tree, paths->timeline, paths->html, ro);
	if (!quiet) {
		ptv_report_opts rep = PTV_REPORT_OPTS_INIT;
		rep.color = cli_use_color(color, stderr);
		rep.stable_ids = ro->stable_ids;
		rep.max_lines = 40;
		ptv_report_summary(m, stderr, &rep);
	}
	ptv_model_free(m);
	if (!quiet) {
		fprintf(stderr, "ptviz: wrote %s\n", paths->log);
		if (rc == 0)
			fprintf(stderr, "ptviz: wrote %s\nptviz: wrote %s\nptviz: wrote %s\n", paths->tree,
			        paths->timeline, paths->html);
	}
	return rc;
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output-dir", required_argument, NULL, 'O' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		CLI_RECORD_LONGOPTS,
		CLI_RENDER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	ptv_tracer_opts to = PTV_TRACER_OPTS_INIT;
	ptv_render_opts ro = PTV_RENDER_OPTS_INIT;
	ptv_trace_result res;
	outdir_paths paths;
	cli_log log = { .policy = PTV_OUTPUT_FRESH, .rechoose = run_rechoose };
	const char *dir = "ptviz-out", *color = "auto", *debug_path = NULL;
	char stem[80];
	bool quiet = false, ok;
	int opt, code;

	static const char shortopts[] = "+O:p:kqh";
	optind = 1;
	opterr = 0;   /* cli_bad_option() says it in one line */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case 'O': dir = optarg; continue;
		case 'q': quiet = true; continue;
		case 'h': run_usage(stdout); return 0;
		case OPT_VERSION: printf("ptviz %s\n", PTVIZ_VERSION); return 0;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				cli_error("--color", "unknown value '%s' (use auto, always or never)", optarg);
				return CLI_EXIT_USAGE;
			}
			color = optarg;
			continue;
		default:
			break;
		}
		int r = cli_record_option(&to, opt, optarg, &debug_path);
		if (r == 0)
			r = cli_render_option(&ro, opt, optarg);
		if (r < 0)
			return CLI_EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("", shortopts, argv);
	}
	if (to.attach_pid && optind < argc) {
		cli_error(NULL, "give either -p PID or a program, not both");
		return CLI_EXIT_USAGE;
	}
	if (!to.attach_pid && optind >= argc) {
		run_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!to.attach_pid)
		to.argv = argv + optind;
	if (cli_lang_setup(&ro, true) < 0)   /* before tracing: no run without its pictures' font */
		return CLI_EXIT_FAIL;
	if (debug_path && !(to.debug = cli_open_debug(debug_path)))
		return CLI_EXIT_FAIL;

	run_stem(&to, stem, sizeof(stem));
	if (outdir_choose(&paths, dir, stem, ro.format ? ro.format : "svg") < 0) {
		cli_error(dir, "%s", strerror(errno));
		return CLI_EXIT_FAIL;
	}
	log.path = paths.log;
	log.ctx = &paths;
	code = cli_trace(&to, &log, &ok, &res);
	cli_close_debug(to.debug);
	if (!ok || res.log_empty) {
		/* Nothing was recorded, and no file made for it. */
		if (ok && cli_log_failed(&log, &res))
			code = cli_exit_lost(code);
		return code;
	}
	/* The programs are done: a closed stderr must not kill ptviz halfway through a picture. */
	signal(SIGPIPE, SIG_IGN);
	bool lost = cli_log_failed(&log, &res);
	if (run_views(&paths, &ro, color, quiet) < 0)
		lost = true;
	else if (ro.steps_dir && cli_render_steps(paths.log, &ro, quiet) < 0)
		lost = true;
	return lost ? cli_exit_lost(code) : code;
}
