/* cli/cmd_report.c — `ptviz report`: the tree summary and the zombie-and-orphan report. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "ptviz/lang.h"

static void report_usage(FILE *out)
{
	fputs("usage: ptviz report LOG [--json] [--check] [--ids pid|stable] [--color WHEN]\n"
	      "                          [--lang en|zh]\n"
	      "\n"
	      "Print the process tree summary and every zombie, orphan and leak: children never\n"
	      "reaped by their parent, grouped by parent and fork call site (record with -k).\n"
	      "\n"
	      "      --json             machine-readable JSON on stdout\n"
	      "      --check            exit 3 when any child was never reaped by its parent\n"
	      "      --ids pid|stable   pids (default) or P0, P1, ... in creation order\n"
	      "      --color WHEN       auto (default: on a terminal, unless NO_COLOR), always, never\n"
	      "      --lang en|zh       the report's language (default: the locale's); --json stays\n"
	      "                         English\n"
	      "  -h, --help             this help\n", out);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "ids", required_argument, NULL, OPT_IDS },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptv_report_opts rep = PTV_REPORT_OPTS_INIT;
	const char *color = "auto";
	bool check = false;
	int opt;

	static const char shortopts[] = "h";
	optind = 1;
	opterr = 0;   /* cli_bad_option() says it in one line */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_JSON: rep.json = true; break;
		case OPT_CHECK: check = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				cli_error("--color", "unknown value '%s' (use auto, always or never)", optarg);
				return CLI_EXIT_USAGE;
			}
			color = optarg;
			break;
		case OPT_IDS:
			if (strcmp(optarg, "stable") && strcmp(optarg, "pid")) {
				cli_error("--ids", "unknown id style '%s' (use pid or stable)", optarg);
				return CLI_EXIT_USAGE;
			}
			rep.stable_ids = strcmp(optarg, "stable") == 0;
			break;
		case OPT_LANG:
			if (cli_lang_option(optarg) < 0)
				return CLI_EXIT_USAGE;
			break;
		case 'h': report_usage(stdout); return 0;
		default: return cli_bad_option("report", shortopts, argv);
		}
	}
	if (optind != argc - 1) {
		cli_error("report", optind >= argc ? "no event log given" : "give exactly one event log");
		return CLI_EXIT_USAGE;
	}
	ptv_render_opts words = PTV_RENDER_OPTS_INIT;
	cli_lang_setup(&words, false);   /* no picture: no font needed */
	if (rep.json)
		ptv_lang_set(PTV_LANG_EN);   /* a machine's format keeps one vocabulary */
	ptv_model *m = cli_load(argv[optind]);
	if (!m)
		return CLI_EXIT_FAIL;
	rep.color = !rep.json && cli_use_color(color, stdout);
	if (rep.json) {
		ptv_report_zombies(m, stdout, &rep);
	} else {
		ptv_report_summary(m, stdout, &rep);
		fputc('\n', stdout);
		ptv_report_zombies(m, stdout, &rep);
	}
	int leaks = ptv_report_leaks(m);
	ptv_model_free(m);
	if (fflush(stdout) != 0) {
		cli_error("stdout", "%m");
		return CLI_EXIT_FAIL;
	}
	return check && leaks > 0 ? CLI_EXIT_LEAK : 0;
}
