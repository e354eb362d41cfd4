/* cli/cmd_record.c — `ptviz record`: trace a program or a running process into an event log. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void record_usage(FILE *out)
{
	fputs("usage: ptviz record [-o FILE] [options] [--] PROG [ARGS...]\n"
	      "       ptviz record [-o FILE] [options] -p PID\n"
	      "\n"
	      "Run PROG (or attach to PID and its descendants) under ptrace and write the event log.\n"
	      "\n"
	      "  -o, --output FILE     event log to write (default ptviz.jsonl; - for stdout)\n"
	      "  -p, --pid PID         attach to a running process and its descendants\n"
	      "      --exact           with -p: stop at every system call (exact wait/pipe/close times;\n"
	      "                        the program runs many times slower)\n"
	      "      --for SECONDS     stop after this long (attach: detach; launch: end the programs)\n"
	      "      --io              also record reads/writes on pipes and FIFOs, and output\n"
	      "  -k, --stack           record call-site stacks (libunwind)\n"
	      "      --stack-depth N   frames per stack (default 16)\n"
	      "      --subreaper       adopt orphans (exact reap times; getppid() in orphans shows ptviz)\n"
	      "      --every-open      stop at every open, so that a FIFO opened like a library or\n"
	      "                        header (O_RDONLY|O_CLOEXEC, O_RDONLY|O_NOCTTY) is timed too\n"
	      "      --no-seccomp      stop at every syscall instead of using the seccomp filter\n"
	      "      --no-sched        take no scheduler records (states then come from ptrace\n"
	      "                        stops only and are approximate; also PTVIZ_SCHED=off)\n"
	      "      --debug[=FILE]    tracer internals to stderr or FILE\n"
	      "  -h, --help            this help\n"
	      "\n"
	      "ptviz record exits with the program's status (128+N when a signal killed it), or 1\n"
	      "when the program succeeded but the log could not be written all the way.\n", out);
}

int cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_RECORD_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	ptv_tracer_opts to = PTV_TRACER_OPTS_INIT;
	ptv_trace_result res;
	cli_log log = { .path = "ptviz.jsonl", .policy = PTV_OUTPUT_NAMED };
	const char *debug_path = NULL;
	bool ok;
	int opt, code;

	static const char shortopts[] = "+o:p:kh";
	optind = 1;
	opterr = 0;   /* cli_bad_option() says it in one line */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (opt == 'o') {
			log.path = optarg;
			continue;
		}
		if (opt == 'h') {
			record_usage(stdout);
			return 0;
		}
		int r = cli_record_option(&to, opt, optarg, &debug_path);
		if (r < 0)
			return CLI_EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("record", shortopts, argv);
	}
	if (to.attach_pid && optind < argc) {
		cli_error("record", "give either -p PID or a program, not both");
		return CLI_EXIT_USAGE;
	}
	if (!to.attach_pid && optind >= argc) {
		cli_error("record", "no program to trace (ptviz record [-o FILE] [--] PROG [ARGS...])");
		return CLI_EXIT_USAGE;
	}
	if (!to.attach_pid)
		to.argv = argv + optind;
	if (debug_path && !(to.debug = cli_open_debug(debug_path)))
		return CLI_EXIT_FAIL;

	/* Nothing traced (program not found, attach refused) leaves no log, and an older file under
	 * the name as it was: the log is a new file under a temporary name until tracing has begun,
	 * and ptviz never deletes what it did not create. */
	code = cli_trace(&to, &log, &ok, &res);
	cli_close_debug(to.debug);
	/* The programs are done: a closed stderr must not turn the program's status into 141. */
	signal(SIGPIPE, SIG_IGN);
	if (ok && cli_log_failed(&log, &res))
		code = cli_exit_lost(code);
	return code;
}
