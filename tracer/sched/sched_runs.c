/* sched_runs.c — the state builder: a state machine per thread fed with switch records.
 *
 * A thread is on a CPU from a switch-in to the next switch-out; then ready (the switch-out was
 * preempted: still runnable) or asleep until the next switch-in. A new thread is ready from its
 * fork record to its first switch-in; its life ends at its exit record. A record that
 * contradicts the state (a switch-in while on a CPU: a switch-out and a switch-in were lost)
 * makes the interval since the last record unknown; so does a LOST record, for every thread,
 * from the last record read from that ring on. An asleep interval that the tracer says was one
 * of its own ptrace stops becomes T. Closed intervals go to the thread's coalescer.
 *
 * Attach mode opens an event for each existing thread, and a task created by a covered one
 * between the opens inherits an event as well as getting its own: each of its switches then
 * comes twice, from the same CPU, a few hundred ns apart. The second is dropped (a real switch
 * the other way must come between two switches in the same direction). */
#include "sched_runs_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char sched_state_letters[SCHED_STATE_COUNT + 1] = "RrST?";

typedef struct runs_task {
	struct runs_task *next;  /* hash chain while alive, then the ended list */
	pid_t pid, tid;
	bool live;               /* cur/cur_start hold the current interval */
	sched_state cur;
	uint64_t cur_start;
	bool begun_unknown;      /* cur is the UNKNOWN of sched_runs_begin: a switch-out proves R */
	bool has_last;           /* last: the last switch record, to drop its duplicate */
	sched_rec_kind last_kind;
	int last_cpu;
	bool last_preempted;
	uint64_t last_time;
	uint64_t *marks;         /* tracer stops seen, not yet matched to an asleep interval */
	int nmarks, capmarks;
	sched_coalesce co;
} runs_task;

/* Tracer stops seen after a life of their tid ended: a non-leader thread's exec ends the leader's
 * old life (its EXIT record) before ptviz sees the exec stop under the same tid, which belongs
 * to the new life the exec's COMM record starts. Kept until that life starts (a few at most). */
enum { RUNS_STASH_MAX = 64 };

struct sched_runs {
	sched_runs_opts opts;
	struct { pid_t tid; uint64_t seen; } stash[RUNS_STASH_MAX];
	int nstash;
	runs_task **buckets;
	size_t nbuckets, count;
	runs_task *ended, **ended_tail;
	sched_runs_stats stats;
};

int sched_runs_new(sched_runs **out, const sched_runs_opts *opts)
{
	sched_runs *r = calloc(1, sizeof *r);
	*out = NULL;
	if (!r || !(r->buckets = calloc(256, sizeof *r->buckets))) {
		free(r);
		return -ENOMEM;
	}
	r->nbuckets = 256;
	r->opts = *opts;
	r->ended_tail = &r->ended;
	*out = r;
	return 0;
}

static void sched_runs_task_free(runs_task *t)
{
	sched_coalesce_free(&t->co);
	free(t->marks);
	free(t);
}

void sched_runs_free(sched_runs *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nbuckets; i++)
		for (runs_task *t = r->buckets[i], *n; t; t = n) {
			n = t->next;
			sched_runs_task_free(t);
		}
	for (runs_task *t = r->ended, *n; t; t = n) {
		n = t->next;
		sched_runs_task_free(t);
	}
	free(r->buckets);
	free(r);
}

static size_t sched_runs_hash(const sched_runs *r, pid_t tid)
{
	return ((size_t)tid * 2654435761u) & (r->nbuckets - 1);
}

