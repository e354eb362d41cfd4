/* tracer/sched/sched_runs.h — the state builder: switch records → per-thread runs of states.
 *
 * Pure (no perf, no /proc): fed with sched_rec records in time order (sched_drain's output, or
 * hand-written ones in the tests) and with the tracer's own ptrace stops, it cuts each thread's
 * life into intervals — on a CPU (R), ready: switched out still runnable (r), asleep: switched
 * out not runnable (S), held in a ptrace stop by ptviz itself (T), unknown (?) — and coalesces
 * the short ones into segments at least coalesce_ns long, keeping each segment's exact time per
 * state, so that every state's total survives the merging as a figure. README.md beside this
 * file states the rules and their effect on the truth.
 */
#ifndef PTVIZ_SCHED_RUNS_H
#define PTVIZ_SCHED_RUNS_H

#include "sched_records.h"

#include <cjson/cJSON.h>

/* The states of a run, in the order of the log's "ns" arrays (README.md, "Log events"). */
typedef enum sched_state {
	SCHED_ONCPU,    /* R: on a CPU */
	SCHED_READY,    /* r: runnable, waiting for a CPU (switched out preempted) */
	SCHED_ASLEEP,   /* S: off the CPU, not runnable (blocked, sleeping, stopped) */
	SCHED_TRACED,   /* T: off the CPU in a ptrace stop ptviz made and ended */
	SCHED_UNKNOWN,  /* ?: records missing (lost, or never seen) */
	SCHED_STATE_COUNT
} sched_state;

/* One letter per state, indexed by sched_state: the log's "states" string uses them. */
extern const char sched_state_letters[SCHED_STATE_COUNT + 1];

typedef struct sched_runs sched_runs;

typedef struct sched_runs_opts {
	/* Intervals shorter than this are merged (README.md, "Coalescing"); 0 keeps every one. */
	uint64_t coalesce_ns;
} sched_runs_opts;

#define SCHED_RUNS_OPTS_INIT { .coalesce_ns = 1000000 }

/* A segment of a thread's life, drawn as state; ns holds the exact time per state inside it
 * (only ns[state] is non-zero unless short intervals of other states were merged into it). */
typedef struct sched_seg {
	sched_state state;
	uint64_t start, end;
	uint64_t ns[SCHED_STATE_COUNT];
} sched_seg;

/* The segments of one thread made final since the last take, contiguous and in time order. */
typedef struct sched_batch {
	pid_t pid, tid;
	const sched_seg *segs;
	int nsegs;
	uint64_t ns[SCHED_STATE_COUNT]; /* sum of the segments' ns: exact time per state */
	bool ended;                     /* the thread's life ended with the last segment */
} sched_batch;

/* Called once per thread with new segments; a non-zero return stops the take and is returned. */
typedef int (*sched_batch_cb)(void *ctx, const sched_batch *b);

/* Returns 0, or -ENOMEM (out is NULL). */
int sched_runs_new(sched_runs **out, const sched_runs_opts *opts);
void sched_runs_free(sched_runs *r);

/* Thread tid of process pid is in state from time t (the launched child before it runs:
 * SCHED_ASLEEP; an attached thread: SCHED_TRACED while ptrace-stopped, or SCHED_UNKNOWN —
 * then a first switch-out proves it was on the CPU since t). Ignored if tid has records. */
void sched_runs_begin(sched_runs *r, pid_t pid, pid_t tid, uint64_t t, sched_state state);

/* One record, in time order. Out-of-memory drops the record's effect (counted). */
void sched_runs_record(sched_runs *r, const sched_rec *rec);

/* The tracer saw tid in a ptrace stop at time seen (its waitpid returned) and resumed it: the
 * first asleep interval of tid ending after seen is that stop, and becomes T. Call it when the
 * stop is seen, before the drain that brings the records of that moment. */
void sched_runs_tracer_stop(sched_runs *r, pid_t tid, uint64_t seen);

/* Hand out every thread's final segments (threads that ended first, in the order they ended). */
int sched_runs_take(sched_runs *r, sched_batch_cb cb, void *ctx);

/* The trace ends at time t: every live thread's current interval ends there; everything is
 * final. Then take. */
void sched_runs_finish(sched_runs *r, uint64_t t);

/* Called for each thread asleep (S, not T) since `since` as far as the records drained so far
 * say: candidates for sched_blocked_read (what is it blocked in?). A non-zero return stops. */
typedef int (*sched_asleep_cb)(void *ctx, pid_t pid, pid_t tid, uint64_t since);
int sched_runs_asleep(const sched_runs *r, sched_asleep_cb cb, void *ctx);

/* Counters for the driver and the tests. */
typedef struct sched_runs_stats {
	uint64_t intervals;      /* raw intervals closed */
	uint64_t segments;       /* segments made final */
	uint64_t threads;        /* thread lives seen */
	uint64_t inconsistent;   /* switch records that contradicted the state (missing records) */
	uint64_t dropped;        /* records dropped for lack of memory */
	uint64_t duplicates;     /* switches seen twice (attach: a task covered by two events) */
} sched_runs_stats;

void sched_runs_get_stats(const sched_runs *r, sched_runs_stats *out);

/* Add the batch's fields to a log event (README.md, "Log events"): "start", "states", "durs",
 * "ns", and "mix" / "end" when they apply; times relative to t0. Returns 0 or -ENOMEM. */
int sched_runs_to_json(const sched_batch *b, uint64_t t0, cJSON *obj);

#endif
