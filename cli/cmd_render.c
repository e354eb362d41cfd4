/* cli/cmd_render.c — `ptviz render` and `ptviz export`: views of a saved event log. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void render_usage(FILE *out)
{
	fputs("usage: ptviz render LOG [--tree FILE] [--timeline FILE] [--html FILE] [options]\n"
	      "\n"
	      "Draw a saved event log. The output format follows each file's extension\n"
	      "(.svg, .png, .pdf, .dot) unless --format is given; - writes to stdout.\n"
	      "\n"
	      "      --tree FILE        the process tree\n"
	      "      --timeline FILE    the timeline\n"
	      "      --html FILE        the interactive page: tree, timeline, report and details in\n"
	      "                         one self-contained HTML file (always SVG inside)\n"
	      "      --format FMT       svg, png, pdf or dot\n"
	      "      --theme THEME      light (default), dark or print (grayscale-safe)\n"
	      "      --font NAME        font family (default Helvetica)\n"
	      "      --font-size PT     font size in points (default 11)\n"
	      "      --scale F          scale the whole drawing (shapes, lines, text) by F\n"
	      "      --dpi N            PNG resolution (default 96; 192 doubles the pixels)\n"
	      "      --title TEXT       the picture's title instead of the traced command\n"
	      "      --no-title         no title line\n"
	      "      --numbers          number fork, exec, exit, adoption and reap ①②③ in time\n"
	      "                         order, on the tree and the timeline alike\n"
	      "      --lang en|zh       the pictures' language (default: the locale's; zh needs\n"
	      "                         a CJK font: fonts-noto-cjk)\n"
	      "      --steps DIR        a slide sequence: the tree and timeline after each event,\n"
	      "                         every node where the final tree puts it\n"
	      "      --steps-every N    a frame every N events instead (and after the last)\n"
	      "      --ids pid|stable   label processes by pid (default) or P0, P1, ... in creation order\n"
	      "      --fold N           fold identical siblings when there are more than N (default 8)\n"
	      "      --no-fold          never fold: one node (lane) per process, whatever --max-nodes says\n"
	      "      --max-nodes N      fold further while more than N nodes (lanes) would be drawn\n", out);
	fprintf(out, "                         (default %d; 0 = no limit)\n", PTV_RENDER_MAX_NODES);
	fputs("      --time MODE        timeline scale: auto (default), linear or compact\n"
	      "      --timeline-from W  exec (default): the timeline starts at the program's exec;\n"
	      "                         launch: also ptviz's launch of it and its reap by ptviz\n", out);
	fprintf(out, "      --ipc STYLE        tree: pipes, FIFOs and shared regions as objects (with the fds\n"
	        "                         each process held) or as edges writer → reader; auto (default):\n"
	        "                         objects up to %d nodes and %d objects, else edges\n",
	        PTV_IPC_OBJECTS_MAX_NODES, PTV_IPC_OBJECTS_MAX_OBJECTS);
	fputs("  -h, --help             this help\n", out);
}

static void export_usage(FILE *out)
{
	fputs("usage: ptviz export LOG --perfetto FILE\n"
	      "\n"
	      "Write the trace as Chrome Trace Event JSON, which ui.perfetto.dev and\n"
	      "chrome://tracing open.\n"
	      "\n"
	      "      --perfetto FILE    output file (- for stdout)\n"
	      "      --ids pid|stable   name processes by pid or P0, P1, ...\n"
	      "  -h, --help             this help\n", out);
}

/* Check that an output's format is known before any work is done. */
static bool format_known(const ptv_render_opts *ro, const char *path, const char *what)
{
	if (ro->format || strcmp(path, "-") == 0)
		return true;
	if (ptv_render_format_for(path))
		return true;
	cli_error(what, "cannot tell the format of '%s' from its extension (use .svg, .png, .pdf, .dot or --format)", path);
	return false;
}

int cmd_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tree", required_argument, NULL, OPT_TREE },
		{ "timeline", required_argument, NULL, OPT_TIMELINE },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "help", no_argument, NULL, 'h' },
		CLI_RENDER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	ptv_render_opts ro = PTV_RENDER_OPTS_INIT;
	const char *tree = NULL, *timeline = NULL, *html = NULL;
	int opt, code = 0;

	static const char shortopts[] = "h";
	optind = 1;
	opterr = 0;   /* cli_bad_option() says it in one line */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_TREE: tree = optarg; break;
		case OPT_TIMELINE: timeline = optarg; break;
		case OPT_HTML: html = optarg; break;
		case 'h': render_usage(stdout); return 0;
		default: {
			int r = cli_render_option(&ro, opt, optarg);
			if (r < 0)
				return CLI_EXIT_USAGE;
			if (r == 0)
				return cli_bad_option("render", shortopts, argv);
		}
		}
	}
	if (optind != argc - 1) {
		cli_error("render", optind >= argc ? "no event log given" : "give exactly one event log");
		return CLI_EXIT_USAGE;
	}
	if (!tree && !timeline && !html && !ro.steps_dir) {
		cli_error("render", "nothing to draw: give --tree FILE, --timeline FILE, --html FILE or --steps DIR");
		return CLI_EXIT_USAGE;
	}
	if ((tree && !format_known(&ro, tree, "--tree")) ||
	    (timeline && !format_known(&ro, timeline, "--timeline")))
		return CLI_EXIT_USAGE;
	if (cli_lang_setup(&ro, true) < 0)
		return CLI_EXIT_FAIL;

	ptv_model *m = cli_load(argv[optind]);
	if (!m)
		return CLI_EXIT_FAIL;
	if (cli_render_views(m, tree, timeline, html, &ro) < 0)
		code = CLI_EXIT_FAIL;
	ptv_model_free(m);
	if (code == 0 && ro.steps_dir && cli_render_steps(argv[optind], &ro, false) < 0)
		code = CLI_EXIT_FAIL;
	return code;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "perfetto", required_argument, NULL, OPT_PERFETTO },
		{ "ids", required_argument, NULL, OPT_IDS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptv_render_opts ro = PTV_RENDER_OPTS_INIT;
	const char *perfetto = NULL;
	char err[1024];
	int opt, code = 0;

	static const char shortopts[] = "h";
	optind = 1;
	opterr = 0;   /* cli_bad_option() says it in one line */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (opt == OPT_PERFETTO)
			perfetto = optarg;
		else if (opt == 'h') {
			export_usage(stdout);
			return 0;
		} else {
			int r = cli_render_option(&ro, opt, optarg);
			if (r == 0)
				return cli_bad_option("export", shortopts, argv);
			if (r < 0)
				return CLI_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		cli_error("export", optind >= argc ? "no event log given" : "give exactly one event log");
		return CLI_EXIT_USAGE;
	}
	if (!perfetto) {
		cli_error("export", "nothing to write: give --perfetto FILE");
		return CLI_EXIT_USAGE;
	}
	ptv_model *m = cli_load(argv[optind]);
	if (!m)
		return CLI_EXIT_FAIL;
	cli_guard_outputs(true);
	if (ptv_export_perfetto(m, perfetto, &ro, err, sizeof(err)) < 0) {
		cli_error(perfetto, "%s", err);
		code = CLI_EXIT_FAIL;
	}
	cli_guard_outputs(false);
	ptv_model_free(m);
	return code;
}
