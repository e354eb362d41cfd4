/* timeline.c — draws the timeline layout through Graphviz: every position is computed by ptviz
 * and pinned (pos="x,y!" in points, laid out with nop2), bars are straight edges between point
 * nodes with a colour and pen width per state, texts are plaintext nodes, and edges go first so
 * that texts stay readable over them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gv.h"
#include "numbers.h"
#include "timeline.h"
#include "view.h"

typedef struct draw_ctx {
	Agraph_t *g;
	const gv_theme *th;
	const timeline_layout *L;
	const ptv_model *m;
	int next;              /* node name counter */
	Agnode_t *end;         /* where the last line ended, and its position */
	double end_x, end_y;
	char ready_color[8];   /* running, but waiting on a run queue: running blended to background */
	char grid_color[8];
	strbuf tmp;
	bool drawn[16];        /* legend items (draw_key) that appear in the picture */
	bool numbers;          /* --numbers: the legend says what the numbers are */
} draw_ctx;

/* The legend's items: only those drawn are listed. */
typedef enum draw_key {
	KEY_RUNNING, KEY_READY, KEY_OFFCPU, KEY_BLOCKED, KEY_STOPPED, KEY_ZOMBIE, KEY_UNKNOWN,
	KEY_ORPHAN, KEY_PTVIZ, KEY_WRITE_END, KEY_READ_END, KEY_MAP, KEY_LOST, KEY_COUNT
} draw_key;

static int hexval(const char *s)
{
	int v = 0;

	for (int i = 0; i < 2; i++) {
		char ch = s[i];
		v = v * 16 + (ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
		              ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : 0);
	}
	return v;
}

/* "#rrggbb" of a mixed with share f of b. */
static void blend(const char *a, const char *b, double f, char out[8])
{
	int c[3];

	if (strlen(a) < 7 || strlen(b) < 7 || a[0] != '#' || b[0] != '#') {
		snprintf(out, 8, "%s", a);
		return;
	}
	for (int i = 0; i < 3; i++)
		c[i] = (int)(hexval(a + 1 + 2 * i) * (1 - f) + hexval(b + 1 + 2 * i) * f + 0.5);
	snprintf(out, 8, "#%02x%02x%02x", c[0] & 255, c[1] & 255, c[2] & 255);
}

static Agnode_t *draw_point(draw_ctx *d, double x, double y)
{
	char name[32];
	Agnode_t *n;

	snprintf(name, sizeof(name), "n%d", d->next++);
	n = agnode(d->g, name, 1);
	if (n)
		gv_setf(n, "pos", "%.2f,%.2f!", x, y);
	return n;
}

/* A straight line; arrowhead NULL draws none. */
static Agedge_t *draw_line(draw_ctx *d, double x0, double y0, double x1, double y1,
                           const char *color, double penwidth, const char *arrowhead)
{
	/* A line that starts where the last one ended (a lane's bars, one after the other) shares
	 * that point: far fewer nodes for nop2 to place and for the SVG to hold. */
	bool joined = d->end && fabs(x0 - d->end_x) < 0.005 && fabs(y0 - d->end_y) < 0.005;
	Agnode_t *a = joined ? d->end : draw_point(d, x0, y0), *b = draw_point(d, x1, y1);
	Agedge_t *e;

	d->end = b;
	d->end_x = x1;
	d->end_y = y1;
	if (!a || !b)
		return NULL;
	e = agedge(d->g, a, b, NULL, 1);
	if (!e)
		return NULL;
	gv_set(e, "color", color);
	gv_setf(e, "penwidth", "%.2f", penwidth);
	if (arrowhead) {
		gv_set(e, "arrowhead", arrowhead);
		gv_set(e, "arrowsize", "0.55");
	}
	return e;
}

static void draw_tooltip(draw_ctx *d, void *obj, const char *text)
{
	if (!text || !*text)
		return;
	strbuf_reset(&d->tmp);
	gv_text_tooltip(&d->tmp, text);
	gv_set(obj, "tooltip", strbuf_str(&d->tmp));
}

/* A text centred at (x, y); name may be NULL for a generated one. */
static Agnode_t *draw_text(draw_ctx *d, const char *name, double x, double y, const char *text,
                           double size, const char *color, const char *tip)
{
	char gen[32];
	Agnode_t *n;

	if (!name) {
		snprintf(gen, sizeof(gen), "n%d", d->next++);
		name = gen;
	}
	n = agnode(d->g, (char *)name, 1);
	if (!n)
		return NULL;
	gv_set(n, "shape", "plaintext");
	/* Opaque: texts are drawn after every line (outputorder), so an arrow passing under one
	 * (a reap arrow through "exit 0") stops at its edge instead of striking it through. */
	gv_set(n, "style", "filled");
	gv_set(n, "fillcolor", d->th->background);
	gv_set(n, "color", d->th->background);
	gv_setf(n, "pos", "%.2f,%.2f!", x, y);
	strbuf_reset(&d->tmp);
	gv_text_label(&d->tmp, text);
	gv_set(n, "label", strbuf_str(&d->tmp));
	gv_setf(n, "fontsize", "%.1f", size);
	gv_set(n, "fontcolor", color);
	draw_tooltip(d, n, tip);
	return n;
}

static double state_pen(ptv_state s)
{
	switch (s) {
	case PTV_STATE_RUNNING: return 9;
	case PTV_STATE_BLOCKED: return 5;
	case PTV_STATE_STOPPED: return 7;
	case PTV_STATE_ZOMBIE: return 7;
	default: return 5;
	}
}

