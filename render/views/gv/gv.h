/* gv.h — private Graphviz plumbing shared by the renderers (tree, timeline): a context that works
 * even without Graphviz's plugin config, atomic output in svg/png/pdf/dot, themes, escaping of
 * user text, and attribute helpers.
 *
 * Nothing here is thread-safe: Graphviz keeps its error level and message buffer in globals, and
 * gv_render changes them for the duration of one render.
 */
#ifndef PTVIZ_RENDER_GV_H
#define PTVIZ_RENDER_GV_H

#include <stdbool.h>
#include <stddef.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include "ptviz/describe.h"
#include "ptviz/lang.h"
#include "ptviz/render.h"
#include "strbuf.h"

/* ---- context --------------------------------------------------------------------------------- */

typedef struct gv_ctx gv_ctx;

/* A Graphviz context with the dot and neato layouts and the svg, png, pdf and dot renderers.
 * Loads the plugins itself (from the directory beside libgvc) so a missing or stale config6a
 * does not matter; falls back to gvContext() and then names `dot -c` if "dot" is still missing.
 * Every handle shares one process-wide GVC_t that is never freed (freeing one and creating
 * another trips a use-after-free in Graphviz 2.42's pango plugin; see gv.c).
 * Returns 0, or -1 with the reason in err. */
int gv_ctx_new(gv_ctx **out, char *err, size_t errlen);
/* Frees the handle; the shared context stays for the next one. */
void gv_ctx_free(gv_ctx *c);
/* The underlying context (lent, owned by c). */
GVC_t *gv_ctx_gvc(gv_ctx *c);

/* ---- output ---------------------------------------------------------------------------------- */

/* The output format for path: opts->format if set (must be svg, png, pdf or dot), else from the
 * extension, else "svg" for "-" (stdout). Returns a static string, or NULL with err set:
 * "unknown output format 'xyz' (use svg, png, pdf or dot)". */
const char *gv_format_pick(const char *path, const char *format, char *err, size_t errlen);

/* Lay out g with engine ("dot", "neato", "nop2", ...) and write it to path ("-" = stdout) in the
 * format chosen by gv_format_pick(path, opts->format). The file is written to a temporary file
 * beside path and renamed over it only when complete, so a failed render leaves no partial file.
 * Format "dot" writes the graph as built (no layout; graph attribute layout=engine is set so that
 * `dot -Tsvg file.dot` reproduces the picture). Graphviz's own warnings are kept off stderr; its
 * errors become err. Reports the stages "layout" and "render" through opts->on_progress.
 * Returns 0, or -1 with the reason in err. */
int gv_render(gv_ctx *c, Agraph_t *g, const char *engine, const char *path,
              const ptv_render_opts *opts, char *err, size_t errlen);

/* gv_render as SVG into mem (appended), for a picture embedded in another file (the page).
 * id (may be NULL) becomes the graph's id, which Graphviz puts before the ids it makes up.
 * Returns 0, or -1 with the reason in err. */
int gv_render_mem(gv_ctx *c, Agraph_t *g, const char *engine, const char *id, strbuf *mem,
                  const ptv_render_opts *opts, char *err, size_t errlen);

/* gv_render, and when the file is SVG, also what gv_render_mem(…, id, keep, …) would append to
 * keep, from the same layout (one layout for the picture and the page). keep stays as it was for
 * another format. Returns 0, or -1 with the reason in err. */
int gv_render_keep(gv_ctx *c, Agraph_t *g, const char *engine, const char *path, const char *id,
                   strbuf *keep, const ptv_render_opts *opts, char *err, size_t errlen);

/* ---- size (gv_scale.c) ----------------------------------------------------------------------- */

/* opts->scale, or 1 when unset. */
double gv_scale_factor(const ptv_render_opts *opts);
/* The resolution fmt is drawn at for opts (--dpi, --scale): png 96 dpi (or opts->dpi) times the
 * scale, pdf 72 times the scale; 0 for svg and dot, which are not scaled through it. */
double gv_scale_dpi(const char *fmt, const ptv_render_opts *opts);
/* Scale an SVG document (*data, *len bytes, NUL-terminated, malloc'ed) by s through its width and
 * height, replacing *data. Returns 0, or -1 when it has none or memory ran out (*data kept). */
int gv_scale_svg(char **data, size_t *len, double s);

/* ---- themes ---------------------------------------------------------------------------------- */

/* Kinds of inter-process edge, each with its own colour, line style and arrowhead. */
typedef enum gv_link {
	GV_LINK_PIPE,
	GV_LINK_FIFO,
	GV_LINK_SHM,
	GV_LINK_SIGNAL,
	GV_LINK_COUNT,
} gv_link;

/* How one kind of edge is drawn. Every field is a Graphviz attribute value. */
typedef struct gv_edge_style {
	const char *color;
	const char *style;        /* "solid", "dashed", "dotted", "bold" */
	const char *arrowhead;    /* "normal", "empty", "vee", "none", ... */
	const char *penwidth;
	const char *label;        /* legend text: "pipe (writer → reader)" */
} gv_edge_style;

/* A colour theme. Colours are Graphviz colour strings ("#rrggbb"). The print theme is readable in
 * grayscale: its kinds differ by line style, arrowhead and node border style, not only colour. */
