/* sched_drain.c — merge the per-CPU rings into one stream in time order (a k-way merge on a
 * binary heap keyed by each ring's next record time).
 *
 * Each ring is written only by its own CPU, in the order things happened there, so it is
 * ordered by time; the merge keeps the stream ordered across rings. Across drains, the horizon
 * (README.md, "Order") keeps a record that one CPU is still writing from being overtaken by a
 * later one from another CPU that is already handed out; a record that is earlier than one
 * handed out before anyway is still handed out, marked late, and counted. */
#include "sched_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Heap of ring indexes ordered by their peeked record's time (ties: lower CPU first). */
typedef struct sched_heap {
	int *v;
	int n;
} sched_heap;

static bool sched_drain_before(const sched *s, int a, int b)
{
	const sched_ring *ra = &s->rings[a], *rb = &s->rings[b];
	if (ra->next.time != rb->next.time)
		return ra->next.time < rb->next.time;
	return a < b;
}

static void sched_drain_swap(int *v, int i, int j)
{
	int t = v[i];
	v[i] = v[j];
	v[j] = t;
}

static void sched_drain_sift_down(const sched *s, sched_heap *h, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && sched_drain_before(s, h->v[l], h->v[m]))
			m = l;
		if (r < h->n && sched_drain_before(s, h->v[r], h->v[m]))
			m = r;
		if (m == i)
			return;
		sched_drain_swap(h->v, i, m);
		i = m;
	}
}