/* A state bar with its tooltip. A zombie's bar is hollow (a stripe of background through it):
 * the process is dead but still there, and grayscale prints can tell it from running. */
static Agedge_t *draw_bar(draw_ctx *d, double a, double b, double y, ptv_state state,
                          const char *tip)
{
	Agedge_t *e = draw_line(d, a, y, b, y, d->th->state[state], state_pen(state), NULL);

	if (e && d->th->state_style[state])   /* the print theme's patterns */
		gv_set(e, "style", d->th->state_style[state]);
	if (e)
		draw_tooltip(d, e, tip);
	if (state == PTV_STATE_ZOMBIE && b - a >= 3) {
		Agedge_t *hollow = draw_line(d, a + 1, y, b - 1, y, d->th->background, 2.2, NULL);
		if (hollow)
			draw_tooltip(d, hollow, tip);
	}
	return e;
}

/* Narrow stretches of one lane merged for drawing, with the time spent in each state. */
typedef struct lane_run {
	double a, b;
	int64_t t0, t1;
	int64_t ns[PTV_STATE_COUNT];
	int n;
} lane_run;

/* The exact figures of a segment in words: "on a CPU 1.2 ms, ready 0.1 ms, asleep 98 ms, in
 * ptviz's stops 0.05 ms". */
static void seg_figures(const timeline_seg *sg, char *buf, size_t len)
{
	static const char *const names[PTV_CPU_COUNT] = { "on a CPU", "ready", "asleep",
	                                                  "in ptviz's stops", "unknown" };
	size_t u = 0;
	char dur[24];

	buf[0] = '\0';
	for (int k = 0; k < PTV_CPU_COUNT && u < len; k++) {
		if (sg->ns[k] <= 0)
			continue;
		ptv_describe_duration(sg->ns[k], dur, sizeof(dur));
		u += (size_t)snprintf(buf + u, len - u, "%s%s %s", u ? ", " : "", names[k], dur);
	}
}

/* Share of an approximate running stretch that was not on a CPU nor waiting for one (asleep in a
 * call ptviz does not stop at, or in ptviz's stops); -1 when the figures are unknown. */
static double seg_off_share(const timeline_seg *sg)
{
	int64_t len = sg->end - sg->start;
	if (sg->exact || sg->state != PTV_STATE_RUNNING || sg->ns[PTV_CPU_ON] < 0 || len <= 0)
		return -1;
	int64_t used = sg->ns[PTV_CPU_ON] + (sg->ns[PTV_CPU_READY] > 0 ? sg->ns[PTV_CPU_READY] : 0);
	double off = 1.0 - (double)used / (double)len;
	return off < 0 ? 0 : off > 1 ? 1 : off;
}

/* A segment's tooltip: its state in the course's words, when, and the figures behind it. */
static void seg_tip(const timeline_lane *ln, const timeline_seg *sg, char *tip, size_t len)
{
	char dur[24], at[32], fig[160];
	const char *what = sg->state == PTV_STATE_RUNNING ? (sg->ready ? "ready (waiting for a CPU)" :
	                   sg->exact ? "running (on a CPU)" : "running") :
	                   ptv_state_name(sg->state);
	size_t u;

	ptv_describe_duration(sg->end - sg->start, dur, sizeof(dur));
	timeline_axis_format(sg->start, 1000, at, sizeof(at));
	u = (size_t)snprintf(tip, len, "%s: %s", ln->label, what);
	if (sg->state == PTV_STATE_BLOCKED && !sg->on && !sg->call && u < len)
		u += (size_t)snprintf(tip + u, len - u, " (asleep in a call ptviz does not stop at)");
	else if (sg->state == PTV_STATE_BLOCKED && u < len)
		u += (size_t)snprintf(tip + u, len - u, " in %s%s%s%s",
		                      sg->call ? sg->call : ptv_describe_call(sg->on),
		                      sg->on ? " (system call " : "", sg->on ? sg->on : "",
		                      sg->on ? ")" : "");
	else if (sg->state == PTV_STATE_STOPPED && sg->on && u < len)
		u += (size_t)snprintf(tip + u, len - u, " by %s", sg->on);
	if (u < len)
		u += (size_t)snprintf(tip + u, len - u, " for %s from %s%s", dur, at,
		                      sg->orphan ? " (orphan)" : "");
	if (sg->unknown && u < len)
		u += (size_t)snprintf(tip + u, len - u, "%s", ptv_tr("; scheduler records lost here: ptrace's state"));
	if (sg->exact && u < len) {
		seg_figures(sg, fig, sizeof(fig));
		if (fig[0])
			u += (size_t)snprintf(tip + u, len - u, ptv_tr("; exact: %s"), fig);
	}
	if (sg->exact && sg->ns[PTV_CPU_PTVIZ] * 2 > sg->end - sg->start && u < len)
		u += (size_t)snprintf(tip + u, len - u, "%s", ptv_tr("; mostly held in ptviz's own ptrace "
		                      "stops (the cost of tracing), drawn as the state they interrupted"));
	double off = seg_off_share(sg);
	if (off >= 0 && u < len)
		snprintf(tip + u, len - u, "; approximate (no scheduler records): on a CPU %.0f%%, "
		         "waiting for a CPU %.0f%%, off the CPU %.0f%% (where in the stretch is not "
		         "recorded)", 100.0 * (double)sg->ns[PTV_CPU_ON] / (double)(sg->end - sg->start),
		         sg->ns[PTV_CPU_READY] > 0 ?
		         100.0 * (double)sg->ns[PTV_CPU_READY] / (double)(sg->end - sg->start) : 0.0,
		         100.0 * off);
}