typedef struct gv_theme {
	const char *name;
	const char *background;
	const char *text;           /* titles, edge labels */
	const char *muted;          /* secondary text: lifetimes, call sites */
	const char *node_fill, *node_border, *node_text;
	const char *edge;           /* parent → child */
	const char *exit_ok;        /* "exit 0" */
	const char *exit_fail;      /* "exit 3" */
	const char *killed;         /* killed by a signal */
	const char *leak;           /* never reaped: red */
	const char *leak_fill;
	const char *zombie;         /* spent time as a zombie */
	const char *orphan;         /* adopted: the dashed adoption edge */
	const char *running;        /* still running at the end */
	const char *cluster_fill, *cluster_border;  /* sessions */
	const char *legend_fill, *legend_border;
	const char *leak_style;     /* node style for a leak ("filled,bold") */
	const char *zombie_style;   /* node style for a reaped-late zombie ("filled,dashed") */
	gv_edge_style link[GV_LINK_COUNT];
	const char *state[PTV_STATE_COUNT];  /* bar colours, by ptv_state (ptviz/log.h) */
	/* Bar line styles by state, NULL = solid: the print theme tells states apart by pattern,
	 * not by shades of grey alone. */
	const char *state_style[PTV_STATE_COUNT];
} gv_theme;

/* The theme called name (NULL = "light"), or NULL if there is none by that name. */
const gv_theme *gv_theme_get(const char *name);
/* The colour of a process's end (ptviz/describe.h): exit 0, exit N, killed, still running; the
 * text colour for an unknown code and a detached process. */
const char *gv_status_color(const gv_theme *t, ptv_status s);

/* ---- legend (gv_legend.c) --------------------------------------------------------------------
 * Made from what a picture shows: a view marks each kind as it draws it, and the legend lists
 * those and nothing else, in this order, in the same words in the tree and the timeline. */

typedef enum gv_key {
	GV_KEY_FORK,        /* parent → child */
	GV_KEY_PIPE,        /* GV_KEY_PIPE + gv_link for the IPC kinds: keep this order */
	GV_KEY_FIFO,
	GV_KEY_SHM,
	GV_KEY_SIGNAL,
	GV_KEY_ADOPT,       /* adopter → orphan */
	GV_KEY_REAP,        /* the timeline's reap arrow */
	GV_KEY_RUNNING,     /* the timeline's bars */
	GV_KEY_READY,
	GV_KEY_BLOCKED,
	GV_KEY_STOPPED,
	GV_KEY_ZOMBIE,
	GV_KEY_ORPHAN,
	GV_KEY_COUNT,
} gv_key;

/* The kinds drawn so far; zero-initialise it ({ 0 }). */
typedef struct gv_legend {
	bool used[GV_KEY_COUNT];
} gv_legend;

/* How one kind is shown: its words (translated, ptv_tr), a line sample of box-drawing glyphs
 * (already HTML-escaped), its colour and Graphviz line style, for views that draw their own
 * samples. */
typedef struct gv_legend_item {
	const char *text;
	const char *glyph;
	char color[32];
	const char *style;
} gv_legend_item;

static inline gv_key gv_key_of_link(gv_link k)
{
	return (gv_key)(GV_KEY_PIPE + (int)k);
}

void gv_legend_use(gv_legend *l, gv_key k);
bool gv_legend_used(const gv_legend *l, gv_key k);
void gv_legend_item_get(const gv_theme *t, gv_key k, gv_legend_item *out);
/* Open an HTML-like legend table with its heading row; close it with "</TABLE>". */
void gv_legend_table_open(strbuf *b, const gv_theme *t);
/* Append one row per kind used (line sample, words) at font size fs; returns how many. */
int gv_legend_rows_html(strbuf *b, const gv_legend *l, const gv_theme *t, double fs);

/* ---- graphs and attributes ------------------------------------------------------------------- */

/* A new directed graph with the theme's background and text colours and the font declared as
 * graph, node and edge defaults (font NULL = "Helvetica", font_size <= 0 = 11). */
Agraph_t *gv_graph_new(const char *name, const gv_theme *t, const char *font, double font_size);

/* Set attribute name on obj (graph, node or edge), declaring it with default "" if it is new. */
void gv_set(void *obj, const char *name, const char *value);
/* Set a printf-formatted attribute value. */
void gv_setf(void *obj, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Set an HTML-like label (html is markup, already escaped where it holds user text). */
void gv_set_html(void *obj, const char *name, const char *html);

/* ---- text ------------------------------------------------------------------------------------ */

/* Append user text (argv, paths) made safe to show: invalid UTF-8 becomes U+FFFD, control
 * characters become visible escapes (newline → \n, tab → \t, others → \xNN). */
void gv_text_plain(strbuf *b, const char *text);
/* Same, then escaped for an HTML-like label: & < > " ' become entities, and a backslash is
 * doubled (Graphviz expands \N and friends inside HTML-like labels as well). */
void gv_text_html(strbuf *b, const char *text);
/* Same, then escaped for a plain label or xlabel (an escString): a backslash is doubled so that
 * \N, \n, \l in user text are not expanded. */
void gv_text_label(strbuf *b, const char *text);
/* Same, for a tooltip: Graphviz 2.42 expands a tooltip's escapes twice, so a backslash becomes
 * four. Your own line breaks are "\n" (one backslash) between escaped pieces. */
void gv_text_tooltip(strbuf *b, const char *text);
/* gv_text_html / gv_text_label / gv_text_tooltip of at most max characters (not bytes) of
 * text, ending in "…" when cut; max 0 = no limit. */
void gv_text_html_clip(strbuf *b, const char *text, size_t max);
void gv_text_label_clip(strbuf *b, const char *text, size_t max);
void gv_text_tooltip_clip(strbuf *b, const char *text, size_t max);

#endif
