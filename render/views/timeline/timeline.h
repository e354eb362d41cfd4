/* timeline.h — private: the timeline's layout, computed by ptviz and only drawn by Graphviz.
 *
 * The layout is pure (no Graphviz): lanes in tree order with their state segments, the time axis
 * (linear, or compact with long idle stretches cut out), its ticks, and the markers (fork, exec,
 * exit, reap, signals, pipes, output) with label rows chosen so that labels do not collide.
 * timeline.c turns it into a graph of pinned nodes and straight edges.
 */
#ifndef PTVIZ_TIMELINE_H
#define PTVIZ_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fold.h"
#include "ptviz/describe.h"
#include "ptviz/model.h"
#include "ptviz/render.h"

/* Geometry, in points (1/72 in). 940 pt + padding is just under 1280 px at 96 dpi. */
#define TIMELINE_WIDTH      940.0   /* whole picture, without the padding */
#define TIMELINE_LANE_H     38.0    /* distance between lanes at the default 11 pt font */
#define TIMELINE_CUT_W      30.0    /* width of a cut idle stretch on the axis */
#define TIMELINE_TICK_MIN   90.0    /* minimum distance between labelled ticks */
#define TIMELINE_RIGHT_W    70.0    /* room right of the plot for exit labels */
#define TIMELINE_SEG_MIN_W  1.5     /* narrower state stretches are merged with their neighbours */
#define TIMELINE_CALL_MIN_W 12.0    /* blocked stretches at least this wide get the call's name */
#define TIMELINE_LABEL_SHIFT 40.0   /* how far a marker's label may slide right to avoid another */
#define TIMELINE_TITLE_COMMAND 80   /* characters of the traced command in the title */

/* Compact time: a gap between consecutive events (of any lane) during which no process is running
 * is cut when it is at least CUT_FACTOR times the 75th-percentile gap, at least CUT_SHARE of the
 * time still visible, and at least CUT_MIN_NS. */
#define TIMELINE_CUT_FACTOR 50.0
#define TIMELINE_CUT_SHARE  0.05
#define TIMELINE_CUT_MIN_NS 10000
/* A running interval counts as busy (never cut) unless its known CPU + run-queue time is below
 * this share of its length. */
#define TIMELINE_BUSY_SHARE 0.5
/* PTV_TIME_AUTO picks compact when cuts remove at least this share of the span (idle dominates)
 * and the trace has at most AUTO_MAX_PROCS processes. */
#define TIMELINE_AUTO_SHARE 0.5
#define TIMELINE_AUTO_MAX_PROCS 2000

/* One stretch of a lane in one state. */
typedef struct timeline_seg {
	int64_t start, end;
	ptv_state state;
	const char *on;        /* blocking call or stop signal (borrowed from the model), or NULL */
	const char *call;      /* blocked, -k: the libc function the program called, or NULL */
	bool orphan;           /* the process had been adopted when this stretch began */
	bool ready;            /* exact: running, waiting for a CPU (the records put it here) */
	bool unknown;          /* exact: records lost; the state is ptrace's guess */
	bool exact;            /* from the scheduler's records (else ptrace's interval alone) */
	int64_t ns[PTV_CPU_COUNT]; /* exact: time per scheduler state inside; approximate running:
	                        * [ON] CPU time, [READY] run-queue time when known, else -1 */
} timeline_seg;

/* One lane: one group of the fold (fold.h): a process, folded siblings, or a subtree summed up. */
typedef struct timeline_lane {
	int proc;              /* the process drawn (the first of a fold) */
	int nmembers;          /* processes folded into this lane (1 when not folded) */
	fold_kind kind;
	int leaked;            /* members never reaped by their parent */
	int killed;            /* members killed by a signal */
	int depth;             /* depth in the (folded) process tree */
	int64_t start, end;    /* creation .. reap, or the log's end */
	timeline_seg *segs;
	int nsegs;
	char label[160];       /* "1234 sh → ps", "×1000 true", "+6720 processes, 68 leaked"
	                        * (UTF-8, not escaped) */
} timeline_lane;

/* A removed idle stretch of compact time. */
typedef struct timeline_cut {
	int64_t start, end;
} timeline_cut;

/* Time → x mapping. */
typedef struct timeline_axis {
	int64_t t0, t1;        /* shown time range */
	double x0, width;      /* plot area */
	double scale;          /* points per visible ns */
	timeline_cut *cuts;
	int ncuts;
} timeline_axis;

typedef struct timeline_tick {
	int64_t t;
	double x;
	char label[32];
} timeline_tick;

typedef enum timeline_mark_kind {
	TIMELINE_MARK_FORK,    /* arrow parent → child */
	TIMELINE_MARK_EXEC,    /* label: new program */
	TIMELINE_MARK_EXIT,    /* label: code or signal */
	TIMELINE_MARK_REAP,    /* arrow dead child → reaper, label: the call */
	TIMELINE_MARK_ADOPT,   /* orphan adopted: label on the orphan's lane */
	TIMELINE_MARK_SIGNAL,  /* arrow sender → receiver (or a mark on the receiver) */
	TIMELINE_MARK_PIPE,    /* arrow writer → reader over a pipe or FIFO */
	TIMELINE_MARK_OUTPUT,  /* label: what the process printed */
	TIMELINE_MARK_BLOCKED, /* label over a blocked stretch: the call ("wait4") */
	TIMELINE_MARK_POLL,    /* a WNOHANG wait that found nothing: a small tick, no label */
	TIMELINE_MARK_OUTCOME, /* what a call returned: ECHILD, EAGAIN, EOF, EPIPE, O_NONBLOCK */
} timeline_mark_kind;

