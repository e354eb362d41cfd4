/* timeline_axis.c — the timeline's time axis: linear or compact time (idle stretches cut out and
 * drawn at a fixed width), the time → x mapping, and "nice" labelled ticks. Pure functions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "timeline.h"
#include "vec.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_cut(const void *a, const void *b)
{
	const timeline_cut *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* A gap is idle when no event of any lane falls inside it. Cutting is decided relative to the
 * typical gap (75th percentile) so that the rule does not depend on the trace's time scale, and
 * repeated against the time still visible, because after the largest gaps go, the next ones may
 * dominate what is left. */
int timeline_axis_find_cuts(const int64_t *times, int n, const timeline_cut *busy, int nbusy,
                            int64_t t0, int64_t t1, timeline_cut **cuts)
{
	int64_t *gap_start = NULL, *gaps = NULL, *sorted = NULL;
	bool *cut = NULL;
	timeline_cut *res = NULL;
	int ngaps = 0, nres = 0, rc = -1;

	*cuts = NULL;
	if (n < 2 || t1 <= t0)
		return 0;
	gap_start = malloc(sizeof(*gap_start) * (size_t)n);
	gaps = malloc(sizeof(*gaps) * (size_t)n);
	sorted = malloc(sizeof(*sorted) * (size_t)n);
	cut = calloc((size_t)n, sizeof(*cut));
	if (!gap_start || !gaps || !sorted || !cut)
		goto out;
	for (int i = 1; i < n; i++) {
		int64_t a = times[i - 1] < t0 ? t0 : times[i - 1];
		int64_t b = times[i] > t1 ? t1 : times[i];
		if (b > a) {
			gap_start[ngaps] = a;
			gaps[ngaps++] = b - a;
		}
	}
	if (ngaps == 0) {
		rc = 0;
		goto out;
	}
	memcpy(sorted, gaps, sizeof(*gaps) * (size_t)ngaps);
	qsort(sorted, (size_t)ngaps, sizeof(*sorted), cmp_i64);
	double typical = (double)sorted[((ngaps - 1) * 3) / 4];

	/* Gaps come in time order: walk the busy ranges alongside. */
	for (int i = 0, b = 0; i < ngaps; i++) {
		int64_t mid = gap_start[i] + gaps[i] / 2;
		while (b < nbusy && busy[b].end <= mid)
			b++;
		if (b < nbusy && busy[b].start <= mid)
			gaps[i] = -gaps[i];   /* someone ran: not idle, kept out of the cuts below */
	}
	int64_t visible = t1 - t0;
	for (bool changed = true; changed;) {
		changed = false;
		for (int i = 0; i < ngaps; i++) {
			double g = (double)gaps[i];
			if (cut[i] || gaps[i] < 0 || gaps[i] < TIMELINE_CUT_MIN_NS || g < TIMELINE_CUT_FACTOR * typical ||
			    g < TIMELINE_CUT_SHARE * (double)visible)
				continue;
			cut[i] = true;
			visible -= gaps[i];
			nres++;
			changed = true;
		}
	}
	if (nres == 0) {
		rc = 0;
		goto out;
	}
	res = malloc(sizeof(*res) * (size_t)nres);
	if (!res)
		goto out;
	/* Keep a little visible idle time on both sides of a cut so that the events bordering it
	 * do not sit on the break mark. */
	int64_t pad = visible / 50;
	int k = 0;
	for (int i = 0; i < ngaps; i++) {
		if (!cut[i])
			continue;
		int64_t p = pad < gaps[i] / 8 ? pad : gaps[i] / 8;
		res[k].start = gap_start[i] + p;
		res[k].end = gap_start[i] + gaps[i] - p;
		k++;
	}
	qsort(res, (size_t)nres, sizeof(*res), cmp_cut);
	*cuts = res;
	res = NULL;
	rc = nres;
out:
	free(gap_start);
	free(gaps);
	free(sorted);
	free(cut);
	free(res);
	return rc;
}

void timeline_axis_init(timeline_axis *a, int64_t t0, int64_t t1, double x0, double width,
                        timeline_cut *cuts, int ncuts)
{
	int64_t removed = 0;

	if (t1 <= t0)
		t1 = t0 + 1;
	a->t0 = t0;
	a->t1 = t1;
	a->x0 = x0;
	a->width = width;
	a->cuts = cuts;
	a->ncuts = ncuts;
	for (int i = 0; i < ncuts; i++)
		removed += cuts[i].end - cuts[i].start;
	double plot = width - TIMELINE_CUT_W * ncuts;
	if (plot < width / 4)
		plot = width / 4;
	a->scale = plot / (double)(t1 - t0 - removed);
}

