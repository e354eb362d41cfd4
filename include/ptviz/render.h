/* ptviz/render.h — views of a model: the process tree, the timeline, the Perfetto export.
 *
 * All renderers draw through Graphviz's C libraries (cgraph builds the graph, gvc lays it out and
 * renders it); none of them writes DOT text by hand except as an output format.
 */
#ifndef PTVIZ_RENDER_H
#define PTVIZ_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include "ptviz/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ptv_time_mode {
	PTV_TIME_AUTO,      /* compact for small traces with long idle stretches, else linear */
	PTV_TIME_LINEAR,
	PTV_TIME_COMPACT,   /* long idle stretches are cut and marked */
} ptv_time_mode;

typedef struct ptv_render_opts {
	const char *format;     /* "svg", "png", "pdf", "dot"; NULL: from the output file's extension */
	const char *theme;      /* "light" (default), "dark", "print" */
	const char *font;       /* font name, default "Helvetica" */
	double font_size;       /* points, default 11 */
	bool stable_ids;        /* --ids stable: P0, P1, ... instead of pids */
	int fold;               /* fold identical siblings beyond this many; 0 = never fold */
	ptv_time_mode time_mode;/* timeline only */
	void (*on_progress)(void *ctx, const char *stage); /* may be NULL */
	void *progress_ctx;
} ptv_render_opts;

#define PTV_RENDER_OPTS_INIT { .theme = "light", .font = "Helvetica", .font_size = 11, .fold = 8 }

/* Output format from a file name's extension ("svg", "png", "pdf", "dot"), or NULL if unknown. */
const char *ptv_render_format_for(const char *path);

/* Draw the process tree into path ("-" = stdout). Returns 0, or -1 with the reason in err. */
int ptv_render_tree(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                    char *err, size_t errlen);

/* Draw the timeline into path. Returns 0, or -1 with the reason in err. */
int ptv_render_timeline(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                        char *err, size_t errlen);

/* Write Chrome Trace Event JSON (Perfetto, chrome://tracing). Returns 0 or -1 with err. */
int ptv_export_perfetto(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                        char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
