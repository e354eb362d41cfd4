/* cli/main.c — ptviz's entry point: pick the subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} commands[] = {
		{ "record", cmd_record },
		{ "render", cmd_render },
		{ "export", cmd_export },
		{ "report", cmd_report },
	};

	if (argc >= 2) {
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].fn(argc - 1, argv + 1);
	}
	return cmd_run(argc, argv);
}
