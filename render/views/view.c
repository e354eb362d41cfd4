/* view.c — ptv_view: the model folded once for every view drawn from it (the tree and the
 * timeline fold alike, one node per lane), and how far the budget had to fold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

int ptv_view_new(ptv_view **out, const ptv_model *m, const ptv_render_opts *opts, char *err,
                 size_t errlen)
{
	static const ptv_render_opts defaults = PTV_RENDER_OPTS_INIT;
	ptv_view *v = calloc(1, sizeof *v);

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!v)
		goto oom;
	v->m = m;
	v->siblings = opts->fold > 0 ? opts->fold : 0;
	v->max_nodes = opts->max_nodes > 0 ? opts->max_nodes : 0;
	if (opts->on_progress)
		opts->on_progress(opts->progress_ctx, "fold");
	if (fold_new(&v->f, m, v->siblings, v->max_nodes) < 0)
		goto oom;
	*out = v;
	return 0;
oom:
	snprintf(err, errlen, "out of memory folding %d processes", ptv_model_nprocesses(m));
	ptv_view_free(v);
	return -1;
}

void ptv_view_free(ptv_view *v)
{
	if (!v)
		return;
	fold_free(v->f);
	if (v->kept)
		for (int i = 0; i < VIEW_NPICTURES; i++)
			strbuf_free(&v->kept->svg[i]);
	free(v->kept);
	free(v);
}

const ptv_fold_summary *ptv_view_fold(const ptv_view *v)
{
	return fold_summary(v->f);
}

/* Each picture: its graph's name (tree.c, timeline.c) and the id the page gives it. */
static const struct { const char *graph, *id; } view_pictures[VIEW_NPICTURES] = {
	[VIEW_TREE] = { "ptviz_tree", "svg_tree" },
	[VIEW_TIMELINE] = { "timeline", "svg_timeline" },
};

void ptv_view_keep_pictures(ptv_view *v)
{
	if (!v->kept)
		v->kept = calloc(1, sizeof *v->kept);   /* without it, the page draws them again */
}

const char *view_kept_svg(const ptv_view *v, const char *id)
{
	for (int i = 0; v->kept && i < VIEW_NPICTURES; i++)
		if (strcmp(view_pictures[i].id, id) == 0 && v->kept->svg[i].len && !v->kept->svg[i].oom)
			return strbuf_str(&v->kept->svg[i]);
	return NULL;
}

ptv_render_opts view_opts(const ptv_view *v, const ptv_render_opts *opts)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;

	if (opts)
		o = *opts;
	o.fold = v->siblings;
	o.max_nodes = v->max_nodes;
	return o;
}

const gv_theme *view_theme(const char *path, const ptv_render_opts *opts, char *err, size_t errlen)
{
	static const ptv_render_opts defaults = PTV_RENDER_OPTS_INIT;
	const gv_theme *t;

	if (!opts)
		opts = &defaults;
	if (!(t = gv_theme_get(opts->theme))) {
		snprintf(err, errlen, "unknown theme '%s' (use light, dark or print)", opts->theme);
		return NULL;
	}
	return gv_format_pick(path, opts->format, err, errlen) ? t : NULL;
}

int ptv_render_fold(const ptv_model *m, const ptv_render_opts *opts, ptv_fold_summary *out,
                    char *err, size_t errlen)
{
	ptv_view *v = NULL;
	ptv_render_opts quiet = PTV_RENDER_OPTS_INIT;

	if (opts)
		quiet = *opts;
	quiet.on_progress = NULL;
	if (ptv_view_new(&v, m, &quiet, err, errlen) < 0)
		return -1;
	*out = *ptv_view_fold(v);
	ptv_view_free(v);
	return 0;
}

int view_render(const ptv_view *v, gv_ctx *c, Agraph_t *g, const char *engine, const char *path,
                const ptv_render_opts *opts, char *err, size_t errlen)
{
	if (v->capture)
		return gv_render_mem(c, g, engine, v->capture_id, v->capture, opts, err, errlen);
	for (int i = 0; v->kept && i < VIEW_NPICTURES; i++) {
		if (strcmp(agnameof(g), view_pictures[i].graph) != 0)
			continue;
		strbuf_reset(&v->kept->svg[i]);
		return gv_render_keep(c, g, engine, path, view_pictures[i].id, &v->kept->svg[i], opts,
		                      err, errlen);
	}
	return gv_render(c, g, engine, path, opts, err, errlen);
}
