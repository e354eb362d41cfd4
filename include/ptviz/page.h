/* ptviz/page.h — the interactive page: one self-contained HTML file to explore a trace.
 *
 * The page holds the process tree and the timeline (the SVG the other views draw, inlined, with
 * ids tree_pN and lane_pN by process index), the text reports, the model's facts as JSON made
 * with cJSON, and the hand-written script and style of render/views/page/ (embedded at build
 * time). It loads nothing from anywhere: no network request of any kind, so it works offline and
 * from a mail attachment alike. Linked views, a details panel, a time cursor colouring the tree
 * by each process's state, search and "show leaks" are the script's; see docs/ptviz.1.
 */
#ifndef PTVIZ_PAGE_H
#define PTVIZ_PAGE_H

#include <stddef.h>
#include "ptviz/render.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write the page of v's model into path ("-" = stdout), drawn with opts (theme, font, ids, time
 * scale, fresh_outputs; its format is ignored: the page is HTML). Returns 0, or -1 with err. */
int ptv_render_page_view(const ptv_view *v, const char *path, const ptv_render_opts *opts,
                         char *err, size_t errlen);

/* The same, folding m itself with opts->fold and opts->max_nodes. */
int ptv_render_page(const ptv_model *m, const char *path, const ptv_render_opts *opts, char *err,
                    size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