static runs_task *sched_runs_find(const sched_runs *r, pid_t tid)
{
	for (runs_task *t = r->buckets[sched_runs_hash(r, tid)]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

/* Double the table when it is as full as it is wide. */
static void sched_runs_grow(sched_runs *r)
{
	size_t n = r->nbuckets * 2;
	runs_task **b = calloc(n, sizeof *b);
	if (!b)
		return; /* longer chains, still correct */
	runs_task **old = r->buckets;
	size_t oldn = r->nbuckets;
	r->buckets = b;
	r->nbuckets = n;
	for (size_t i = 0; i < oldn; i++)
		for (runs_task *t = old[i], *nx; t; t = nx) {
			nx = t->next;
			size_t h = sched_runs_hash(r, t->tid);
			t->next = b[h];
			b[h] = t;
		}
	free(old);
}

static bool sched_runs_mark_add(runs_task *t, uint64_t seen)
{
	if (t->nmarks == t->capmarks) {
		int cap = t->capmarks ? 2 * t->capmarks : 4;
		uint64_t *v = realloc(t->marks, (size_t)cap * sizeof *v);
		if (!v)
			return false;
		t->marks = v;
		t->capmarks = cap;
	}
	t->marks[t->nmarks++] = seen;
	return true;
}

/* A new life of tid takes the stops seen after its previous life ended. */
static void sched_runs_unstash(sched_runs *r, runs_task *t)
{
	int keep = 0;
	for (int i = 0; i < r->nstash; i++) {
		if (r->stash[i].tid == t->tid && sched_runs_mark_add(t, r->stash[i].seen))
			continue;
		r->stash[keep++] = r->stash[i];
	}
	r->nstash = keep;
}

/* t's life ends at `at`: its marks from `at` on are of a later life of the same tid. */
static void sched_runs_stash(sched_runs *r, const runs_task *t, uint64_t at)
{
	for (int i = 0; i < t->nmarks; i++) {
		if (t->marks[i] < at)
			continue;
		if (r->nstash == RUNS_STASH_MAX) {   /* the oldest goes: its life never came */
			memmove(r->stash, r->stash + 1, (RUNS_STASH_MAX - 1) * sizeof r->stash[0]);
			r->nstash--;
		}
		r->stash[r->nstash].tid = t->tid;
		r->stash[r->nstash++].seen = t->marks[i];
	}
}

/* The live record of tid, made (not live yet) if there is none. NULL when out of memory. */
static runs_task *sched_runs_get(sched_runs *r, pid_t pid, pid_t tid)
{
	runs_task *t = sched_runs_find(r, tid);
	if (t) {
		if (pid > 0)
			t->pid = pid;
		return t;
	}
	if (r->count >= r->nbuckets)
		sched_runs_grow(r);
	if (!(t = calloc(1, sizeof *t)))
		return NULL;
	t->pid = pid > 0 ? pid : tid;
	t->tid = tid;
	t->co.min_ns = r->opts.coalesce_ns;
	sched_runs_unstash(r, t);
	size_t h = sched_runs_hash(r, tid);
	t->next = r->buckets[h];
	r->buckets[h] = t;
	r->count++;
	r->stats.threads++;
	return t;
}

static void sched_runs_start(runs_task *t, sched_state s, uint64_t at)
{
	t->live = true;
	t->cur = s;
	t->cur_start = at;
	t->begun_unknown = false;
}

/* A life of t begins at `at`: a stop seen more than 1 ms before is not of this life (the tid of
 * an earlier process, a stash entry whose life never came); every stop of a task is seen after
 * its first record but for that slack. */
static const uint64_t SCHED_RUNS_LIFE_SLACK_NS = 1000000;

static void sched_runs_start_life(runs_task *t, sched_state s, uint64_t at)
{
	int keep = 0;
	for (int i = 0; i < t->nmarks; i++)
		if (t->marks[i] + SCHED_RUNS_LIFE_SLACK_NS >= at)
			t->marks[keep++] = t->marks[i];
	t->nmarks = keep;
	sched_runs_start(t, s, at);
}

/* Drop the marks before `before`; say whether there were any. */
static bool sched_runs_marks_drop(runs_task *t, uint64_t before)
{
	int keep = 0;
	for (int i = 0; i < t->nmarks; i++)
		if (t->marks[i] >= before)
			t->marks[keep++] = t->marks[i];
	bool dropped = keep != t->nmarks;
	t->nmarks = keep;
	return dropped;
}

/* Close the current interval at `at` as state s (an asleep one that holds a tracer stop is T). */
static void sched_runs_close(sched_runs *r, runs_task *t, sched_state s, uint64_t at)
{
	if (s == SCHED_ASLEEP || s == SCHED_UNKNOWN) {
		if (sched_runs_marks_drop(t, at) && s == SCHED_ASLEEP)
			s = SCHED_TRACED;
	} else {
		sched_runs_marks_drop(t, t->cur_start); /* stale: their stop was never seen */
	}
	if (at > t->cur_start) {
		r->stats.intervals++;
		if (sched_coalesce_add(&t->co, s, t->cur_start, at) < 0)
			r->stats.dropped++;
	}
	t->cur_start = at > t->cur_start ? at : t->cur_start;
}

/* A switch record: tid enters state next at `at`. */
static void sched_runs_switch(sched_runs *r, runs_task *t, sched_state next, uint64_t at)
{
	if (!t->live) {
		sched_runs_start_life(t, next, at);
		return;
	}
	sched_state was = t->cur;
	bool on = was == SCHED_ONCPU, going_on = next == SCHED_ONCPU;
	if (t->begun_unknown && !going_on)
		was = SCHED_ONCPU;          /* switched out: it was on the CPU since the begin */
	else if (on == going_on && was != SCHED_UNKNOWN) {
		was = SCHED_UNKNOWN;        /* two ins or two outs: the records between were lost */
		r->stats.inconsistent++;
	}
	sched_runs_close(r, t, was, at);
	sched_runs_start(t, next, at);
}

/* tid's life is over at `at`: close, make final, move to the ended list. */
static void sched_runs_end(sched_runs *r, runs_task *t, uint64_t at)
{
	runs_task **pp = &r->buckets[sched_runs_hash(r, t->tid)];
	if (t->live)
		sched_runs_close(r, t, t->begun_unknown ? SCHED_UNKNOWN : t->cur, at);
	sched_runs_stash(r, t, at);
	t->live = false;
	if (sched_coalesce_finish(&t->co) < 0)
		r->stats.dropped++;
	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	r->count--;
	t->next = NULL;
	*r->ended_tail = t;
	r->ended_tail = &t->next;
}

void sched_runs_begin(sched_runs *r, pid_t pid, pid_t tid, uint64_t t, sched_state state)
{
	runs_task *task = sched_runs_get(r, pid, tid);
	if (!task) {
		r->stats.dropped++;
		return;
	}
	if (task->live)
		return;
	sched_runs_start_life(task, state, t);
	task->begun_unknown = state == SCHED_UNKNOWN;
}

/* After a loss between since and now, nobody's state is known from max(since, its start). */
static void sched_runs_lost(sched_runs *r, uint64_t since)
{
	for (size_t i = 0; i < r->nbuckets; i++)
		for (runs_task *t = r->buckets[i]; t; t = t->next) {
			if (!t->live || t->cur == SCHED_UNKNOWN)
				continue;
			uint64_t from = since > t->cur_start ? since : t->cur_start;
			sched_runs_close(r, t, t->begun_unknown ? SCHED_UNKNOWN : t->cur, from);
			sched_runs_start(t, SCHED_UNKNOWN, from);
		}
}

/* An exec: the other threads of pid are gone (de_thread), and the exec'ing thread now has
 * tid = pid, so a non-leader's old tid ends here and pid's life starts anew, on the CPU. */
static void sched_runs_exec(sched_runs *r, const sched_rec *rec)
{
	for (size_t i = 0; i < r->nbuckets; i++)
		for (runs_task *t = r->buckets[i], *n; t; t = n) {
			n = t->next;
			if (t->pid == rec->pid && t->tid != rec->tid && t->live)
				sched_runs_end(r, t, rec->time);
		}
}

/* Two events on the same task write the same switch within this time of each other (each
 * reads the clock itself). A real same-direction pair (records lost between) that close is
 * rarer than one in a million and costs nothing but a `?` interval the loss would give anyway. */
static const uint64_t SCHED_RUNS_DUP_NS = 20000;

/* Is rec the same switch as the last one of t, seen through a second event? Remembers rec. */
static bool sched_runs_duplicate(runs_task *t, const sched_rec *rec)
{
	bool dup = t->has_last && t->last_kind == rec->kind && t->last_cpu == rec->cpu &&
	           t->last_preempted == rec->preempted && rec->time >= t->last_time &&
	           rec->time - t->last_time <= SCHED_RUNS_DUP_NS;
	if (dup)
		return true;
	t->has_last = true;
	t->last_kind = rec->kind;
	t->last_cpu = rec->cpu;
	t->last_preempted = rec->preempted;
	t->last_time = rec->time;
	return false;
}

void sched_runs_record(sched_runs *r, const sched_rec *rec)
{
	runs_task *t;
	if (rec->kind == SCHED_REC_LOST) {
		sched_runs_lost(r, rec->since);
		return;
	}
	if (rec->kind == SCHED_REC_COMM && !rec->exec)
		return;
	if (rec->kind == SCHED_REC_EXIT) {
		if ((t = sched_runs_find(r, rec->tid)))
			sched_runs_end(r, t, rec->time);
		return;
	}
	if (!(t = sched_runs_get(r, rec->pid, rec->tid))) {
		r->stats.dropped++;
		return;
	}
	if ((rec->kind == SCHED_REC_SWITCH_IN || rec->kind == SCHED_REC_SWITCH_OUT) &&
	    sched_runs_duplicate(t, rec)) {
		r->stats.duplicates++;
		return;
	}
	switch (rec->kind) {
	case SCHED_REC_SWITCH_IN:
		sched_runs_switch(r, t, SCHED_ONCPU, rec->time);
		break;
	case SCHED_REC_SWITCH_OUT:
		sched_runs_switch(r, t, rec->preempted ? SCHED_READY : SCHED_ASLEEP, rec->time);
		break;
	case SCHED_REC_FORK:
		if (!t->live)
			sched_runs_start_life(t, SCHED_READY, rec->time);
		break;
	case SCHED_REC_COMM:
		sched_runs_exec(r, rec);
		if (!t->live)
			sched_runs_start_life(t, SCHED_ONCPU, rec->time);
		break;
	default:
		break;
	}
}

void sched_runs_tracer_stop(sched_runs *r, pid_t tid, uint64_t seen)
{
	runs_task *t = sched_runs_get(r, 0, tid);
	if (!t || !sched_runs_mark_add(t, seen))
		r->stats.dropped++;
}

void sched_runs_finish(sched_runs *r, uint64_t at)
{
	for (size_t i = 0; i < r->nbuckets; i++)
		for (runs_task *t = r->buckets[i], *n; t; t = n) {
			n = t->next;
			sched_runs_end(r, t, at > t->cur_start || !t->live ? at : t->cur_start);
		}
}

/* One thread's batch, if it has final segments. */
static int sched_runs_take_one(sched_runs *r, runs_task *t, bool ended, sched_batch_cb cb,
                               void *ctx)
{
	sched_batch b = { .pid = t->pid, .tid = t->tid, .segs = t->co.out, .nsegs = t->co.nout,
	                  .ended = ended };
	if (t->co.nout == 0)
		return 0;
	for (int i = 0; i < t->co.nout; i++)
		for (int k = 0; k < SCHED_STATE_COUNT; k++)
			b.ns[k] += t->co.out[i].ns[k];
	r->stats.segments += (uint64_t)t->co.nout;
	int rc = cb(ctx, &b);
	sched_coalesce_taken(&t->co);
	return rc;
}

int sched_runs_take(sched_runs *r, sched_batch_cb cb, void *ctx)
{
	int rc = 0;
	while (r->ended && rc == 0) {
		runs_task *t = r->ended;
		rc = sched_runs_take_one(r, t, true, cb, ctx);
		r->ended = t->next;
		sched_runs_task_free(t);
	}
	if (!r->ended)
		r->ended_tail = &r->ended;
	for (size_t i = 0; i < r->nbuckets && rc == 0; i++)
		for (runs_task *t = r->buckets[i]; t && rc == 0; t = t->next)
			rc = sched_runs_take_one(r, t, false, cb, ctx);
	return rc;
}

int sched_runs_asleep(const sched_runs *r, sched_asleep_cb cb, void *ctx)
{
	int rc = 0;
	for (size_t i = 0; i < r->nbuckets && rc == 0; i++)
		for (const runs_task *t = r->buckets[i]; t && rc == 0; t = t->next)
			if (t->live && t->cur == SCHED_ASLEEP)
				rc = cb(ctx, t->pid, t->tid, t->cur_start);
	return rc;
}

void sched_runs_get_stats(const sched_runs *r, sched_runs_stats *out)
{
	*out = r->stats;
}
