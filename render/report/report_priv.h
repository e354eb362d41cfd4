/* report_priv.h — helpers shared by the text and JSON reports. */
#ifndef PTVIZ_REPORT_PRIV_H
#define PTVIZ_REPORT_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include "ptviz/describe.h"
#include "ptviz/report.h"

/* Leaks grouped by (birth parent, fork call site). */
typedef struct report_leak_group {
	int parent;                /* process index */
	char site[256];            /* ptv_describe_call_site text, "" without a stack */
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