/* Where a marker's label goes: above the bar, below it, or nowhere (tooltip only). */
enum { TIMELINE_ROW_ABOVE = 0, TIMELINE_ROW_BELOW = 1, TIMELINE_ROW_NONE = -1 };

typedef struct timeline_mark {
	timeline_mark_kind kind;
	int64_t t;
	int lane;              /* the lane the label is drawn on */
	int from_lane, to_lane;/* an arrow's ends; to_lane -1 when the marker is not an arrow */
	int proc;              /* EXIT: the process whose end it marks (a summary lane has many) */
	char label[64];        /* short text drawn next to the marker, may be empty */
	char tip[256];         /* tooltip: the full story */
	int row;               /* TIMELINE_ROW_* after collision avoidance */
	bool fifo;             /* a PIPE marker over a FIFO */
	double x;              /* the marker's x */
	double label_x0, label_w; /* the label's extent when drawn */
} timeline_mark;

typedef struct timeline_layout {
	ptv_time_mode mode;    /* resolved: LINEAR or COMPACT */
	bool exact;            /* states from the scheduler's records (header "sched":"perf") */
	int64_t t_from;        /* the picture starts here: the root's exec, or 0 with --timeline-from launch */
	timeline_lane *lanes;
	int nlanes;
	int *lane_of;          /* process index → lane (every process has one) */
	int nprocs;
	ptv_fold_summary fold; /* how far the budget folded the lanes */
	timeline_axis axis;
	timeline_tick *ticks;
	int nticks;
	timeline_mark *marks;
	int nmarks;
	double font_size;      /* lane labels */
	double mark_font_size; /* marker and tick labels */
	double label_w;        /* room left of the plot for lane labels */
	double lane_h;         /* distance between lanes: TIMELINE_LANE_H, more for bigger fonts */
} timeline_layout;

/* --- timeline_layout.c: the whole layout --- */

/* Compute the layout of m with its lanes folded as f says; the result is owned by the caller
 * (timeline_layout_free). */
int timeline_layout_folded(timeline_layout **out, const ptv_model *m, const fold *f,
                           const ptv_render_opts *opts, char *err, size_t errlen);
/* The same, folding m itself with opts->fold and opts->max_nodes. */
int timeline_layout_new(timeline_layout **out, const ptv_model *m, const ptv_render_opts *opts,
                        char *err, size_t errlen);
void timeline_layout_free(timeline_layout *L);
/* y of a lane's bar (Graphviz points, y grows upwards). */
double timeline_layout_lane_y(const timeline_layout *L, int lane);

/* --- timeline_lanes.c: lanes in tree order, folding, segments --- */

/* Fill L->lanes, L->lane_of and L->fold from m, one lane per group of f (the tree's nodes).
 * Returns 0 or -1 with err. */
int timeline_lanes_build(timeline_layout *L, const ptv_model *m, const fold *f,
                         const ptv_render_opts *opts, char *err, size_t errlen);
/* Where the picture starts: the root program's exec in launch mode (ptviz's own launch is not
 * part of the program's life), else the log's start; 0 when opts asks for the launch. */
int64_t timeline_lanes_from(const ptv_model *m, const ptv_render_opts *opts);
/* Whether p's lane ends at its exit report rather than at its reap: the launched root reaped by
 * ptviz itself (its reap is ptviz's, not the program's), unless opts asks for the launch. */
bool timeline_lanes_ends_at_zombie(const ptv_model *m, const ptv_process *p,
                                   const ptv_render_opts *opts);

/* --- timeline_axis.c: time mapping, compact cuts, ticks --- */

/* Find the idle stretches to cut among the sorted event times (duplicates allowed) in [t0, t1].
 * A gap inside one of the busy ranges (sorted, disjoint: some process was running) is never idle.
 * Returns the number of cuts (written to *cuts, owned by the caller), or -1 on allocation failure. */
int timeline_axis_find_cuts(const int64_t *times, int n, const timeline_cut *busy, int nbusy,
                            int64_t t0, int64_t t1, timeline_cut **cuts);
/* Set up the mapping for [t0, t1] onto width points starting at x0, with the given cuts (taken over). */
void timeline_axis_init(timeline_axis *a, int64_t t0, int64_t t1, double x0, double width,
                        timeline_cut *cuts, int ncuts);
/* x of time t (clamped to the range); inside a cut, proportional across the cut's width. */
double timeline_axis_x(const timeline_axis *a, int64_t t);
/* Index of the cut containing t, or -1. */
int timeline_axis_in_cut(const timeline_axis *a, int64_t t);
/* The smallest "nice" step (1, 2 or 5 × 10^k ns) of at least min_ns. */
int64_t timeline_axis_nice_step(double min_ns);
/* Ticks at multiples of a nice step, outside cuts. Returns the count (array owned by caller) or -1. */
int timeline_axis_ticks(const timeline_axis *a, timeline_tick **out);
/* Tick label for t with a given step: unit by the size of t, decimals by the step ("1.5 ms"). */
void timeline_axis_format(int64_t t, int64_t step, char *buf, size_t len);

/* --- timeline_marks.c: markers and their label rows --- */

/* Collect the markers of m onto the lanes of L (needs lanes and axis). Returns 0 or -1 with err. */
int timeline_marks_build(timeline_layout *L, const ptv_model *m, const ptv_render_opts *opts,
                         char *err, size_t errlen);
/* The one line a timeline without scheduler records carries (timeline_note.c): why its states
 * are approximate and the advice that fits, from the log's sched_reason (NULL: none given). */
void timeline_note_text(const char *reason, char *buf, size_t len);

/* Estimated width of a label in points (UTF-8 characters × 0.6 em). */
double timeline_marks_text_w(const char *s, double font_size);

#endif