/* One state bar from x a to b, with its tooltip. Exact records: ready is drawn where it was,
 * lighter; unknown (records lost) dashed. Approximate: a running stretch mostly off the CPU is
 * drawn thin, for what it is (ptrace said running; the CPU figures say mostly not). An
 * orphan's bars are outlined. */
static void draw_seg(draw_ctx *d, const timeline_lane *ln, const timeline_seg *sg, double a,
                     double b, double y)
{
	char tip[512];
	Agedge_t *e;

	seg_tip(ln, sg, tip, sizeof(tip));
	if (sg->unknown) {
		e = draw_line(d, a, y, b, y, d->th->muted, 4, NULL);
		if (e) {
			gv_set(e, "style", "dashed");
			draw_tooltip(d, e, tip);
		}
		d->drawn[KEY_UNKNOWN] = true;
	} else if (sg->ready) {
		e = draw_line(d, a, y, b, y, d->ready_color, 6, NULL);
		if (e)
			draw_tooltip(d, e, tip);
		d->drawn[KEY_READY] = true;
	} else if (seg_off_share(sg) > 0.5) {
		e = draw_line(d, a, y, b, y, d->ready_color, 3, NULL);
		if (e)
			draw_tooltip(d, e, tip);
		d->drawn[KEY_OFFCPU] = true;
	} else {
		e = draw_bar(d, a, b, y, sg->state, tip);
		d->drawn[sg->state == PTV_STATE_RUNNING ? KEY_RUNNING : sg->state == PTV_STATE_BLOCKED ?
		         KEY_BLOCKED : sg->state == PTV_STATE_STOPPED ? KEY_STOPPED : KEY_ZOMBIE] = true;
	}
	/* Mostly ptviz's own ptrace stops (tracing cost on a busy machine): drawn as the state it
	 * interrupted, with a dotted line through it so that it is not read as the program's. */
	if (sg->exact && sg->ns[PTV_CPU_PTVIZ] * 2 > sg->end - sg->start && b - a >= 3) {
		e = draw_line(d, a, y, b, y, d->th->text, 1.4, NULL);
		if (e) {
			gv_set(e, "style", "dotted");
			draw_tooltip(d, e, tip);
		}
		d->drawn[KEY_PTVIZ] = true;
	}
	if (sg->orphan) {
		double h = state_pen(sg->state) / 2 + 0.6;
		d->drawn[KEY_ORPHAN] = true;
		for (int k = -1; k <= 1; k += 2) {
			e = draw_line(d, a, y + k * h, b, y + k * h, d->th->orphan, 1.2, NULL);
			if (e)
				draw_tooltip(d, e, tip);
		}
	}
}

/* Draw a run of narrow stretches as one bar in the state it spent most time in, then reset it. */
static void draw_run(draw_ctx *d, const timeline_lane *ln, lane_run *run, double y)
{
	char tip[256], dur[24];
	int best = 0;
	int64_t total = 0;

	if (run->n == 0)
		return;
	for (int s = 0; s < PTV_STATE_COUNT; s++) {
		total += run->ns[s];
		if (run->ns[s] > run->ns[best])
			best = s;
	}
	/* Even a stretch far below a pixel shows as a 1 pt sliver: that something happened there
	 * (one member of a fold, a process living for microseconds) is what the reader needs. */
	if (run->b - run->a < 1) {
		double mid = (run->a + run->b) / 2;
		run->a = mid - 0.5;
		run->b = mid + 0.5;
	}
	{
		ptv_describe_duration(run->t1 - run->t0, dur, sizeof(dur));
		size_t u = (size_t)snprintf(tip, sizeof(tip), "%s: %d short stretches over %s:", ln->label,
		                            run->n, dur);
		for (int s = 0; s < PTV_STATE_COUNT && u < sizeof(tip); s++)
			if (run->ns[s] > 0 && total > 0)
				u += (size_t)snprintf(tip + u, sizeof(tip) - u, " %s %.0f%%",
				                      ptv_state_name((ptv_state)s), 100.0 * run->ns[s] / total);
		draw_bar(d, run->a, run->b, y, (ptv_state)best, tip);
		d->drawn[best == PTV_STATE_RUNNING ? KEY_RUNNING : best == PTV_STATE_BLOCKED ? KEY_BLOCKED :
		         best == PTV_STATE_STOPPED ? KEY_STOPPED : KEY_ZOMBIE] = true;
	}
	memset(run, 0, sizeof(*run));
}

