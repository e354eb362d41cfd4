/* test_slide.c — pictures for slides: --scale and --dpi grow the whole drawing in every format,
 * a PDF has no margin beyond the drawing, --title and --no-title, a legend listing what is drawn
 * and nothing else, the print theme's patterns, and timeline texts that no arrow strikes through. */
#define _GNU_SOURCE
#include <stdint.h>

#include "test_tree.h"

/* The whole file at path (NUL-terminated, malloc'ed), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			char *t = realloc(s, cap);
			if (!t)
				break;
			s = t;
		}
		got = fread(s + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	fclose(f);
	if (s)
		s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

/* Render the tree (timeline false) or the timeline of m into dir/name. */
static bool draw(const ptv_model *m, bool timeline, const char *dir, const char *name,
                 const ptv_render_opts *opts, char path[static 256])
{
	char err[512] = "";

	snprintf(path, 256, "%s/%s", dir, name);
	int rc = timeline ? ptv_render_timeline(m, path, opts, err, sizeof err) :
	                    ptv_render_tree(m, path, opts, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", name, err);
	return rc == 0;
}

/* The <svg width="...pt"> of an SVG file; -1 when absent. */
static double svg_width(const char *path)
{
	char *s = slurp(path, NULL);
	const char *w = s ? strstr(s, "<svg width=\"") : NULL;
	double v = w ? atof(w + strlen("<svg width=\"")) : -1;

	free(s);
	return v;
}

/* A PNG's width in pixels (IHDR), -1 when it is not a PNG. */
static long png_width(const char *path)
{
	size_t n;
	unsigned char *s = (unsigned char *)slurp(path, &n);
	long w = -1;

	if (s && n > 24 && memcmp(s, "\x89PNG", 4) == 0)
		w = (long)s[16] << 24 | (long)s[17] << 16 | (long)s[18] << 8 | s[19];
	free(s);
	return w;
}

/* A PDF's MediaBox width in points, -1 when absent. */
static double pdf_width(const char *path)
{
	size_t n;
	char *s = slurp(path, &n);
	char *mb = s ? memmem(s, n, "/MediaBox [", 11) : NULL;
	double x0, y0, x1, y1, w = -1;

	if (mb && sscanf(mb + 11, "%lf %lf %lf %lf", &x0, &y0, &x1, &y1) == 4)
		w = x1 - x0;
	free(s);
	return w;
}

static bool near(double a, double b)
{
	return a > b * 0.98 - 1 && a < b * 1.02 + 1;
}

static void test_scale(const char *dir)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_pipeline.jsonl");
	char p1[256], p2[256];

	/* SVG: twice the width, the viewBox (the drawing's own units) unchanged. */
	CHECK(draw(m, false, dir, "one.svg", &o, p1));
	o.scale = 2;
	CHECK(draw(m, false, dir, "two.svg", &o, p2));
	double w1 = svg_width(p1), w2 = svg_width(p2);
	CHECK(w1 > 50);
	CHECK(near(w2, 2 * w1));
	char *s = slurp(p2, NULL);
	CHECK(s && strstr(s, "transform=\"scale(1 1)") != NULL);   /* not scaled a second time */
	free(s);
	/* PDF: the page is the drawing (no half-inch margin), and grows with the scale. */
	o.scale = 1;
	CHECK(draw(m, false, dir, "one.pdf", &o, p1));
	CHECK(near(pdf_width(p1), w1));
	o.scale = 2;
	CHECK(draw(m, false, dir, "two.pdf", &o, p2));
	CHECK(near(pdf_width(p2), 2 * w1));
	/* PNG: 96 dpi by default; --dpi 192 and --scale 2 each double the pixels, together x4. */
	o.scale = 1;
	CHECK(draw(m, false, dir, "one.png", &o, p1));
	long px1 = png_width(p1);
	CHECK(near((double)px1, w1 * 96 / 72));
	o.dpi = 192;
	CHECK(draw(m, false, dir, "dpi.png", &o, p2));
	CHECK(near((double)png_width(p2), 2.0 * px1));
	o.scale = 2;
	CHECK(draw(m, false, dir, "both.png", &o, p2));
	CHECK(near((double)png_width(p2), 4.0 * px1));
	/* The timeline scales alike. */
	o = (ptv_render_opts)PTV_RENDER_OPTS_INIT;
	CHECK(draw(m, true, dir, "tl1.svg", &o, p1));
	o.scale = 1.5;
	CHECK(draw(m, true, dir, "tl2.svg", &o, p2));
	CHECK(near(svg_width(p2), 1.5 * svg_width(p1)));
	ptv_model_free(m);
}

