/* ptviz/render.h — views of a model: the process tree, the timeline, the Perfetto export.
 *
 * The pictures are drawn through Graphviz's C libraries (cgraph builds the graph, gvc lays it
 * out and renders it); none of them writes DOT text by hand except as an output format. The
 * Perfetto export writes JSON with cJSON. Every view says the model's facts in the words of
 * ptviz/describe.h.
 */
#ifndef PTVIZ_RENDER_H
#define PTVIZ_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include "ptviz/lang.h"
#include "ptviz/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ptv_time_mode {
	PTV_TIME_AUTO,      /* compact for small traces with long idle stretches, else linear */
	PTV_TIME_LINEAR,
	PTV_TIME_COMPACT,   /* long idle stretches are cut and marked */
} ptv_time_mode;

/* How the tree draws pipes, FIFOs and shared regions (--ipc). */
typedef enum ptv_ipc_style {
	PTV_IPC_AUTO,       /* objects for a small picture (PTV_IPC_OBJECTS_MAX_*), else edges */
	PTV_IPC_OBJECTS,    /* each one a node of its own, joined to every holder, with fds */
	PTV_IPC_EDGES,      /* compact writer → reader edges between processes */
} ptv_ipc_style;

/* --ipc auto draws objects when the tree has at most this many nodes and at most this many
 * objects to draw. */
#define PTV_IPC_OBJECTS_MAX_NODES 60
#define PTV_IPC_OBJECTS_MAX_OBJECTS 24

typedef struct ptv_render_opts {
	const char *format;     /* "svg", "png", "pdf", "dot"; NULL: from the output file's extension */
	const char *theme;      /* "light" (default), "dark", "print" */
	const char *font;       /* font name, default "Helvetica" */
	double font_size;       /* points, default 11 */
	bool stable_ids;        /* --ids stable: P0, P1, ... instead of pids */
	int fold;               /* fold identical siblings beyond this many; 0 = never fold */
	int max_nodes;          /* drawing budget: fold further while more nodes (lanes) would be
	                         * drawn; 0 = no limit. Ignored when fold is 0. */
	ptv_time_mode time_mode;/* timeline only */
	bool timeline_from_launch; /* timeline: start at ptviz's launch of the root and keep its reap
	                         * of the root (--timeline-from launch); default: from the root's exec */
	void (*on_progress)(void *ctx, const char *stage); /* may be NULL */
	/* Something the user should know about a picture that was still made (e.g. a PNG scaled
	 * down to fit); may be NULL. */
	void (*on_warning)(void *ctx, const char *msg);
	void *progress_ctx;     /* passed to on_progress and on_warning */
	/* The output names were chosen by the caller for this run (ptviz's output directory): each
	 * picture is created new, and nothing found or appearing under its name is replaced or written
	 * into. Otherwise (a name the user gave) a regular file there is replaced. */
	bool fresh_outputs;
	/* Slides. scale multiplies the whole drawing (shapes, lines and text alike) in every format;
	 * dpi is the PNG's resolution (0: 96), so that 192 doubles its pixels, scale included. */
	double scale;           /* 0 or 1: as laid out */
	int dpi;
	/* The picture's title line: NULL for the default (what was traced, how long), "" for none
	 * (--no-title). A note that the picture is folded stays either way: it is a fact about
	 * what is drawn. */
	const char *title;
	/* Step frames (ptv_render_steps): the folder, and how many events per frame (0 or 1: one
	 * frame per event). Not read by the single-picture calls. */
	const char *steps_dir;
	int steps_every;
	ptv_ipc_style ipc;      /* tree: pipes/FIFOs/regions as objects or as edges */
	bool numbers;           /* tree: number fork, exec, exit, reap, adoption in time order */
} ptv_render_opts;

/* The default drawing budget: dot lays out this many nodes in about half a second. */
#define PTV_RENDER_MAX_NODES 1500

#define PTV_RENDER_OPTS_INIT { .theme = "light", .font = "Helvetica", .font_size = 11, .fold = 8, \
                               .max_nodes = PTV_RENDER_MAX_NODES }

/* How far folding had to go to keep within the budget (max_nodes). The tree and the timeline
 * fold the same way: one node of the tree per lane of the timeline. */
typedef enum ptv_fold_step {
	PTV_FOLD_EXACT,       /* only --fold's identical siblings (or nothing): within the budget */
	PTV_FOLD_IDENTICAL,   /* also identical sibling subtrees however few, from `depth` down */
	PTV_FOLD_ALIKE,       /* also siblings with the same exec chain and end whose subtrees
	                       * differ, merged into one node, from `depth` down */
	PTV_FOLD_DEPTH,       /* also: below `depth`, each subtree is one summary node */
} ptv_fold_step;