/* One lane: its label at the left, a thin life line, the state bars, the orphan stripe. */
static void draw_lane(draw_ctx *d, int l, const ptv_render_opts *opts)
{
	const timeline_layout *L = d->L;
	const timeline_lane *ln = &L->lanes[l];
	const ptv_process *p = ptv_model_process(d->m, ln->proc);
	double y = timeline_layout_lane_y(L, l);
	const timeline_axis *ax = &L->axis;
	char name[48], tip[384], first[PTV_DESCRIBE_NAME_MAX];
	int depth = ln->depth < 8 ? ln->depth : 8;
	double indent = 4 + depth * 10;

	/* Lane label: a fixed-width box, left-justified (\l) so that depth indents it. */
	if (opts->stable_ids)
		snprintf(name, sizeof(name), "lane_P%d", p->id);
	else
		snprintf(name, sizeof(name), "lane_%d", (int)p->pid);
	if (agnode(d->g, name, 0))   /* a pid reused within the trace */
		snprintf(name, sizeof(name), "lane_%d_P%d", (int)p->pid, p->id);
	double room = L->label_w - indent - 6;
	size_t max = (size_t)(room / (L->font_size * 0.6));
	Agnode_t *n = agnode(d->g, name, 1);
	if (n) {
		gv_set(n, "shape", "plaintext");
		gv_set(n, "style", "solid");
		gv_set(n, "fixedsize", "true");
		gv_setf(n, "width", "%.3f", room / 72.0);
		gv_setf(n, "height", "%.3f", L->lane_h * 0.6 / 72.0);
		gv_setf(n, "pos", "%.2f,%.2f!", indent + room / 2, y);
		strbuf_reset(&d->tmp);
		gv_text_label_clip(&d->tmp, ln->label, max);
		strbuf_puts(&d->tmp, "\\l");
		gv_set(n, "label", strbuf_str(&d->tmp));
		gv_set(n, "fontcolor", ln->leaked > 0 ? d->th->leak : d->th->text);
		gv_setf(n, "id", "lane_p%d", p->id);   /* stable, by index: the page finds it */
		if (ln->kind == FOLD_REST)
			snprintf(tip, sizeof(tip), "%d processes of a subtree summed up in one lane (%d "
			         "leaked, %d killed by a signal), to keep within --max-nodes %d; "
			         "--max-nodes 0 draws every one", ln->nmembers, ln->leaked, ln->killed,
			         L->fold.max_nodes);
		else if (ln->nmembers > 1)
			snprintf(tip, sizeof(tip), "%d %s processes folded into one lane (first: %s)%s",
			         ln->nmembers, ln->kind == FOLD_ALIKE ? "alike" : "identical",
			         ptv_describe_name(p, opts->stable_ids, first, sizeof(first)),
			         ln->leaked > 0 ? " — never reaped" : "");
		else if (L->exact) {
			char held[24];
			snprintf(tip, sizeof(tip), "%s%s; ptviz's own stops held it %s (drawn as the state "
			         "they interrupted)", ln->label, p->leaked ? " — never reaped" : "",
			         ptv_describe_duration(p->sched_ns[PTV_CPU_PTVIZ], held, sizeof(held)));
		} else
			snprintf(tip, sizeof(tip), "%s%s", ln->label, p->leaked ? " — never reaped" : "");
		draw_tooltip(d, n, tip);
	}

	double x0 = timeline_axis_x(ax, ln->start), x1 = timeline_axis_x(ax, ln->end);
	if (x1 - x0 < 2)
		x1 = x0 + 2;
	draw_line(d, x0, y, x1, y, d->grid_color, 1, NULL);

	lane_run run = { 0 };
	for (int s = 0; s < ln->nsegs; s++) {
		const timeline_seg *sg = &ln->segs[s];
		double a = timeline_axis_x(ax, sg->start), b = timeline_axis_x(ax, sg->end);
		if (b - a >= TIMELINE_SEG_MIN_W) {
			draw_run(d, ln, &run, y);
			draw_seg(d, ln, sg, a, b, y);
			continue;
		}
		/* Stretches too narrow to see on their own join their narrow neighbours. */
		if (run.n > 0 && a - run.b > 0.5)
			draw_run(d, ln, &run, y);
		if (run.n == 0) {
			run.a = a;
			run.t0 = sg->start;
		}
		run.b = b;
		run.t1 = sg->end;
		run.ns[sg->state] += sg->end - sg->start;
		run.n++;
	}
	draw_run(d, ln, &run, y);
}

static const char *mark_color(draw_ctx *d, const timeline_mark *mk)
{
	const ptv_model *m = d->m;
	const ptv_process *p = ptv_model_process(m, d->L->lanes[mk->lane].proc);

	switch (mk->kind) {
	case TIMELINE_MARK_FORK: return d->th->edge;
	case TIMELINE_MARK_EXEC: return d->th->text;
	case TIMELINE_MARK_EXIT:
		return gv_status_color(d->th, ptv_describe_status_kind(mk->proc >= 0 ?
		                                                       ptv_model_process(m, mk->proc) : p));
	case TIMELINE_MARK_REAP: return p->reaped || mk->to_lane >= 0 ? d->th->zombie : d->th->leak;
	case TIMELINE_MARK_ADOPT: return d->th->orphan;
	case TIMELINE_MARK_SIGNAL: return d->th->link[GV_LINK_SIGNAL].color;
	case TIMELINE_MARK_PIPE: return d->th->link[GV_LINK_PIPE].color;   /* FIFO's is "a:invis:a" */
	case TIMELINE_MARK_OUTPUT: return d->th->muted;
	case TIMELINE_MARK_BLOCKED: return d->th->muted;
	case TIMELINE_MARK_POLL: return d->th->text;
	case TIMELINE_MARK_OUTCOME: return d->th->leak;
	}
	return d->th->text;
}

