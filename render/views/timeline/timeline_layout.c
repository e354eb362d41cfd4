/* timeline_layout.c — puts the timeline together: lanes, then the time axis (linear or compact,
 * decided from the idle gaps between all events), its ticks, then the markers. Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "timeline.h"
#include "vec.h"

typedef struct times_buf {
	int64_t *v;
	int n, cap;
	bool oom;
} times_buf;

static void times_push(times_buf *b, int64_t t)
{
	if (t < 0 || b->oom)
		return;
	if (vec_reserve((void **)&b->v, &b->cap, b->n + 1, sizeof(*b->v)) < 0) {
		b->oom = true;
		return;
	}
	b->v[b->n++] = t;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Every moment something happens in any lane: the gaps between them are the idle stretches. */
static int layout_event_times(const ptv_model *m, times_buf *b)
{
	for (int i = 0; i < ptv_model_nprocesses(m); i++) {
		const ptv_process *p = ptv_model_process(m, i);
		times_push(b, p->t_start);
		for (int k = 0; k < p->nintervals; k++) {
			times_push(b, p->intervals[k].start);
			times_push(b, p->intervals[k].end);
		}
		for (int k = 0; k < p->nexecs; k++)
			times_push(b, p->execs[k].t);
		if (p->exited)
			times_push(b, p->t_exit);
		if (p->reaped)
			times_push(b, p->t_reap);
		if (p->orphaned)
			times_push(b, p->t_adopted);
	}
	for (int i = 0; i < ptv_model_nsignals(m); i++)
		times_push(b, ptv_model_signal(m, i)->t);
	for (int i = 0; i < ptv_model_noutputs(m); i++)
		times_push(b, ptv_model_output(m, i)->t);
	for (int i = 0; i < ptv_model_nipc(m); i++) {
		const ptv_ipc *ipc = ptv_model_ipc(m, i);
		for (int k = 0; k < ipc->nholders; k++)
			times_push(b, ipc->holders[k].from);
	}
	if (b->oom)
		return -1;
	if (b->n > 1)
		qsort(b->v, (size_t)b->n, sizeof(*b->v), cmp_i64);
	return 0;
}

static int cmp_cut_start(const void *a, const void *b)
{
	const timeline_cut *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The stretches during which some process was running (on a CPU or ready for one, when the
 * interval's CPU figures are known), sorted and merged. Returns the count
 * (array owned by the caller) or -1. */
static int layout_busy(const ptv_model *m, timeline_cut **out)
{
	timeline_cut *v = NULL;
	int n = 0, cap = 0;

	*out = NULL;
	for (int i = 0; i < ptv_model_nprocesses(m); i++) {
		const ptv_process *p = ptv_model_process(m, i);
		for (int k = 0; k < p->nspans; k++) {
			const ptv_span *sp = &p->spans[k];
			/* exact: on a CPU or ready for one is busy, whatever ptrace called it */
			if (sp->state != PTV_STATE_RUNNING || sp->end <= sp->start)
				continue;
			if (vec_reserve((void **)&v, &cap, n + 1, sizeof(*v)) < 0) {
				free(v);
				return -1;
			}
			v[n++] = (timeline_cut){ sp->start, sp->end };
		}
		for (int k = 0; p->nspans == 0 && k < p->nintervals; k++) {
			const ptv_interval *iv = &p->intervals[k];
			if (iv->state != PTV_STATE_RUNNING || iv->end <= iv->start)
				continue;
			/* "Running" that used little CPU was asleep in a call the tracer does not
			 * follow (a read from a terminal, poll, a futex): that is idle time too. */
			int64_t used = iv->cpu_ns + (iv->runq_ns > 0 ? iv->runq_ns : 0);
			if (iv->cpu_ns >= 0 &&
			    (double)used < TIMELINE_BUSY_SHARE * (double)(iv->end - iv->start))
				continue;
			if (vec_reserve((void **)&v, &cap, n + 1, sizeof(*v)) < 0) {
				free(v);
				return -1;
			}
			v[n++] = (timeline_cut){ iv->start, iv->end };
		}
	}
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), cmp_cut_start);
	int k = 0;
	for (int i = 1; i < n; i++) {
		if (v[i].start <= v[k].end) {
			if (v[i].end > v[k].end)
				v[k].end = v[i].end;
		} else {
			v[++k] = v[i];
		}
	}
	*out = v;
	return k + 1;
}

double timeline_layout_lane_y(const timeline_layout *L, int lane)
{
	return -lane * L->lane_h;
}

