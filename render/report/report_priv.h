/* report_priv.h — helpers shared by the text and JSON reports. */
#ifndef PTVIZ_REPORT_PRIV_H
#define PTVIZ_REPORT_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include "ptviz/report.h"

/* "850 ns", "12.4 µs", "2.1 ms", "1.25 s", "3 min 12 s" */
void report_duration(char *buf, size_t size, int64_t ns);
/* "1234", or "P3" with stable ids */
void report_id(char *buf, size_t size, const ptv_process *p, const ptv_report_opts *opts);
/* Program name for headlines: the root's last program, or the header's argv[0]. */
const char *report_program(const ptv_model *m);
/* "exit 0", "killed: SIGPIPE", "killed: SIGSEGV (core dumped)", "exited", "still running", "detached" */
void report_status(char *buf, size_t size, const ptv_process *p);
/* Who reaped p, in words: "init", "ptviz", "1234" / "P0" */
void report_reaper(char *buf, size_t size, const ptv_model *m, const ptv_process *p,
                   const ptv_report_opts *opts);
/* "main (fork_loop.c:14)" for the fork's call site, or "" when there is no stack. */
void report_call_site(char *buf, size_t size, const ptv_stack *s);

/* Leaks grouped by (birth parent, fork call site). */
typedef struct report_leak_group {
	int parent;                /* process index */
	char site[256];            /* report_call_site text, "" without a stack */
	const ptv_frame *frame;    /* the call-site frame, NULL without a stack */
	int *children;             /* process indices, in id order */
	int nchildren;
} report_leak_group;

/* Build the groups: by parent id, the biggest first, the one without a stack last.
 * Returns the count, -1 on OOM. */
int report_leak_groups(const ptv_model *m, report_leak_group **out);
void report_leak_groups_free(report_leak_group *g, int n);

/* Whether p was ever a zombie: exited and not discarded at once by an auto-reap. */
bool report_was_zombie(const ptv_process *p);

/* The JSON form of ptv_report_zombies. */
void report_json_zombies(const ptv_model *m, FILE *out, const ptv_report_opts *opts);

#endif