static void draw_mark(draw_ctx *d, const timeline_mark *mk)
{
	const char *color = mark_color(d, mk);
	double y = timeline_layout_lane_y(d->L, mk->lane);
	Agedge_t *e = NULL;

	if (mk->to_lane >= 0) {
		double y0 = timeline_layout_lane_y(d->L, mk->from_lane),
		       y1 = timeline_layout_lane_y(d->L, mk->to_lane);
		/* Stop short of the bars so that the arrowhead stays visible. */
		double dir = y1 > y0 ? 1 : -1;
		e = draw_line(d, mk->x, y0 + dir * 4, mk->x, y1 - dir * 5, color, 1.1, "normal");
		if (e && mk->kind == TIMELINE_MARK_REAP)
			gv_set(e, "style", "dashed");
		if (e && (mk->kind == TIMELINE_MARK_PIPE || mk->kind == TIMELINE_MARK_SIGNAL)) {
			/* The tree's edge kinds: same colour, line style and arrowhead in both views. */
			const gv_edge_style *st = &d->th->link[mk->kind == TIMELINE_MARK_SIGNAL ?
			                                       GV_LINK_SIGNAL : mk->fifo ? GV_LINK_FIFO :
			                                       GV_LINK_PIPE];
			gv_set(e, "color", st->color);
			gv_set(e, "style", st->style);
			gv_set(e, "arrowhead", st->arrowhead);
			gv_set(e, "penwidth", st->penwidth);
		}
	} else if (mk->kind == TIMELINE_MARK_POLL) {
		/* a WNOHANG poll that found nothing: a small tick over the bar */
		e = draw_line(d, mk->x, y + 3, mk->x, y + 9, color, 1, NULL);
	} else if (mk->kind != TIMELINE_MARK_BLOCKED) {
		e = draw_line(d, mk->x, y - 7, mk->x, y + 7, color, 1.5, NULL);
	}
	if (e)
		draw_tooltip(d, e, mk->tip);
	if (mk->row == TIMELINE_ROW_NONE)
		return;
	double k = d->L->lane_h / TIMELINE_LANE_H;   /* text rows grow with the font */
	double ty = mk->row == TIMELINE_ROW_ABOVE ? y + 12 * k : y - 12.5 * k;
	draw_text(d, NULL, mk->label_x0 + mk->label_w / 2, ty, mk->label, d->L->mark_font_size,
	          mk->kind == TIMELINE_MARK_BLOCKED || mk->kind == TIMELINE_MARK_EXEC ?
	          d->th->muted : color, mk->tip);
}

/* The arrow kinds used in the picture, in a second legend row. */
static void draw_legend_arrows(draw_ctx *d, double lx, double ly)
{
	static const struct { timeline_mark_kind kind; const char *name; } items[] = {
		{ TIMELINE_MARK_FORK, "fork" }, { TIMELINE_MARK_REAP, "reap (by the call)" },
		{ TIMELINE_MARK_SIGNAL, "signal" }, { TIMELINE_MARK_PIPE, "pipe / FIFO data (write → a later read)" },
		{ TIMELINE_MARK_POLL, "WNOHANG poll: nothing to reap" },
	};
	double fs = d->L->mark_font_size;

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		const timeline_mark *used = NULL;
		bool tick = items[i].kind == TIMELINE_MARK_POLL;
		for (int k = 0; k < d->L->nmarks && !used; k++)
			if (d->L->marks[k].kind == items[i].kind && (tick || d->L->marks[k].to_lane >= 0))
				used = &d->L->marks[k];
		if (!used)
			continue;
		const char *color = mark_color(d, used);
		Agedge_t *e = tick ? draw_line(d, lx + 9, ly - 3, lx + 9, ly + 3, color, 1, NULL) :
		                     draw_line(d, lx, ly, lx + 18, ly, color, 1.1, "normal");
		if (e && items[i].kind == TIMELINE_MARK_REAP)
			gv_set(e, "style", "dashed");
		if (e && (items[i].kind == TIMELINE_MARK_PIPE || items[i].kind == TIMELINE_MARK_SIGNAL)) {
			const gv_edge_style *st = &d->th->link[items[i].kind == TIMELINE_MARK_SIGNAL ?
			                                       GV_LINK_SIGNAL : GV_LINK_PIPE];
			gv_set(e, "color", st->color);
			gv_set(e, "style", st->style);
			gv_set(e, "arrowhead", st->arrowhead);
			gv_set(e, "penwidth", st->penwidth);
		}
		double tw = timeline_marks_text_w(ptv_tr(items[i].name), fs);
		draw_text(d, NULL, lx + 22 + tw / 2, ly, ptv_tr(items[i].name), fs, d->th->muted, NULL);
		lx += 22 + tw + 14;
	}
	if (d->numbers) {
		char what[160];   /* draw_text writes through d->tmp */
		snprintf(what, sizeof(what), "①②③ %s", ptv_tr(NUMBERS_LEGEND));
		double tw = timeline_marks_text_w(what, fs);
		draw_text(d, NULL, lx + tw / 2, ly, what, fs, d->th->muted, NULL);
	}
}

/* A translucent box from (x0, y0) to (x1, y1): a window the records do not cover. */
static void draw_shade(draw_ctx *d, double x0, double x1, double y0, double y1, const char *tip)
{
	char name[32];
	Agnode_t *n;

	if (x1 - x0 < 1)
		x1 = x0 + 1;
	snprintf(name, sizeof(name), "n%d", d->next++);
	if (!(n = agnode(d->g, name, 1)))
		return;
	gv_set(n, "shape", "box");
	gv_set(n, "style", "filled");
	gv_set(n, "fixedsize", "true");
	gv_set(n, "fillcolor", "#9090904c");
	gv_set(n, "color", "#00000000");
	gv_setf(n, "width", "%.3f", (x1 - x0) / 72.0);
	gv_setf(n, "height", "%.3f", (y1 - y0) / 72.0);
	gv_setf(n, "pos", "%.2f,%.2f!", (x0 + x1) / 2, (y0 + y1) / 2);
	draw_tooltip(d, n, tip);
}

