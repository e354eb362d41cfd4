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

/* Zombie time worth counting: the tree's bar (TREE_ZOMBIE_NOTABLE_NS), so that the report and
 * the picture count the same zombies. Under ptrace every child is a zombie for a few ms. */
#define REPORT_ZOMBIE_NOTABLE_NS 20000000
#define REPORT_ZOMBIE_NOTABLE_TEXT "20 ms"

/* Whether p counts as a zombie, as the tree marks them: a leak, or a child reaped
 * REPORT_ZOMBIE_NOTABLE_NS or more after it exited; never the root ptviz reaps itself, nor an
 * auto-reaped child. */
bool report_was_zombie(const ptv_process *p);

/* "zombie 1.61 s" or "zombie 1.61 s (200 ms under its living parent, 1.41 s waiting for its
 * adopter)" for an orphaned one. */
void report_zombie_time(const ptv_model *m, const ptv_process *p, char *buf, size_t len);

/* The JSON form of ptv_report_zombies. */
void report_json_zombies(const ptv_model *m, FILE *out, const ptv_report_opts *opts);

#endif