typedef struct ptv_fold_summary {
	int processes;        /* in the model */
	int nodes;            /* nodes (lanes) that stand for them */
	int exact_nodes;      /* what --fold alone would draw */
	int max_nodes;        /* the budget (0: none) */
	ptv_fold_step step;
	int depth;            /* tree depth (0 = the root) where the last step starts */
	ptv_fold_step above;  /* PTV_FOLD_DEPTH: how the levels above the cut were folded */
} ptv_fold_summary;

/* What the budget folded, in words for a title or a note: "identical sibling subtrees folded
 * below the top 5 levels"; "" when it folded nothing beyond --fold. */
void ptv_fold_describe(const ptv_fold_summary *s, char *buf, size_t len);

/* How the views of m will fold with opts, without drawing. Returns 0, or -1 with err. */
int ptv_render_fold(const ptv_model *m, const ptv_render_opts *opts, ptv_fold_summary *out,
                    char *err, size_t errlen);

/* Output format from a file name's extension ("svg", "png", "pdf", "dot"), or NULL if unknown. */
const char *ptv_render_format_for(const char *path);

/* Draw the process tree into path ("-" = stdout). Returns 0, or -1 with the reason in err. */
int ptv_render_tree(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                    char *err, size_t errlen);

/* Draw the timeline into path. Returns 0, or -1 with the reason in err. */
int ptv_render_timeline(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                        char *err, size_t errlen);

/* ---- drawing several views of one model ------------------------------------------------------
 * Folding is the costly part of a big trace's pictures, and the tree and the timeline fold
 * alike (one node per lane). A ptv_view folds m once, with opts->fold and opts->max_nodes (and
 * reports the "fold" stage through opts->on_progress); every picture drawn from it uses that
 * fold. ptv_render_tree and ptv_render_timeline are these calls for one picture. */
typedef struct ptv_view ptv_view;

/* Fold m (which must outlive the view). Returns 0, or -1 with the reason in err. */
int ptv_view_new(ptv_view **out, const ptv_model *m, const ptv_render_opts *opts, char *err,
                 size_t errlen);
void ptv_view_free(ptv_view *v);
/* How far the view's folding had to go (lent: lives as long as v). */
const ptv_fold_summary *ptv_view_fold(const ptv_view *v);
/* From now on, keep the SVG of every picture v draws as an SVG file, laid out once for the file
 * and the page: ptv_render_page_view then inlines it instead of laying the picture out again
 * (a page drawn with the same options; `ptviz PROG` writes both). The pictures' ids then carry
 * the page's prefix (svg_tree_…, svg_timeline_…), so that the two in one page share none. */
void ptv_view_keep_pictures(ptv_view *v);

/* Draw v's tree or timeline into path: opts says how (format, theme, font, ids, time mode,
 * callbacks); its fold and max_nodes are ignored, v's are used. Returns 0, or -1 with err. */
int ptv_render_tree_view(const ptv_view *v, const char *path, const ptv_render_opts *opts,
                         char *err, size_t errlen);
int ptv_render_timeline_view(const ptv_view *v, const char *path, const ptv_render_opts *opts,
                             char *err, size_t errlen);

/* ---- step frames (--steps) -------------------------------------------------------------------
 * A slide sequence from the event log at log_path: after every opts->steps_every events (and
 * after the last), the tree and the timeline of what the log says until then, as
 * dir/tree-NNN.FMT and dir/timeline-NNN.FMT (NNN: how many events are drawn; FMT: opts->format,
 * default svg). Every frame's tree keeps the final tree's layout, so processes appear in place
 * and nothing moves; frames fold nothing. dir is made when missing. Sets *nframes to the frames
 * written. Returns 0, or -1 with err. */
int ptv_render_steps(const char *log_path, const char *dir, const ptv_render_opts *opts,
                     int *nframes, char *err, size_t errlen);

/* The font family the pictures need for lang (ptviz/lang.h), found through fontconfig: "" for
 * English (any font does), "Noto Sans CJK SC" or another font covering Chinese for zh. Returns 0,
 * or -1 with err ("no CJK font found (apt-get install fonts-noto-cjk)"). */
int ptv_render_lang_font(ptv_lang lang, char *family, size_t len, char *err, size_t errlen);

/* Write Chrome Trace Event JSON (Perfetto, chrome://tracing). Returns 0 or -1 with err. */
int ptv_export_perfetto(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                        char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