/* Records lost (sched_lost): the window is shaded across every lane. */
static void draw_lost(draw_ctx *d)
{
	const timeline_layout *L = d->L;
	double top = L->lane_h * 0.5, bottom = timeline_layout_lane_y(L, L->nlanes - 1) - L->lane_h * 0.5;
	char tip[160], a[32], b[32];

	for (int i = 0; i < ptv_model_nsched_lost(d->m); i++) {
		const ptv_sched_lost *w = ptv_model_sched_lost(d->m, i);
		timeline_axis_format(w->from, 1000, a, sizeof(a));
		timeline_axis_format(w->to, 1000, b, sizeof(b));
		snprintf(tip, sizeof(tip), "the kernel dropped %lld scheduler records (CPU %d) between %s "
		         "and %s: states here are uncertain", (long long)w->lost, w->cpu, a, b);
		draw_shade(d, timeline_axis_x(&L->axis, w->from), timeline_axis_x(&L->axis, w->to),
		           bottom, top, tip);
		d->drawn[KEY_LOST] = true;
	}
}

/* Without --io no data arrow is drawn (no data was seen moving): each pipe or FIFO end a
 * process held is a thin band under its bar, from open or inheritance to close or exit (write
 * ends solid, read ends dotted); a shared mapping's map and unmap are small marks. */
static void draw_ends(draw_ctx *d)
{
	const timeline_layout *L = d->L;
	char tip[400], a[32], b[32];

	if (ptv_model_header(d->m)->io)
		return;
	for (int i = 0; i < ptv_model_nipc(d->m); i++) {
		const ptv_ipc *o = ptv_model_ipc(d->m, i);
		const char *what = o->kind == PTV_IPC_FIFO ? "FIFO" : o->kind == PTV_IPC_PIPE ? "pipe" :
		                   "shared mapping";
		for (int k = 0; k < o->nholders; k++) {
			const ptv_holder *h = &o->holders[k];
			if (h->proc < 0 || h->proc >= L->nprocs || h->to < L->t_from)
				continue;
			int lane = L->lane_of[h->proc];
			if (L->lanes[lane].nmembers > 1)
				continue;   /* a folded lane would stack its members' ends into a smear */
			double y = timeline_layout_lane_y(L, lane);
			double x0 = timeline_axis_x(&L->axis, h->from), x1 = timeline_axis_x(&L->axis, h->to);
			timeline_axis_format(h->from, 1000, a, sizeof(a));
			timeline_axis_format(h->to, 1000, b, sizeof(b));
			snprintf(tip, sizeof(tip), "%s holds the %s of %s %llu%s%s from %s to %s",
			         L->lanes[lane].label, o->kind == PTV_IPC_SHM ? "mapping" :
			         h->write && h->read ? "read and write ends" : h->write ? "write end" :
			         "read end", what, (unsigned long long)o->ino, o->path ? " " : "",
			         o->path ? o->path : "", a, b);
			if (o->kind == PTV_IPC_SHM) {
				for (int e = 0; e < 2; e++) {
					Agedge_t *m = draw_line(d, e ? x1 : x0, y - 6, e ? x1 : x0, y - 11,
					                        d->th->link[GV_LINK_PIPE].color, 1, NULL);
					if (m)
						draw_tooltip(d, m, tip);
				}
				d->drawn[KEY_MAP] = true;
				continue;
			}
			double by = y - (h->write ? 7.5 : 9.5);
			Agedge_t *e = draw_line(d, x0, by, x1 > x0 + 1 ? x1 : x0 + 1, by,
			                        d->th->link[GV_LINK_PIPE].color, 1.6, NULL);
			if (e && !h->write)
				gv_set(e, "style", "dotted");
			if (e)
				draw_tooltip(d, e, tip);
			d->drawn[h->write ? KEY_WRITE_END : KEY_READ_END] = true;
		}
	}
}

/* Without scheduler records the picture says its states are approximate, why, and how to get
 * exact ones where there is a way (timeline_note.c), in one line no wider than the picture:
 * a smaller font rather than a cut sentence. The tooltip holds the log's whole reason. */
static void draw_note(draw_ctx *d)
{
	const char *why = ptv_model_sched_reason(d->m);
	char note[400];
	double fs = d->L->mark_font_size;

	if (d->L->exact)
		return;
	timeline_note_text(why, note, sizeof(note));
	double w = timeline_marks_text_w(note, fs);
	double room = d->L->axis.x0 + d->L->axis.width;
	if (w > room && room > 0) {
		fs = fs * room / w < fs * 0.6 ? fs * 0.6 : fs * room / w;
		w = timeline_marks_text_w(note, fs);
	}
	draw_text(d, "note", 4 + w / 2, d->L->lane_h * 0.9 + d->L->font_size * 1.5, note, fs,
	          d->th->text, why);
}

