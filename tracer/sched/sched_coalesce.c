/* sched_coalesce.c — merge a thread's short intervals into segments at least min_ns long.
 *
 * The rule (README.md, "Coalescing"): an interval of min_ns or more is "long"; the short ones
 * between two long ones form a burst. A burst that spans min_ns or more becomes one segment
 * drawn in the state it spent most time in; a shorter burst joins the segment before it (or,
 * at the start of a life, the one after it). Neighbours in the same state are joined. Every
 * boundary is a real switch time, and every segment keeps the exact time per state of the
 * intervals inside it. A segment is final once a segment of another state follows it. */
#include "sched_runs_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The state a burst is drawn in: the one with the most time (ties: the lower enum). */
static sched_state sched_coalesce_plurality(const sched_seg *s)
{
	sched_state best = SCHED_ONCPU;
	for (int k = 1; k < SCHED_STATE_COUNT; k++)
		if (s->ns[k] > s->ns[best])
			best = (sched_state)k;
	return best;
}

/* Add from's time to into, which now also spans from. */
static void sched_coalesce_absorb(sched_seg *into, const sched_seg *from)
{
	if (from->start < into->start)
		into->start = from->start;
	if (from->end > into->end)
		into->end = from->end;
	for (int k = 0; k < SCHED_STATE_COUNT; k++)
		into->ns[k] += from->ns[k];
}

static int sched_coalesce_push(sched_coalesce *c, const sched_seg *s)
{
	if (c->nout == c->cap) {
		int cap = c->cap ? 2 * c->cap : 8;
		sched_seg *v = realloc(c->out, (size_t)cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		c->out = v;
		c->cap = cap;
	}
	c->out[c->nout++] = *s;
	return 0;
}

/* Append x after seg: join it if the state is the same, else seg is final and x follows. */
static int sched_coalesce_append(sched_coalesce *c, const sched_seg *x)
{
	if (c->has_seg && c->seg.state == x->state) {
		sched_coalesce_absorb(&c->seg, x);
		return 0;
	}
	if (c->has_seg && sched_coalesce_push(c, &c->seg) < 0)
		return -ENOMEM;
	c->seg = *x;
	c->has_seg = true;
	return 0;
}

/* Settle the pending burst before next (a long interval about to follow), or at the end. */
static int sched_coalesce_settle(sched_coalesce *c, sched_seg *next)
{
	int rc = 0;
	if (!c->has_burst)
		return 0;
	if (c->burst.end - c->burst.start >= c->min_ns || (!c->has_seg && !next)) {
		c->burst.state = sched_coalesce_plurality(&c->burst);
		rc = sched_coalesce_append(c, &c->burst);
	} else if (c->has_seg) {
		sched_coalesce_absorb(&c->seg, &c->burst);
	} else {
		sched_coalesce_absorb(next, &c->burst);
	}
	c->has_burst = false;
	return rc;
}

int sched_coalesce_add(sched_coalesce *c, sched_state s, uint64_t a, uint64_t b)
{
	sched_seg x = { .state = s, .start = a, .end = b };
	if (b <= a)
		return 0;
	x.ns[s] = b - a;
	if (b - a < c->min_ns) {
		if (c->has_burst)
			sched_coalesce_absorb(&c->burst, &x);
		else
			c->burst = x;
		c->has_burst = true;
		return 0;
	}
	if (sched_coalesce_settle(c, &x) < 0)
		return -ENOMEM;
	return sched_coalesce_append(c, &x);
}

int sched_coalesce_finish(sched_coalesce *c)
{
	if (sched_coalesce_settle(c, NULL) < 0)
		return -ENOMEM;
	if (c->has_seg && sched_coalesce_push(c, &c->seg) < 0)
		return -ENOMEM;
	c->has_seg = false;
	return 0;
}

void sched_coalesce_taken(sched_coalesce *c)
{
	c->nout = 0;
}

void sched_coalesce_free(sched_coalesce *c)
{
	free(c->out);
	memset(c, 0, sizeof *c);
}
