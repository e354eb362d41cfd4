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

static double lanes_ready_share(const ptv_interval *iv)
{
	int64_t d = iv->end - iv->start;

	if (iv->state != PTV_STATE_RUNNING || iv->runq_ns < 0 || d <= 0)
		return 0;
	double s = (double)iv->runq_ns / (double)d;
	return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* Append a segment, merging it into the previous one when nothing visible changes. */
static int lanes_push(timeline_lane *ln, int *cap, const timeline_seg *s)
{
	if (s->end < s->start)
		return 0;
	if (ln->nsegs > 0) {
		timeline_seg *prev = &ln->segs[ln->nsegs - 1];
		bool same_on = prev->on == s->on || (prev->on && s->on && strcmp(prev->on, s->on) == 0);
		if (prev->state == s->state && same_on && prev->orphan == s->orphan &&
		    prev->end == s->start) {
			double d1 = (double)(prev->end - prev->start), d2 = (double)(s->end - s->start);
			if (d1 + d2 > 0)
				prev->ready_share = (prev->ready_share * d1 + s->ready_share * d2) / (d1 + d2);
			prev->end = s->end;
			return 0;
		}
	}
	if (vec_reserve((void **)&ln->segs, cap, ln->nsegs + 1, sizeof(*ln->segs)) < 0)
		return -1;
	ln->segs[ln->nsegs++] = *s;
	return 0;
}

/* One process's segments: its intervals, split where it was adopted. */
static int lanes_segments_one(timeline_lane *ln, const ptv_process *p)
{
	int cap = 0;

	for (int i = 0; i < p->nintervals; i++) {
		const ptv_interval *iv = &p->intervals[i];
		timeline_seg s = { .start = iv->start, .end = iv->end, .state = iv->state, .on = iv->on,
		                   .ready_share = lanes_ready_share(iv) };
		if (p->orphaned && p->t_adopted > iv->start && p->t_adopted < iv->end) {
			timeline_seg before = s;
			before.end = p->t_adopted;
			if (lanes_push(ln, &cap, &before) < 0)
				return -1;
			s.start = p->t_adopted;
		}
		s.orphan = p->orphaned && s.start >= p->t_adopted;
		if (lanes_push(ln, &cap, &s) < 0)
			return -1;
	}
	return 0;
}

typedef struct sweep_pt {
	int64_t t;
	int delta;
	ptv_state state;
	const char *on;
} sweep_pt;

static int cmp_sweep(const void *a, const void *b)
{
	const sweep_pt *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* A folded lane shows, at each moment, the most active state any member was in
 * (running over blocked over stopped over zombie). */
static int lanes_segments_fold(timeline_lane *ln, const ptv_model *m, const int *members, int n)
{
	static const int rank[] = { [PTV_STATE_RUNNING] = 3, [PTV_STATE_BLOCKED] = 2,
	                            [PTV_STATE_STOPPED] = 1, [PTV_STATE_ZOMBIE] = 0 };
	static const ptv_state by_rank[] = { PTV_STATE_ZOMBIE, PTV_STATE_STOPPED, PTV_STATE_BLOCKED,
	                                     PTV_STATE_RUNNING };
	sweep_pt *pts = NULL;
	int npts = 0, cap = 0;
	int count[PTV_STATE_COUNT] = { 0 }, segcap = 0, rc = -1;
	const char *on[PTV_STATE_COUNT] = { NULL };

	for (int k = 0; k < n; k++) {
		const ptv_process *p = ptv_model_process(m, members[k]);
		for (int i = 0; i < p->nintervals; i++) {
			const ptv_interval *iv = &p->intervals[i];
			if (vec_reserve((void **)&pts, &cap, npts + 2, sizeof(*pts)) < 0)
				goto out;
			pts[npts++] = (sweep_pt){ iv->start, +1, iv->state, iv->on };
			pts[npts++] = (sweep_pt){ iv->end, -1, iv->state, iv->on };
		}
	}
	if (npts > 1)
		qsort(pts, (size_t)npts, sizeof(*pts), cmp_sweep);
	for (int i = 0; i < npts;) {
		int64_t t = pts[i].t;
		for (; i < npts && pts[i].t == t; i++) {
			int r = rank[pts[i].state];
			count[r] += pts[i].delta;
			if (pts[i].delta > 0)
				on[r] = pts[i].on;
		}
		if (i == npts)
			break;
		for (int r = 3; r >= 0; r--) {
			if (count[r] <= 0)
				continue;
			timeline_seg s = { .start = t, .end = pts[i].t, .state = by_rank[r], .on = on[r] };
			if (lanes_push(ln, &segcap, &s) < 0)
				goto out;
			break;
		}
	}
	rc = 0;
out:
	free(pts);
	return rc;
}

static void lanes_extent(const ptv_model *m, const ptv_process *p, int64_t *start, int64_t *end)
{
	int64_t e = p->reaped && p->t_reap >= 0 ? p->t_reap : ptv_model_end(m);

	if (p->nintervals > 0 && p->intervals[p->nintervals - 1].end > e)
		e = p->intervals[p->nintervals - 1].end;
	if (p->t_start < *start)
		*start = p->t_start;
	if (e > *end)
		*end = e;
}

/* The lane of group g: its label, extent and segments (one process's own, or the most active
 * state of its members at each moment). */
static int lanes_one(timeline_lane *ln, const ptv_model *m, const fold_group *fg, bool stable_ids)
{
	const ptv_process *p = ptv_model_process(m, fg->rep);

	memset(ln, 0, sizeof(*ln));
	ln->proc = fg->rep;
	ln->nmembers = fg->nmembers;
	ln->depth = fg->depth;
	ln->kind = fg->kind;
	ln->start = INT64_MAX;
	ln->end = INT64_MIN;
	for (int k = 0; k < fg->nmembers; k++) {
		const ptv_process *q = ptv_model_process(m, fg->members[k]);
		lanes_extent(m, q, &ln->start, &ln->end);
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
		return lanes_segments_one(ln, p);
	}
	return lanes_segments_fold(ln, m, fg->members, fg->nmembers);
}

int timeline_lanes_build(timeline_layout *L, const ptv_model *m, const fold *f, bool stable_ids,
                         char *err, size_t errlen)
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
		if (lanes_one(&L->lanes[g], m, fg, stable_ids) < 0)
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