/* The time axis under the lanes: ticks, cut marks with the removed time, and a legend. */
static void draw_axis(draw_ctx *d)
{
	const timeline_layout *L = d->L;
	const timeline_axis *ax = &L->axis;
	double top = L->lane_h * 0.6, k = L->lane_h / TIMELINE_LANE_H;
	double y = timeline_layout_lane_y(L, L->nlanes > 0 ? L->nlanes - 1 : 0) - L->lane_h * 0.9;
	double fs = L->mark_font_size;
	double from = ax->x0;
	char buf[64], tip[128], dur[24], t0[32], t1[32];

	for (int i = 0; i <= ax->ncuts; i++) {
		double to = i < ax->ncuts ? timeline_axis_x(ax, ax->cuts[i].start) : ax->x0 + ax->width;
		draw_line(d, from, y, to, y, d->th->muted, 1, NULL);
		if (i == ax->ncuts)
			break;
		const timeline_cut *c = &ax->cuts[i];
		double cx = to;
		from = to + TIMELINE_CUT_W;
		/* The zigzag break, the removed duration, and dotted guides across every lane. */
		double w = TIMELINE_CUT_W / 4;
		for (int z = 0; z < 4; z++)
			draw_line(d, cx + z * w, y + (z % 2 ? 3 : -3), cx + (z + 1) * w, y + (z % 2 ? -3 : 3),
			          d->th->muted, 1, NULL);
		ptv_describe_duration(c->end - c->start, dur, sizeof(dur));
		timeline_axis_format(c->start, 1000, t0, sizeof(t0));
		timeline_axis_format(c->end, 1000, t1, sizeof(t1));
		snprintf(buf, sizeof(buf), "⋯ %s ⋯", dur);
		snprintf(tip, sizeof(tip), "%s with no events cut out (%s to %s)", dur, t0, t1);
		draw_text(d, NULL, cx + TIMELINE_CUT_W / 2, y - 12 * k, buf, fs, d->th->muted, tip);
		for (int side = 0; side < 2; side++) {
			double gx = cx + side * TIMELINE_CUT_W;
			Agedge_t *e = draw_line(d, gx, y + 4, gx, top, d->grid_color, 0.8, NULL);
			if (e) {
				gv_set(e, "style", "dotted");
				draw_tooltip(d, e, tip);
			}
		}
	}
	for (int i = 0; i < L->nticks; i++) {
		draw_line(d, L->ticks[i].x, y, L->ticks[i].x, y - 4, d->th->muted, 1, NULL);
		draw_text(d, NULL, L->ticks[i].x, y - 12 * k, L->ticks[i].label, fs, d->th->muted, NULL);
	}
	draw_text(d, NULL, ax->x0 / 2, y, ptv_tr(L->mode == PTV_TIME_COMPACT ? "time (compact)" : "time"),
	          fs, d->th->muted, L->mode == PTV_TIME_COMPACT ?
	          "compact time: long stretches with no events are cut out and marked ⋯ on the axis" :
	          "linear time");

	/* Legend, one row under the axis: only what the picture draws. */
	const struct { draw_key key; const char *name; } items[] = {
		{ KEY_RUNNING, L->exact ? "running (on a CPU)" : "running" },
		{ KEY_READY, "ready (waiting for a CPU)" },
		{ KEY_OFFCPU, "running per ptrace, mostly off the CPU (approx.)" },
		{ KEY_BLOCKED, ptv_state_names[PTV_STATE_BLOCKED] },
		{ KEY_STOPPED, ptv_state_names[PTV_STATE_STOPPED] },
		{ KEY_ZOMBIE, ptv_state_names[PTV_STATE_ZOMBIE] },
		{ KEY_UNKNOWN, "unknown (records lost)" },
		{ KEY_ORPHAN, "orphan (outlined)" },
		{ KEY_PTVIZ, "mostly held in ptviz's stops (tracing cost)" },
		{ KEY_WRITE_END, "holds a write end" },
		{ KEY_READ_END, "holds a read end" },
		{ KEY_MAP, "maps / unmaps a shared region (ticks)" },
		{ KEY_LOST, "scheduler records lost" },
	};
	double lx = ax->x0, ly = y - 32 * k;
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		Agedge_t *e = NULL;
		if (!d->drawn[items[i].key])
			continue;
		/* a row that would leave the picture's width goes on under the first */
		if (lx > ax->x0 && lx + 22 + timeline_marks_text_w(items[i].name, fs) > TIMELINE_WIDTH) {
			lx = ax->x0;
			ly -= 20 * k;
		}
		switch (items[i].key) {
		case KEY_RUNNING: draw_bar(d, lx, lx + 18, ly, PTV_STATE_RUNNING, NULL); break;
		case KEY_BLOCKED: draw_bar(d, lx, lx + 18, ly, PTV_STATE_BLOCKED, NULL); break;
		case KEY_STOPPED: draw_bar(d, lx, lx + 18, ly, PTV_STATE_STOPPED, NULL); break;
		case KEY_ZOMBIE: draw_bar(d, lx, lx + 18, ly, PTV_STATE_ZOMBIE, NULL); break;
		case KEY_READY: draw_line(d, lx, ly, lx + 18, ly, d->ready_color, 6, NULL); break;
		case KEY_OFFCPU: draw_line(d, lx, ly, lx + 18, ly, d->ready_color, 3, NULL); break;
		case KEY_UNKNOWN:
			if ((e = draw_line(d, lx, ly, lx + 18, ly, d->th->muted, 4, NULL)))
				gv_set(e, "style", "dashed");
			break;
		case KEY_ORPHAN:
			draw_line(d, lx, ly, lx + 18, ly, d->th->state[PTV_STATE_RUNNING], 9, NULL);
			draw_line(d, lx, ly + 5.1, lx + 18, ly + 5.1, d->th->orphan, 1.2, NULL);
			draw_line(d, lx, ly - 5.1, lx + 18, ly - 5.1, d->th->orphan, 1.2, NULL);
			break;
		case KEY_PTVIZ:
			draw_line(d, lx, ly, lx + 18, ly, d->th->state[PTV_STATE_RUNNING], 9, NULL);
			if ((e = draw_line(d, lx, ly, lx + 18, ly, d->th->text, 1.4, NULL)))
				gv_set(e, "style", "dotted");
			break;
		case KEY_WRITE_END:
		case KEY_READ_END:
			if ((e = draw_line(d, lx, ly, lx + 18, ly, d->th->link[GV_LINK_PIPE].color, 1.6, NULL)) &&
			    items[i].key == KEY_READ_END)
				gv_set(e, "style", "dotted");
			break;
		case KEY_MAP:
			draw_line(d, lx + 4, ly - 3, lx + 4, ly + 3, d->th->link[GV_LINK_PIPE].color, 1, NULL);
			draw_line(d, lx + 14, ly - 3, lx + 14, ly + 3, d->th->link[GV_LINK_PIPE].color, 1, NULL);
			break;
		case KEY_LOST:
			draw_shade(d, lx, lx + 18, ly - 5, ly + 5, NULL);
			break;
		default:
			break;
		}
		double tw = timeline_marks_text_w(ptv_tr(items[i].name), fs);
		draw_text(d, NULL, lx + 22 + tw / 2, ly, ptv_tr(items[i].name), fs, d->th->muted, NULL);
		lx += 22 + tw + 14;
	}
	draw_legend_arrows(d, ax->x0, ly - 20 * k);
}