static int layout_axis(timeline_layout *L, const ptv_model *m, ptv_time_mode mode)
{
	times_buf tb = { 0 };
	timeline_cut *cuts = NULL;
	int ncuts = 0, rc = -1;
	int64_t t0 = INT64_MAX, t1 = L->nlanes > 0 ? INT64_MIN : ptv_model_end(m);

	for (int l = 0; l < L->nlanes; l++) {
		if (L->lanes[l].start < t0)
			t0 = L->lanes[l].start;
		if (L->lanes[l].end > t1)
			t1 = L->lanes[l].end;
	}
	if (t0 == INT64_MAX || t0 > t1)
		t0 = t1 = 0;
	if (mode != PTV_TIME_LINEAR) {
		timeline_cut *busy = NULL;
		int nbusy = layout_busy(m, &busy);
		if (nbusy < 0 || layout_event_times(m, &tb) < 0) {
			free(busy);
			goto out;
		}
		ncuts = timeline_axis_find_cuts(tb.v, tb.n, busy, nbusy, t0, t1, &cuts);
		free(busy);
		if (ncuts < 0)
			goto out;
	}
	if (mode == PTV_TIME_AUTO) {
		int64_t removed = 0;
		for (int i = 0; i < ncuts; i++)
			removed += cuts[i].end - cuts[i].start;
		bool idle = (double)removed >= TIMELINE_AUTO_SHARE * (double)(t1 - t0);
		if (!idle || ptv_model_nprocesses(m) > TIMELINE_AUTO_MAX_PROCS) {
			free(cuts);
			cuts = NULL;
			ncuts = 0;
		}
	}
	L->mode = ncuts > 0 || mode == PTV_TIME_COMPACT ? PTV_TIME_COMPACT : PTV_TIME_LINEAR;
	timeline_axis_init(&L->axis, t0, t1, L->label_w,
	                   TIMELINE_WIDTH - L->label_w - TIMELINE_RIGHT_W, cuts, ncuts);
	cuts = NULL;
	L->nticks = timeline_axis_ticks(&L->axis, &L->ticks);
	if (L->nticks < 0) {
		L->nticks = 0;
		goto out;
	}
	rc = 0;
out:
	free(tb.v);
	free(cuts);
	return rc;
}

int timeline_layout_folded(timeline_layout **out, const ptv_model *m, const fold *f,
                           const ptv_render_opts *opts, char *err, size_t errlen)
{
	static const ptv_render_opts defaults = PTV_RENDER_OPTS_INIT;
	timeline_layout *L = NULL;
	int rc = -1;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	L = calloc(1, sizeof(*L));
	if (!L) {
		snprintf(err, errlen, "timeline: out of memory");
		goto out;
	}
	L->font_size = opts->font_size > 0 ? opts->font_size : 11;
	L->mark_font_size = L->font_size * 0.8;
	L->lane_h = TIMELINE_LANE_H * (L->font_size > 11 ? L->font_size / 11 : 1);
	L->exact = ptv_model_sched_exact(m);
	L->t_from = timeline_lanes_from(m, opts);
	if (timeline_lanes_build(L, m, f, opts, err, errlen) < 0)
		goto out;
	/* Lane labels are indented by depth, like a tree; long ones are cut by the renderer. */
	L->label_w = 80;
	for (int l = 0; l < L->nlanes; l++) {
		int depth = L->lanes[l].depth < 8 ? L->lanes[l].depth : 8;
		double w = timeline_marks_text_w(L->lanes[l].label, L->font_size) + depth * 10 + 16;
		if (w > L->label_w)
			L->label_w = w;
	}
	if (L->label_w > 300)
		L->label_w = 300;
	if (layout_axis(L, m, opts->time_mode) < 0) {
		snprintf(err, errlen, "timeline: out of memory computing the time axis");
		goto out;
	}
	if (timeline_marks_build(L, m, opts, err, errlen) < 0)
		goto out;
	*out = L;
	L = NULL;
	rc = 0;
out:
	timeline_layout_free(L);
	return rc;
}

int timeline_layout_new(timeline_layout **out, const ptv_model *m, const ptv_render_opts *opts,
                        char *err, size_t errlen)
{
	static const ptv_render_opts defaults = PTV_RENDER_OPTS_INIT;
	fold *f = NULL;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (fold_new(&f, m, opts->fold > 0 ? opts->fold : 0, opts->max_nodes) < 0) {
		snprintf(err, errlen, "timeline: out of memory folding %d processes", ptv_model_nprocesses(m));
		return -1;
	}
	rc = timeline_layout_folded(out, m, f, opts, err, errlen);
	fold_free(f);
	return rc;
}

void timeline_layout_free(timeline_layout *L)
{
	if (!L)
		return;
	for (int l = 0; l < L->nlanes; l++)
		free(L->lanes[l].segs);
	free(L->lanes);
	free(L->lane_of);
	free(L->axis.cuts);
	free(L->ticks);
	free(L->marks);
	free(L);
}
