/* model_exact.c — each process's exact spans: its threads' scheduler segments merged into one
 * geometry (tracer/sched/README.md "How a reader merges them": on a CPU if any thread is, else
 * ready, else unknown, else held by ptviz, else asleep), then given their meaning by ptrace's
 * intervals (asleep inside `blocked on X` is blocked in X; asleep inside `running` is blocked in
 * a call ptviz does not stop at; stopped and zombie are ptrace's). Time in ptviz's own stops is
 * drawn as the state it interrupted and counted apart. Linear in the segments once sorted. */
#include "model_priv.h"

#include <stdlib.h>
#include <string.h>

/* Which state a process is drawn in when its threads differ: the most active one. */
static const int exact_rank[PTV_CPU_COUNT] = {
	[PTV_CPU_ON] = 4, [PTV_CPU_READY] = 3, [PTV_CPU_UNKNOWN] = 2, [PTV_CPU_PTVIZ] = 1,
	[PTV_CPU_ASLEEP] = 0,
};

/* a + b, held at INT64_MAX: a damaged log's overlapping segments must not overflow */
static int64_t exact_add(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

typedef struct exact_pt {
	int64_t t;
	int seg;            /* index into tsegs */
	int delta;          /* +1 start, -1 end */
} exact_pt;

static int exact_cmp_pt(const void *a, const void *b)
{
	const exact_pt *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t ? 1 : x->delta - y->delta;   /* ends first */
}

static int exact_cmp_seg(const void *a, const void *b)
{
	const model_tseg *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int exact_cmp_swait(const void *a, const void *b)
{
	const model_swait *x = a, *y = b;
	return x->since < y->since ? -1 : x->since > y->since;
}

/* Append a geometry piece, joining it to the previous one in the same state. */
static int exact_geo_push(model_tseg **v, int *n, int *cap, const model_tseg *g)
{
	if (g->end <= g->start)
		return 0;
	if (*n > 0 && (*v)[*n - 1].cpu == g->cpu && (*v)[*n - 1].end == g->start) {
		model_tseg *prev = &(*v)[*n - 1];
		prev->end = g->end;
		for (int s = 0; s < PTV_CPU_COUNT; s++)
			prev->ns[s] = exact_add(prev->ns[s], g->ns[s]);
		return 0;
	}
	if (vec_reserve((void **)v, cap, *n + 1, sizeof **v) < 0)
		return -1;
	(*v)[(*n)++] = *g;
	return 0;
}

/* Several threads: sweep their segments' ends; each piece is drawn in the most active state any
 * thread is in, and carries its share of every overlapping segment's exact figures. */
static int exact_threads(model_proc *p, model_tseg **geo, int *ngeo)
{
	exact_pt *pts = malloc(sizeof *pts * (size_t)p->ntsegs * 2);
	int count[PTV_CPU_COUNT] = { 0 }, cap = 0, rc = -1;
	double rate[PTV_CPU_COUNT] = { 0 };

	if (!pts)
		return -1;
	for (int i = 0; i < p->ntsegs; i++) {
		pts[2 * i] = (exact_pt){ p->tsegs[i].start, i, +1 };
		pts[2 * i + 1] = (exact_pt){ p->tsegs[i].end, i, -1 };
	}
	qsort(pts, (size_t)p->ntsegs * 2, sizeof *pts, exact_cmp_pt);
	for (int i = 0; i < 2 * p->ntsegs;) {
		int64_t t = pts[i].t;
		for (; i < 2 * p->ntsegs && pts[i].t == t; i++) {
			const model_tseg *s = &p->tsegs[pts[i].seg];
			double len = (double)(s->end - s->start);
			count[s->cpu] += pts[i].delta;
			for (int k = 0; k < PTV_CPU_COUNT; k++)
				rate[k] += pts[i].delta * (double)s->ns[k] / len;
		}
		if (i == 2 * p->ntsegs)
			break;
		int best = -1;
		for (int k = 0; k < PTV_CPU_COUNT; k++)
			if (count[k] > 0 && (best < 0 || exact_rank[k] > exact_rank[best]))
				best = k;
		if (best < 0)
			continue;
		model_tseg g = { .start = t, .end = pts[i].t, .cpu = (ptv_cpu)best };
		for (int k = 0; k < PTV_CPU_COUNT; k++)
			g.ns[k] = rate[k] > 0 ? (int64_t)(rate[k] * (double)(g.end - g.start) + 0.5) : 0;
		if (exact_geo_push(geo, ngeo, &cap, &g) < 0)
			goto out;
	}
	rc = 0;
out:
	free(pts);
	return rc;
}

/* A segment is drawn in the state it holds most time in: the letter the tracer chose, unless
 * its exact figures say another state dominates (a short burst joined to its neighbour). */
static void exact_dominant(model_tseg *g)
{
	int best = g->cpu;
	for (int k = 0; k < PTV_CPU_COUNT; k++)
		if (g->ns[k] > g->ns[best])
			best = k;
	g->cpu = (ptv_cpu)best;
}

/* The process's geometry: its one thread's segments as they are, or its threads merged. */
static int exact_geometry(model_proc *p, model_tseg **geo, int *ngeo)
{
	bool one = true;
	int cap = 0;

	*geo = NULL;
	*ngeo = 0;
	if (p->ntsegs == 0)
		return 0;
	for (int i = 0; i < p->ntsegs; i++)
		exact_dominant(&p->tsegs[i]);
	for (int i = 1; i < p->ntsegs && one; i++)
		one = p->tsegs[i].tid == p->tsegs[0].tid;
	if (!one)
		return exact_threads(p, geo, ngeo);
	qsort(p->tsegs, (size_t)p->ntsegs, sizeof *p->tsegs, exact_cmp_seg);   /* stable input: cheap */
	for (int i = 0; i < p->ntsegs; i++)
		if (exact_geo_push(geo, ngeo, &cap, &p->tsegs[i]) < 0)
			return -1;
	return 0;
}

/* Append a span, joining it to the previous one when nothing drawn changes. */
static int exact_push(model_proc *p, const ptv_span *s)
{
	if (s->end <= s->start)
		return 0;
	if (p->nspans > 0) {
		ptv_span *q = &p->spans[p->nspans - 1];
		bool same_on = q->on == s->on || (q->on && s->on && strcmp(q->on, s->on) == 0);
		if (q->end == s->start && q->state == s->state && q->ready == s->ready &&
		    q->unknown == s->unknown && q->exact == s->exact && same_on) {
			q->end = s->end;
			for (int k = 0; k < PTV_CPU_COUNT; k++)
				q->ns[k] = exact_add(q->ns[k], s->ns[k]);
			return 0;
		}
	}
	if (vec_reserve((void **)&p->spans, &p->spcap, p->nspans + 1, sizeof *p->spans) < 0)
		return -1;
	p->spans[p->nspans++] = *s;
	return 0;
}

/* The call a sched_wait named for the asleep piece g, or NULL (swaits sorted; *k advances). */
static const char *exact_wait_name(const model_proc *p, const model_tseg *g, int *k)
{
	while (*k < p->nswaits && p->swaits[*k].since < g->start)
		(*k)++;
	return *k < p->nswaits && p->swaits[*k].since < g->end ? p->swaits[*k].call : NULL;
}

/* The part [a, b) of geometry piece g inside ptrace interval iv, as a span. */
static ptv_span exact_piece(const model_proc *p, const ptv_interval *iv, const model_tseg *g,
                            int64_t a, int64_t b, const char *waited)
{
	ptv_span s = { .start = a, .end = b, .state = iv->state, .exact = true };
	double share = (double)(b - a) / (double)(g->end - g->start);

	for (int k = 0; k < PTV_CPU_COUNT; k++)
		s.ns[k] = (int64_t)((double)g->ns[k] * share + 0.5);
	switch (g->cpu) {
	case PTV_CPU_ON:
		s.state = PTV_STATE_RUNNING;
		break;
	case PTV_CPU_READY:
		s.state = PTV_STATE_RUNNING;
		s.ready = true;
		break;
	case PTV_CPU_ASLEEP:
		s.state = PTV_STATE_BLOCKED;
		s.on = iv->state == PTV_STATE_BLOCKED ? iv->on : waited;
		s.call = iv->state == PTV_STATE_BLOCKED ? iv->call : NULL;
		break;
	case PTV_CPU_PTVIZ:
		/* ptviz's stop: drawn as what it interrupted (the span before it, in this interval) */
		if (p->nspans > 0 && p->spans[p->nspans - 1].end == a &&
		    p->spans[p->nspans - 1].start >= iv->start) {
			const ptv_span *q = &p->spans[p->nspans - 1];
			s.state = q->state;
			s.ready = q->ready;
			s.on = q->on;
			s.call = q->call;
		} else {
			s.state = iv->state;
			s.on = iv->on;
			s.call = iv->call;
		}
		break;
	default:   /* unknown: ptrace's state, marked uncertain */
		s.unknown = true;
		s.on = iv->on;
		s.call = iv->call;
		break;
	}
	return s;
}

/* One ptrace interval cut by the geometry: records where they cover it, ptrace's word elsewhere.
 * *gi is the first geometry piece that may overlap iv. An exiting process whose records ended
 * (its last thread's exit record, just before the kernel makes it a zombie) is a zombie from
 * there, not running until ptviz saw the exit report: in the interval ptrace calls exiting (exit
 * stop to death report), or in the one that ends at its exit event when that event came from the
 * death report (no exit stop) and the records show the end came first. */
static int exact_interval(model_proc *p, const ptv_interval *iv, const model_tseg *geo, int ngeo,
                          int *gi, int *wk)
{
	int64_t t = iv->start;
	ptv_span plain = { .state = iv->state, .on = iv->on, .call = iv->call };
	bool ended = ngeo > 0 && p->tsegs_final > 0 && p->tsegs_final >= geo[ngeo - 1].end;
	bool exiting = p->pub.exited && ngeo > 0 && iv->state == PTV_STATE_RUNNING &&
	               ((iv->on && strcmp(iv->on, "exiting") == 0) ||
	                (ended && iv->end == p->pub.t_exit));

	if (iv->state == PTV_STATE_STOPPED || iv->state == PTV_STATE_ZOMBIE) {
		plain.start = iv->start;
		plain.end = iv->end;
		return exact_push(p, &plain);
	}
	while (*gi < ngeo && geo[*gi].end <= iv->start)
		(*gi)++;
	for (int g = *gi; g < ngeo && geo[g].start < iv->end; g++) {
		int64_t a = geo[g].start > t ? geo[g].start : t;
		int64_t b = geo[g].end < iv->end ? geo[g].end : iv->end;
		if (a > t) {   /* no records here: ptrace's interval says it */
			plain.start = t;
			plain.end = a;
			if (exact_push(p, &plain) < 0)
				return -1;
		}
		const char *waited = geo[g].cpu == PTV_CPU_ASLEEP ? exact_wait_name(p, &geo[g], wk) : NULL;
		ptv_span s = exact_piece(p, iv, &geo[g], a, b, waited);
		if (exact_push(p, &s) < 0)
			return -1;
		t = b;
	}
	plain.start = t;
	plain.end = iv->end;
	if (exiting && t >= geo[ngeo - 1].end) {
		plain.state = PTV_STATE_ZOMBIE;
		plain.on = NULL;
		plain.call = NULL;
	}
	return exact_push(p, &plain);
}

static int exact_proc(model_proc *p)
{
	model_tseg *geo = NULL;
	int ngeo = 0, gi = 0, wk = 0, rc = -1;

	if (exact_geometry(p, &geo, &ngeo) < 0)
		goto out;
	if (p->nswaits > 1)
		qsort(p->swaits, (size_t)p->nswaits, sizeof *p->swaits, exact_cmp_swait);
	for (int i = 0; i < p->pub.nintervals; i++)
		if (exact_interval(p, &p->iv[i], geo, ngeo, &gi, &wk) < 0)
			goto out;
	for (int i = 0; i < p->nspans; i++)
		for (int k = 0; k < PTV_CPU_COUNT; k++)
			p->pub.sched_ns[k] = exact_add(p->pub.sched_ns[k], p->spans[i].ns[k]);
	p->pub.spans = p->spans;
	p->pub.nspans = p->nspans;
	rc = 0;
out:
	free(geo);
	return rc;
}

int model_sched_finish(ptv_model *m)
{
	if (!m->sched_exact)
		return 0;
	for (int i = 0; i < m->nprocs; i++)
		if (exact_proc(&m->procs[i]) < 0) {
			model_error(m, "out of memory");
			return -1;
		}
	return 0;
}