static void sched_drain_sift_up(const sched *s, sched_heap *h, int i)
{
	while (i > 0 && sched_drain_before(s, h->v[i], h->v[(i - 1) / 2])) {
		sched_drain_swap(h->v, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

/* Put ring i into the heap if it has a record at or before the horizon. */
static void sched_drain_push(const sched *s, sched_heap *h, int i, uint64_t horizon)
{
	sched_ring *r = &s->rings[i];
	if (!sched_ring_peek(r) || r->next.time > horizon)
		return;
	h->v[h->n++] = i;
	sched_drain_sift_up(s, h, h->n - 1);
}

/* Count the record, mark it late if it is, and hand it to cb. */
static int sched_drain_emit(sched *s, sched_ring *r, sched_rec_cb cb, void *ctx)
{
	sched_rec *rec = &r->next;
	if (rec->kind == SCHED_REC_LOST) {
		rec->since = r->last_time;
		s->stats.lost += rec->lost;
		r->lost_seen += rec->lost;
	}
	rec->late = rec->time < s->last_out;
	if (rec->late)
		s->stats.late++;
	else
		s->last_out = rec->time;
	s->stats.records[rec->kind]++;
	if (rec->kind == SCHED_REC_SWITCH_OUT && rec->preempted)
		s->stats.preempted++;
	s->stats.bytes += r->next_size;
	return cb(ctx, rec);
}

/* The kernel's count of records ring r dropped (PERF_FORMAT_LOST), 0 when it cannot say. */
static uint64_t sched_drain_kernel_lost(const sched *s, const sched_ring *r)
{
	uint64_t v[2] = { 0, 0 }; /* value, lost */
	if (!s->lost_readable || read(r->fd, v, sizeof v) != (ssize_t)sizeof v)
		return 0;
	return v[1];
}

/* Hand out a LOST record for what ring r dropped beyond what its LOST records said (the kernel
 * writes a LOST record only when it next writes to the ring, which never happens after the
 * last record): the loss is known from the ring's last record on (time: when it is found). */
static int sched_drain_gap(sched *s, sched_ring *r, uint64_t kernel_lost, uint64_t time,
                           sched_rec_cb cb, void *ctx)
{
	if (kernel_lost <= r->lost_seen)
		return 0;
	sched_rec *rec = &r->next;
	memset(rec, 0, sizeof *rec);
	rec->kind = SCHED_REC_LOST;
	rec->time = time;
	rec->cpu = r->cpu;
	rec->pid = rec->tid = -1;
	rec->lost = kernel_lost - r->lost_seen;
	r->next_size = 0;
	return sched_drain_emit(s, r, cb, ctx);
}

/* Merge the rings' records up to horizon. With kernel_lost (the last drain: nothing more will
 * be written), a ring that runs dry with losses unreported says so at that point of the merge,
 * so that no later record from another CPU is taken as the whole truth about a thread. */
static int sched_drain_merge(sched *s, uint64_t horizon, const uint64_t *kernel_lost,
                             sched_rec_cb cb, void *ctx)
{
	int rc = 0;
	sched_heap h = { calloc((size_t)s->nrings, sizeof(int)), 0 };
	if (!h.v)
		return -1;
	s->stats.drains++;
	for (int i = 0; i < s->nrings; i++) {
		sched_ring_begin(&s->rings[i]);
		if (s->rings[i].head - s->rings[i].tail > s->stats.max_fill)
			s->stats.max_fill = s->rings[i].head - s->rings[i].tail;
		sched_drain_push(s, &h, i, horizon);
		if (kernel_lost && !sched_ring_peek(&s->rings[i]) && rc == 0)
			rc = sched_drain_gap(s, &s->rings[i], kernel_lost[i], s->rings[i].last_time,
			                     cb, ctx);
	}
	while (h.n > 0 && rc == 0) {
		int i = h.v[0];
		sched_ring *r = &s->rings[i];
		rc = sched_drain_emit(s, r, cb, ctx);
		sched_ring_advance(r);
		h.v[0] = h.v[--h.n];
		sched_drain_sift_down(s, &h, 0);
		sched_drain_push(s, &h, i, horizon);
		if (kernel_lost && !sched_ring_peek(r) && rc == 0)
			rc = sched_drain_gap(s, r, kernel_lost[i], r->last_time, cb, ctx);
	}
	for (int i = 0; i < s->nrings; i++)
		sched_ring_end(&s->rings[i]);
	free(h.v);
	return rc;
}

int sched_drain_upto(sched *s, uint64_t horizon, sched_rec_cb cb, void *ctx)
{
	return sched_drain_merge(s, horizon, NULL, cb, ctx);
}

static uint64_t sched_drain_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int sched_drain(sched *s, sched_rec_cb cb, void *ctx)
{
	uint64_t now = sched_drain_now();
	uint64_t horizon = now > s->opts.horizon_ns ? now - s->opts.horizon_ns : 0;
	/* a ring that is 3/4 full cannot wait: holding back its newest records would make the
	 * kernel drop the next ones, a worse harm than a record that may come late */
	for (int i = 0; i < s->nrings; i++)
		if (sched_ring_pending(&s->rings[i]) * 4 >= s->rings[i].size * 3)
			horizon = now;
	return sched_drain_upto(s, horizon, cb, ctx);
}

/* After the last records: a ring that dropped records and never had room to say so (no LOST
 * record follows a loss until the kernel writes again) is reported from the kernel's count. */
static int sched_drain_tail_loss(sched *s, sched_rec_cb cb, void *ctx)
{
	int rc = 0;
	for (int i = 0; i < s->nrings && rc == 0; i++)
		rc = sched_drain_gap(s, &s->rings[i], sched_drain_kernel_lost(s, &s->rings[i]),
		                     sched_drain_now(), cb, ctx);
	return rc;
}

int sched_flush(sched *s, sched_rec_cb cb, void *ctx)
{
	uint64_t *kernel_lost = calloc((size_t)s->nrings, sizeof *kernel_lost);
	if (!kernel_lost)
		return -1;
	for (int i = 0; i < s->nrings; i++)
		kernel_lost[i] = sched_drain_kernel_lost(s, &s->rings[i]);
	int rc = sched_drain_merge(s, UINT64_MAX, kernel_lost, cb, ctx);
	free(kernel_lost);
	/* what threads still alive (a detach) dropped since the counts were read */
	return rc ? rc : sched_drain_tail_loss(s, cb, ctx);
}