static void test_title(const char *dir)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_pipeline.jsonl");
	char path[256];
	char *s;

	o.title = "Lesson 6 <pipes> & ends";
	CHECK(draw(m, false, dir, "title.svg", &o, path));
	s = slurp(path, NULL);
	CHECK(s && strstr(s, "Lesson 6 &lt;pipes&gt; &amp; ends") != NULL);
	CHECK(s && strstr(s, "ptviz: ") == NULL);
	free(s);
	CHECK(draw(m, true, dir, "title-tl.svg", &o, path));
	s = slurp(path, NULL);
	CHECK(s && strstr(s, "Lesson 6 &lt;pipes&gt; &amp; ends") != NULL);
	free(s);
	/* --no-title: no title at all. */
	o.title = "";
	Agraph_t *g = tt_dot(m, dir, "notitle", &o);
	CHECK(g && tt_get(g, "label")[0] == '\0');
	if (g)
		agclose(g);
	o.title = NULL;
	g = tt_dot(m, dir, "deftitle", &o);
	CHECK(g && tt_has(g, "label", "ptviz: "));
	if (g)
		agclose(g);
	ptv_model_free(m);

	/* Folded by the budget: the note stays under --no-title, it is a fact about the picture. */
	m = tt_load("data/tree_pool.jsonl");
	o = (ptv_render_opts)PTV_RENDER_OPTS_INIT;
	o.title = "";
	o.max_nodes = 2;
	g = tt_dot(m, dir, "foldnote", &o);
	CHECK(g && tt_has(g, "label", "--max-nodes 2"));
	if (g)
		agclose(g);
	ptv_model_free(m);
}

/* The legend lists the fork edge, and a pipe only where one is drawn. */
static void test_legend(const char *dir)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_pipeline.jsonl");
	o.ipc = PTV_IPC_EDGES;   /* the compact style: the pipe is an edge kind of the legend */
	Agraph_t *g = tt_dot(m, dir, "legend-pipe", &o);

	CHECK(g && tt_has(agnode(g, "legend", 0), "label", "fork (parent → child)"));
	CHECK(g && tt_has(agnode(g, "legend", 0), "label", "pipe (writer → reader)"));
	CHECK(g && !tt_has(agnode(g, "legend", 0), "label", "FIFO"));
	CHECK(g && !tt_has(agnode(g, "legend", 0), "label", "shared memory"));
	if (g)
		agclose(g);
	ptv_model_free(m);
	m = tt_load("data/tree_orphan.jsonl");
	g = tt_dot(m, dir, "legend-fork", &o);
	CHECK(g && tt_has(agnode(g, "legend", 0), "label", "fork (parent → child)"));
	CHECK(g && !tt_has(agnode(g, "legend", 0), "label", "pipe"));
	if (g)
		agclose(g);
	ptv_model_free(m);
}

/* The timeline as DOT, read back. */
static Agraph_t *timeline_dot(const ptv_model *m, const char *dir, const char *name,
                              const ptv_render_opts *o)
{
	char path[256];
	Agraph_t *g = NULL;

	if (!draw(m, true, dir, name, o, path))
		return NULL;
	FILE *f = fopen(path, "r");
	if (f) {
		g = agread(f, NULL);
		fclose(f);
	}
	return g;
}

/* Print: blocked bars are dotted and stopped ones dashed, not only another grey; every text is
 * opaque (a reap arrow under "exit 0" stops at its edge). */
static void test_print_and_masks(const char *dir)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/timeline_states.jsonl");
	int dotted = 0, texts = 0, opaque = 0;

	o.theme = "print";
	Agraph_t *g = timeline_dot(m, dir, "print.dot", &o);
	CHECK(g != NULL);
	for (Agnode_t *n = g ? agfstnode(g) : NULL; n; n = agnxtnode(g, n)) {
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
			dotted += tt_has(e, "tooltip", "blocked") && tt_has(e, "style", "dotted");
		if (strcmp(tt_get(n, "shape"), "plaintext") == 0 && !tt_has(n, "fixedsize", "true")) {
			texts++;
			opaque += tt_has(n, "style", "filled") && strcmp(tt_get(n, "fillcolor"), "#ffffff") == 0;
		}
	}
	CHECK(dotted > 0);
	CHECK(texts > 3);
	CHECK_INT(opaque, texts);
	if (g)
		agclose(g);
	ptv_model_free(m);
}

int main(void)
{
	char dir[64];

	tt_mkdir(dir);
	test_scale(dir);
	test_title(dir);
	test_legend(dir);
	test_print_and_masks(dir);
	tt_rmdir(dir);
	return check_failures ? 1 : 0;
}