double timeline_axis_x(const timeline_axis *a, int64_t t)
{
	double x = a->x0;
	int64_t prev = a->t0;

	if (t < a->t0)
		t = a->t0;
	if (t > a->t1)
		t = a->t1;
	for (int i = 0; i < a->ncuts; i++) {
		const timeline_cut *c = &a->cuts[i];
		if (t <= c->start)
			break;
		x += (double)(c->start - prev) * a->scale;
		if (t < c->end)
			return x + TIMELINE_CUT_W * (double)(t - c->start) / (double)(c->end - c->start);
		x += TIMELINE_CUT_W;
		prev = c->end;
	}
	return x + (double)(t - prev) * a->scale;
}

int timeline_axis_in_cut(const timeline_axis *a, int64_t t)
{
	for (int i = 0; i < a->ncuts; i++)
		if (t > a->cuts[i].start && t < a->cuts[i].end)
			return i;
	return -1;
}

int64_t timeline_axis_nice_step(double min_ns)
{
	int64_t p = 1;

	if (min_ns < 1)
		return 1;
	for (;;) {
		static const int m[] = { 1, 2, 5 };
		for (int i = 0; i < 3; i++)
			if ((double)(p * m[i]) >= min_ns)
				return p * m[i];
		if (p > INT64_MAX / 100)
			return p;
		p *= 10;
	}
}

/* The unit a time is written in: the largest of ns, µs, ms, s not above it. */
static void axis_unit(int64_t v, int64_t *unit, const char **name)
{
	int64_t a = v < 0 ? -v : v;

	if (a >= 1000000000) {
		*unit = 1000000000;
		*name = "s";
	} else if (a >= 1000000) {
		*unit = 1000000;
		*name = "ms";
	} else if (a >= 1000) {
		*unit = 1000;
		*name = "µs";
	} else {
		*unit = 1;
		*name = "ns";
	}
}

void timeline_axis_format(int64_t t, int64_t step, char *buf, size_t len)
{
	int64_t unit;
	const char *name;
	int decimals = 0;

	if (t == 0) {
		snprintf(buf, len, "0");
		return;
	}
	axis_unit(t, &unit, &name);
	/* Steps are 1, 2 or 5 × 10^k: show as many decimals as the step has below the unit. */
	for (int64_t s = step; s < unit && decimals < 9; s *= 10)
		decimals++;
	snprintf(buf, len, "%.*f %s", decimals, (double)t / (double)unit, name);
}

int timeline_axis_ticks(const timeline_axis *a, timeline_tick **out)
{
	timeline_tick *ticks = NULL;
	int n = 0, cap = 0;
	int64_t step = timeline_axis_nice_step(TIMELINE_TICK_MIN / a->scale);

	*out = NULL;
	for (int64_t k = (a->t0 + step - 1) / step; k * step <= a->t1; k++) {
		int64_t t = k * step;
		if (timeline_axis_in_cut(a, t) >= 0)
			continue;
		/* Jump over a cut instead of walking through it one step at a time. */
		double x = timeline_axis_x(a, t);
		bool near_cut = false;
		for (int i = 0; i < a->ncuts; i++) {
			double cx = timeline_axis_x(a, a->cuts[i].start) + TIMELINE_CUT_W / 2;
			if (fabs(x - cx) < TIMELINE_TICK_MIN / 2 + TIMELINE_CUT_W / 2)
				near_cut = true;
		}
		if (n > 0 && x - ticks[n - 1].x < TIMELINE_TICK_MIN * 0.75)
			near_cut = true;
		if (!near_cut) {
			if (vec_reserve((void **)&ticks, &cap, n + 1, sizeof(*ticks)) < 0) {
				free(ticks);
				return -1;
			}
			ticks[n].t = t;
			ticks[n].x = x;
			timeline_axis_format(t, step, ticks[n].label, sizeof(ticks[n].label));
			n++;
		}
		for (int i = 0; i < a->ncuts; i++)
			if (t < a->cuts[i].start && (k + 1) * step > a->cuts[i].start &&
			    (k + 1) * step < a->cuts[i].end)
				k = (a->cuts[i].end + step - 1) / step - 1;
	}
	*out = ticks;
	return n;
}