/* A title over the lanes: what was traced and for how long (or the user's --title, or none),
 * and what folding did, which is said whatever the title. */
static void draw_title(draw_ctx *d, const char *mine)
{
	char title[512], how[160];
	strbuf t = STRBUF_INIT;

	strbuf_puts(&t, mine ? mine : ptv_describe_title(d->m, TIMELINE_TITLE_COMMAND, title,
	                                                 sizeof(title)));
	ptv_fold_describe(&d->L->fold, how, sizeof(how));
	if (how[0])
		strbuf_printf(&t, ptv_tr("%sin %d lanes (%s; --max-nodes 0 draws them all)"), t.len ? " " : "",
		              d->L->nlanes, how);
	if (d->L->exact) {
		/* T time is drawn as the state it interrupted: the total says what ptviz cost */
		int64_t held = 0;
		char dur[24];
		for (int i = 0; i < ptv_model_nprocesses(d->m); i++)
			held += ptv_model_process(d->m, i)->sched_ns[PTV_CPU_PTVIZ];
		strbuf_printf(&t, ptv_tr(" — exact states from the scheduler; ptviz's own stops held the "
		                         "processes %s in all"), ptv_describe_duration(held, dur, sizeof(dur)));
	}
	double w = timeline_marks_text_w(strbuf_str(&t), d->L->font_size);
	if (t.len)
		draw_text(d, "title", 4 + w / 2, d->L->lane_h * 0.9, strbuf_str(&t), d->L->font_size,
		          d->th->text, NULL);
	strbuf_free(&t);
}

static int draw_graph(Agraph_t **out, const ptv_model *m, const timeline_layout *L,
                      const gv_theme *th, const ptv_render_opts *opts, char *err, size_t errlen)
{
	draw_ctx d = { .th = th, .L = L, .m = m, .tmp = STRBUF_INIT, .numbers = opts->numbers };

	*out = NULL;
	d.g = gv_graph_new("timeline", th, opts->font, L->font_size);
	if (!d.g) {
		snprintf(err, errlen, "timeline: cannot create the graph");
		return -1;
	}
	blend(th->state[PTV_STATE_RUNNING], th->background, 0.55, d.ready_color);
	blend(th->muted, th->background, 0.6, d.grid_color);
	agattr(d.g, AGRAPH, "splines", "line");
	agattr(d.g, AGRAPH, "outputorder", "edgesfirst");
	agattr(d.g, AGRAPH, "pad", "0.1");
	agattr(d.g, AGNODE, "shape", "point");
	agattr(d.g, AGNODE, "width", "0.01");
	agattr(d.g, AGNODE, "height", "0.01");
	agattr(d.g, AGNODE, "style", "invis");
	agattr(d.g, AGNODE, "label", "");
	agattr(d.g, AGNODE, "margin", "0");
	agattr(d.g, AGEDGE, "arrowhead", "none");
	draw_title(&d, opts->title);
	draw_note(&d);
	for (int l = 0; l < L->nlanes; l++)
		draw_lane(&d, l, opts);
	draw_ends(&d);
	draw_lost(&d);
	for (int i = 0; i < L->nmarks; i++)
		draw_mark(&d, &L->marks[i]);
	draw_axis(&d);
	bool oom = d.tmp.oom;
	strbuf_free(&d.tmp);
	if (oom) {
		agclose(d.g);
		snprintf(err, errlen, "timeline: out of memory");
		return -1;
	}
	*out = d.g;
	return 0;
}

int ptv_render_timeline_view(const ptv_view *v, const char *path, const ptv_render_opts *opts_in,
                             char *err, size_t errlen)
{
	ptv_render_opts opts = view_opts(v, opts_in);
	timeline_layout *L = NULL;
	gv_ctx *c = NULL;
	Agraph_t *g = NULL;
	const gv_theme *th;
	int rc = -1;

	if (!(th = view_theme(path, &opts, err, errlen)))
		goto out;
	if (opts.on_progress)
		opts.on_progress(opts.progress_ctx, "timeline");
	if (timeline_layout_folded(&L, v->m, v->f, &opts, err, errlen) < 0)
		goto out;
	if (draw_graph(&g, v->m, L, th, &opts, err, errlen) < 0)
		goto out;
	if (gv_ctx_new(&c, err, errlen) < 0)
		goto out;
	rc = view_render(v, c, g, "nop2", path, &opts, err, errlen);
out:
	if (g)
		agclose(g);
	gv_ctx_free(c);
	timeline_layout_free(L);
	return rc;
}

int ptv_render_timeline(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                        char *err, size_t errlen)
{
	ptv_view *v = NULL;
	int rc = -1;

	/* Refuse a bad theme or output name before doing any work. */
	if (view_theme(path, opts, err, errlen) && ptv_view_new(&v, m, opts, err, errlen) == 0)
		rc = ptv_render_timeline_view(v, path, opts, err, errlen);
	ptv_view_free(v);
	return rc;
}
