/* timeline_lanes.c — the timeline's lanes: one per group of the fold (fold.h), the very groups
 * the tree draws as nodes and in the same order (parent above its children, depth first in
 * fork order), and each lane's state segments (consecutive equal states merged, the orphaned
 * part marked). Pure: no Graphviz calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fold.h"
#include "ptviz/describe.h"
#include "timeline.h"
#include "vec.h"

/* The lane's clip: the picture's start, and the lane's end. */
typedef struct lanes_clip {
	int64_t from, until;
} lanes_clip;

static bool lanes_same_on(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Append a segment (clipped), merging it into the previous one when nothing drawn changes. */
static int lanes_push(timeline_lane *ln, int *cap, const timeline_seg *s_in, const lanes_clip *c)
{
	timeline_seg s = *s_in;

	if (c && (s.start < c->from || s.end > c->until)) {
		int64_t len = s.end - s.start;
		if (s.start < c->from)
			s.start = c->from;
		if (s.end > c->until)
			s.end = c->until;
		/* the figures of the part kept, in proportion (they have no place inside) */
		for (int k = 0; k < PTV_CPU_COUNT && s.end > s.start; k++)
			if (s.ns[k] > 0)
				s.ns[k] = (int64_t)((double)s.ns[k] * (double)(s.end - s.start) / (double)len);
	}
	if (s.end <= s.start)
		return 0;
	if (ln->nsegs > 0) {
		timeline_seg *prev = &ln->segs[ln->nsegs - 1];
		if (prev->state == s.state && lanes_same_on(prev->on, s.on) && prev->orphan == s.orphan &&
		    prev->ready == s.ready && prev->unknown == s.unknown && prev->exact == s.exact &&
		    prev->end == s.start) {
			for (int k = 0; k < PTV_CPU_COUNT; k++)
				prev->ns[k] = prev->ns[k] < 0 || s.ns[k] < 0 ? -1 :
				              s.ns[k] > INT64_MAX - prev->ns[k] ? INT64_MAX : prev->ns[k] + s.ns[k];
			prev->end = s.end;
			return 0;
		}
	}
	if (vec_reserve((void **)&ln->segs, cap, ln->nsegs + 1, sizeof(*ln->segs)) < 0)
		return -1;
	ln->segs[ln->nsegs++] = s;
	return 0;
}

/* A segment from one of ptrace's intervals (no scheduler records): running keeps its CPU and
 * run-queue figures, which say how much of it was really on a CPU, without a place in time. */
static timeline_seg lanes_from_interval(const ptv_interval *iv)
{
	timeline_seg s = { .start = iv->start, .end = iv->end, .state = iv->state, .on = iv->on,
	                   .call = iv->call };

	for (int k = 0; k < PTV_CPU_COUNT; k++)
		s.ns[k] = -1;
	if (iv->state == PTV_STATE_RUNNING) {
		s.ns[PTV_CPU_ON] = iv->cpu_ns;
		s.ns[PTV_CPU_READY] = iv->runq_ns;
	}
	return s;
}

static timeline_seg lanes_from_span(const ptv_span *sp)
{
	timeline_seg s = { .start = sp->start, .end = sp->end, .state = sp->state, .on = sp->on,
	                   .call = sp->call,
	                   .ready = sp->ready, .unknown = sp->unknown, .exact = sp->exact };

	for (int k = 0; k < PTV_CPU_COUNT; k++)
		s.ns[k] = sp->exact ? sp->ns[k] : -1;
	return s;
}

/* Push s, split where the process was adopted (the orphaned part is outlined). */
static int lanes_push_orphan(timeline_lane *ln, int *cap, const ptv_process *p, timeline_seg s,
                             const lanes_clip *c)
{
	if (p->orphaned && p->t_adopted > s.start && p->t_adopted < s.end) {
		timeline_seg before = s;
		int64_t len = s.end - s.start;
		double f = (double)(p->t_adopted - s.start) / (double)len;
		before.end = p->t_adopted;
		for (int k = 0; k < PTV_CPU_COUNT; k++)
			if (s.ns[k] >= 0) {
				before.ns[k] = (int64_t)((double)s.ns[k] * f);
				s.ns[k] -= before.ns[k];
			}
		if (lanes_push(ln, cap, &before, c) < 0)
			return -1;
		s.start = p->t_adopted;
	}
	s.orphan = p->orphaned && s.start >= p->t_adopted;
	return lanes_push(ln, cap, &s, c);
}

/* One process's segments: its exact spans when the log has them, else its intervals. */
static int lanes_segments_one(timeline_lane *ln, const ptv_process *p, const lanes_clip *c)
{
	int cap = 0;

	for (int i = 0; i < p->nspans; i++)
		if (lanes_push_orphan(ln, &cap, p, lanes_from_span(&p->spans[i]), c) < 0)
			return -1;
	for (int i = 0; p->nspans == 0 && i < p->nintervals; i++)
		if (lanes_push_orphan(ln, &cap, p, lanes_from_interval(&p->intervals[i]), c) < 0)
			return -1;
	return 0;
}

typedef struct sweep_pt {
	int64_t t;
	int delta;
	int rank;
	const char *on;
} sweep_pt;

static int cmp_sweep(const void *a, const void *b)
{
	const sweep_pt *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* Ranks of what a folded lane shows: the most active state any member was in. */
enum { RANK_ZOMBIE, RANK_STOPPED, RANK_BLOCKED, RANK_READY, RANK_RUNNING, RANK_COUNT };
static const int state_rank[PTV_STATE_COUNT] = { [PTV_STATE_RUNNING] = RANK_RUNNING,
	[PTV_STATE_BLOCKED] = RANK_BLOCKED, [PTV_STATE_STOPPED] = RANK_STOPPED,
	[PTV_STATE_ZOMBIE] = RANK_ZOMBIE };

static int sweep_add(sweep_pt **pts, int *n, int *cap, int64_t a, int64_t b, int rank, const char *on)
{
	if (vec_reserve((void **)pts, cap, *n + 2, sizeof(**pts)) < 0)
		return -1;
	(*pts)[(*n)++] = (sweep_pt){ a, +1, rank, on };
	(*pts)[(*n)++] = (sweep_pt){ b, -1, rank, on };
	return 0;
}

/* A folded lane shows, at each moment, the most active state any member was in (running over
 * ready over blocked over stopped over zombie). */
static int lanes_segments_fold(timeline_lane *ln, const ptv_model *m, const int *members, int n,
                               const lanes_clip *c)
{
	sweep_pt *pts = NULL;
	int npts = 0, cap = 0;
	int count[RANK_COUNT] = { 0 }, segcap = 0, rc = -1;
	const char *on[RANK_COUNT] = { NULL };
	bool exact = ptv_model_sched_exact(m);

	for (int k = 0; k < n; k++) {
		const ptv_process *p = ptv_model_process(m, members[k]);
		for (int i = 0; i < p->nspans; i++) {
			const ptv_span *sp = &p->spans[i];
			if (sweep_add(&pts, &npts, &cap, sp->start, sp->end,
			              sp->ready ? RANK_READY : state_rank[sp->state], sp->on) < 0)
				goto out;
		}
		for (int i = 0; p->nspans == 0 && i < p->nintervals; i++) {
			const ptv_interval *iv = &p->intervals[i];
			if (sweep_add(&pts, &npts, &cap, iv->start, iv->end, state_rank[iv->state], iv->on) < 0)
				goto out;
		}
	}
	if (npts > 1)
		qsort(pts, (size_t)npts, sizeof(*pts), cmp_sweep);
	for (int i = 0; i < npts;) {
		int64_t t = pts[i].t;
		for (; i < npts && pts[i].t == t; i++) {
			count[pts[i].rank] += pts[i].delta;
			if (pts[i].delta > 0)
				on[pts[i].rank] = pts[i].on;
		}
		if (i == npts)
			break;
		for (int r = RANK_COUNT - 1; r >= 0; r--) {
			if (count[r] <= 0)
				continue;
			static const ptv_state rank_state[RANK_COUNT] = { PTV_STATE_ZOMBIE, PTV_STATE_STOPPED,
				PTV_STATE_BLOCKED, PTV_STATE_RUNNING, PTV_STATE_RUNNING };
			timeline_seg s = { .start = t, .end = pts[i].t, .state = rank_state[r], .on = on[r],
			                   .ready = r == RANK_READY, .exact = exact };
			for (int k = 0; k < PTV_CPU_COUNT; k++)
				s.ns[k] = -1;
			if (lanes_push(ln, &segcap, &s, c) < 0)
				goto out;
			break;
		}
	}
	rc = 0;
out:
	free(pts);
	return rc;
}

int64_t timeline_lanes_from(const ptv_model *m, const ptv_render_opts *opts)
{
	int r = ptv_model_root(m);
	const ptv_process *root = r >= 0 ? ptv_model_process(m, r) : NULL;

	if ((opts && opts->timeline_from_launch) || !root || root->origin != PTV_ORIGIN_ROOT ||
	    root->nexecs == 0)
		return 0;
	return root->execs[0].t;
}

bool timeline_lanes_ends_at_zombie(const ptv_model *m, const ptv_process *p,
                                   const ptv_render_opts *opts)
{
	(void)m;
	return !(opts && opts->timeline_from_launch) && p->origin == PTV_ORIGIN_ROOT && p->reaped &&
	       p->reap_via == PTV_REAP_TRACER && p->t_zombie >= 0;
}

static void lanes_extent(const ptv_model *m, const ptv_process *p, const ptv_render_opts *opts,
                         int64_t *start, int64_t *end)
{
	int64_t e = p->reaped && p->t_reap >= 0 ? p->t_reap : ptv_model_end(m);

	if (p->nintervals > 0 && p->intervals[p->nintervals - 1].end > e)
		e = p->intervals[p->nintervals - 1].end;
	if (timeline_lanes_ends_at_zombie(m, p, opts))
		e = p->t_zombie;
	if (p->t_start < *start)
		*start = p->t_start;
	if (e > *end)
		*end = e;
}

/* The lane of group g: its label, extent and segments (one process's own, or the most active
 * state of its members at each moment). */
static int lanes_one(timeline_lane *ln, const ptv_model *m, const fold_group *fg,
                     const ptv_render_opts *opts)
{
	const ptv_process *p = ptv_model_process(m, fg->rep);
	bool stable_ids = opts->stable_ids;
	lanes_clip c = { .from = timeline_lanes_from(m, opts) };

	memset(ln, 0, sizeof(*ln));
	ln->proc = fg->rep;
	ln->nmembers = fg->nmembers;
	ln->depth = fg->depth;
	ln->kind = fg->kind;
	ln->start = INT64_MAX;
	ln->end = INT64_MIN;
	for (int k = 0; k < fg->nmembers; k++) {
		const ptv_process *q = ptv_model_process(m, fg->members[k]);
		lanes_extent(m, q, opts, &ln->start, &ln->end);
		ln->leaked += q->leaked;
		ln->killed += q->exited && q->signaled;
	}
	if (fg->kind == FOLD_REST) {
		/* What a reader hunts for must show on the lane itself, not only in a tooltip. */
		size_t u = (size_t)snprintf(ln->label, sizeof(ln->label), "+%d process%s", fg->nmembers,
		                            fg->nmembers == 1 ? "" : "es");
		if (ln->leaked > 0 && u < sizeof(ln->label))
			u += (size_t)snprintf(ln->label + u, sizeof(ln->label) - u, ", %d leaked",
			                      ln->leaked);
		if (ln->killed > 0 && u < sizeof(ln->label))
			snprintf(ln->label + u, sizeof(ln->label) - u, ", %d killed", ln->killed);
	} else if (fg->nmembers > 1) {
		snprintf(ln->label, sizeof(ln->label), "×%d %s", fg->nmembers, ptv_describe_program(m, p));
	} else {
		ptv_describe_label(m, p, stable_ids, PTV_DESCRIBE_LABEL_CHAIN, ln->label, sizeof(ln->label));
	}
	/* The picture starts at c.from: a lane begins there at the earliest. */
	if (ln->start < c.from)
		ln->start = c.from;
	if (ln->end < ln->start)
		ln->end = ln->start;
	c.until = ln->end;
	if (fg->nmembers == 1 && fg->kind != FOLD_REST)
		return lanes_segments_one(ln, p, &c);
	return lanes_segments_fold(ln, m, fg->members, fg->nmembers, &c);
}

int timeline_lanes_build(timeline_layout *L, const ptv_model *m, const fold *f,
                         const ptv_render_opts *opts, char *err, size_t errlen)
{
	int rc = -1;

	L->nprocs = ptv_model_nprocesses(m);
	L->lane_of = malloc(sizeof(*L->lane_of) * ((size_t)L->nprocs + 1));
	if (!L->lane_of)
		goto out;
	L->fold = *fold_summary(f);
	L->lanes = calloc((size_t)fold_ngroups(f) + 1, sizeof(*L->lanes));
	if (!L->lanes)
		goto out;
	/* Lane l draws group l: the groups are numbered in drawing order. */
	for (int g = 0; g < fold_ngroups(f); g++) {
		const fold_group *fg = fold_get(f, g);
		L->nlanes++;
		if (lanes_one(&L->lanes[g], m, fg, opts) < 0)
			goto out;
		for (int k = 0; k < fg->nmembers; k++)
			L->lane_of[fg->members[k]] = g;
	}
	rc = 0;
out:
	if (rc < 0)
		snprintf(err, errlen, "timeline: out of memory laying out %d processes", L->nprocs);
	return rc;
}
