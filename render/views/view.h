/* view.h — private to the views: what a ptv_view holds, so that the tree and the timeline draw
 * the one fold it made. */
#ifndef PTVIZ_RENDER_VIEW_H
#define PTVIZ_RENDER_VIEW_H

#include "fold.h"
#include "gv.h"
#include "ptviz/render.h"

struct ptv_view {
	const ptv_model *m;   /* lent by the caller: outlives the view */
	fold *f;
	int siblings;         /* the --fold and --max-nodes it was folded with */
	int max_nodes;
	/* The page (page/) draws the pictures into memory: when set, a view appends its SVG here
	 * instead of writing a file, under the graph id capture_id (view_render). */
	strbuf *capture;
	const char *capture_id;
	/* ptv_view_keep_pictures: the SVG of each picture drawn as an SVG file, as the page
	 * inlines it (view_kept), by picture; NULL when not kept. */
	struct view_kept *kept;
};

/* The pictures a page can inline, by the graph id the page gives them. */
enum { VIEW_TREE, VIEW_TIMELINE, VIEW_NPICTURES };
struct view_kept {
	strbuf svg[VIEW_NPICTURES];
};

/* The SVG of the picture with the page's graph id (svg_tree, svg_timeline) kept by
 * ptv_view_keep_pictures, or NULL when there is none. Lent. */
const char *view_kept_svg(const ptv_view *v, const char *id);

/* The options a view draws with: opts (or the defaults), with the view's fold settings. */
ptv_render_opts view_opts(const ptv_view *v, const ptv_render_opts *opts);

/* The theme opts names, when it exists and path's output format is known (opts NULL: the
 * defaults); else NULL with the reason in err. What a view checks before any work. */
const gv_theme *view_theme(const char *path, const ptv_render_opts *opts, char *err, size_t errlen);

/* Lay out and write g: to path, or into v->capture when the page draws it. */
int view_render(const ptv_view *v, gv_ctx *c, Agraph_t *g, const char *engine, const char *path,
                const ptv_render_opts *opts, char *err, size_t errlen);

#endif
