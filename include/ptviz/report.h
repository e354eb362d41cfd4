/* ptviz/report.h — text and JSON reports of a model: the pstree-like summary and the
 * zombie-and-orphan report. Their words are ptviz/describe.h's, as in every picture. */
#ifndef PTVIZ_REPORT_H
#define PTVIZ_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "ptviz/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ptv_report_opts {
	bool color;         /* ANSI colors (only on a terminal, NO_COLOR respected by the caller) */
	bool stable_ids;    /* P0, P1, ... instead of pids */
	bool json;          /* machine-readable output */
	int max_lines;      /* summary tree: cut after this many process lines (0 = no limit) */
} ptv_report_opts;

#define PTV_REPORT_OPTS_INIT { .max_lines = 0 }

/* The one-line headline and pstree-like tree:
 *
 *   ptviz: fork_loop — 4 processes, 2 zombies (never reaped by their parent), 2.7 ms
 *   1234 fork_loop    exit 0
 *   ├─1235 fork_loop  exit 0   zombie 2.1 ms → reaped by init (orphaned)
 *   └─1237 fork_loop → ls  exit 0   reaped by 1234 (wait4)
 *
 * The headline names the root's program, counts processes and leaks (see the leak rule in
 * model.h) and gives the trace's duration ("(log cut short)" when there was no end record).
 * Each line: id (pid, or P<n> with stable_ids), exec chain ("sh → ls"), status ("exit N",
 * "killed: SIGPIPE", "exited" when the code is unknown, "still running", "detached"), what
 * became of the zombie (or of a live orphan), and in parentheses threads created and a setsid
 * ("(2 threads, new session)"). Colors (opts->color): leaks red, other details dim.
 * opts->max_lines cuts with "… N more". */
void ptv_report_summary(const ptv_model *m, FILE *out, const ptv_report_opts *opts);

/* Every process that was ever a zombie (exited and not auto-reaped: how long, by whom reaped),
 * every orphan (adopted by whom, when), and the leaks grouped by parent and fork call site:
 * "server (pid 88) leaked 40 children forked at handle_conn (server.c:120)" (the call site is
 * ptv_stack_call_site of the fork stack; "(no call-site stack; record with -k)" without one).
 * With opts->json: one JSON document {"program", "duration_ns", "complete", "counts": {processes,
 * zombies, orphans, leaks, still_running}, "processes": [the zombies and orphans], "leaks":
 * [{"parent", "parent_pid", "program", "count", "call_site": {fn, file, line, obj} | null,
 * "children": [pids]}]}. */
void ptv_report_zombies(const ptv_model *m, FILE *out, const ptv_report_opts *opts);

/* Number of children never reaped by their parent (what `report --check` tests). */
int ptv_report_leaks(const ptv_model *m);

#ifdef __cplusplus
}
#endif
#endif
