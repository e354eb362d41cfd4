/* page.c — ptv_render_page: the interactive page. The tree and the timeline are drawn by their
 * views into memory (view.h's capture), the reports are written into memory, the facts become
 * JSON; page_html.c puts them into the template, and the file is written like every output
 * (outfile.h: a temporary file renamed into place, nothing followed). */
#define _GNU_SOURCE   /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "page_priv.h"
#include "ptviz/describe.h"
#include "ptviz/page.h"
#include "ptviz/report.h"
#include "view.h"

/* The text reports: the summary tree, then zombies, orphans and leaks. NULL when out of memory. */
static char *page_report(const ptv_model *m, bool stable_ids)
{
	ptv_report_opts ro = PTV_REPORT_OPTS_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	ro.stable_ids = stable_ids;
	ptv_report_summary(m, f, &ro);
	fputc('\n', f);
	ptv_report_zombies(m, f, &ro);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

typedef int (*page_draw_fn)(const ptv_view *, const char *, const ptv_render_opts *, char *,
                            size_t);

/* One of v's pictures as SVG into out, under the graph id `id`: as it was drawn for its file
 * when v keeps its pictures (ptv_view_keep_pictures), else drawn now. */
static int page_picture(const ptv_view *v, page_draw_fn draw, const char *id, strbuf *out,
                        const ptv_render_opts *opts, char *err, size_t errlen)
{
	const char *kept = view_kept_svg(v, id);
	ptv_view capture = *v;   /* the same fold, drawn into memory */

	if (kept) {
		strbuf_puts(out, kept);
		return 0;
	}
	capture.kept = NULL;

	capture.capture = out;
	capture.capture_id = id;
	return draw(&capture, "-", opts, err, errlen);
}

/* The facts and the geometry as JSON text (owned by the caller), or NULL with err. */
static char *page_facts(const ptv_view *v, const ptv_render_opts *opts, char *err, size_t errlen)
{
	cJSON *root = page_json_model(v->m, opts->stable_ids);
	char *text = NULL;

	if (!root) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	cJSON_AddStringToObject(root, "theme", opts->theme ? opts->theme : "light");
	cJSON_AddItemToObject(root, "words", page_words_json());
	if (page_geom_add(root, v->m, v->f, opts, err, errlen) == 0) {
		text = cJSON_PrintUnformatted(root);
		if (!text)
			snprintf(err, errlen, "out of memory");
	}
	cJSON_Delete(root);
	return text;
}

/* Write the finished page to path. */
static int page_write(const char *path, const strbuf *html, bool fresh, char *err, size_t errlen)
{
	outfile of;

	if (outfile_open_as(&of, path, fresh, err, errlen) < 0)
		return -1;
	fwrite(html->s ? html->s : "", 1, html->len, of.f);
	return outfile_commit(&of, err, errlen);   /* a failed fwrite shows there (ferror) */
}

int ptv_render_page_view(const ptv_view *v, const char *path, const ptv_render_opts *opts_in,
                         char *err, size_t errlen)
{
	ptv_render_opts opts = view_opts(v, opts_in);
	strbuf tree = STRBUF_INIT, timeline = STRBUF_INIT, html = STRBUF_INIT;
	char *report = NULL, *json = NULL, title[512];
	int rc = -1;

	opts.format = "svg";
	if (!view_theme(path, &opts, err, errlen))
		goto out;
	if (page_picture(v, ptv_render_tree_view, "svg_tree", &tree, &opts, err, errlen) < 0 ||
	    page_picture(v, ptv_render_timeline_view, "svg_timeline", &timeline, &opts, err, errlen) < 0)
		goto out;
	if (opts.on_progress)
		opts.on_progress(opts.progress_ctx, "page");
	if (!(json = page_facts(v, &opts, err, errlen)))
		goto out;
	if (!(report = page_report(v->m, opts.stable_ids))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	page_parts parts = {
		.title = ptv_describe_title(v->m, 80, title, sizeof title),
		.theme = opts.theme ? opts.theme : "light",
		.tree_svg = strbuf_str(&tree),
		.timeline_svg = strbuf_str(&timeline),
		.report = report,
		.json = json,
	};
	if (page_html_build(&html, &parts) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = page_write(path, &html, opts.fresh_outputs, err, errlen);
out:
	strbuf_free(&tree);
	strbuf_free(&timeline);
	strbuf_free(&html);
	free(report);
	free(json);
	return rc;
}

int ptv_render_page(const ptv_model *m, const char *path, const ptv_render_opts *opts, char *err,
                    size_t errlen)
{
	ptv_view *v = NULL;
	int rc = -1;

	if (ptv_view_new(&v, m, opts, err, errlen) == 0)
		rc = ptv_render_page_view(v, path, opts, err, errlen);
	ptv_view_free(v);
	return rc;
}
