/* tracer/sched/sched_runs_int.h — private to the state builder: the coalescer (one per thread),
 * exposed for its unit tests. */
#ifndef PTVIZ_SCHED_RUNS_INT_H
#define PTVIZ_SCHED_RUNS_INT_H

#include "sched_runs.h"

/* Turns a thread's raw intervals, in time order and contiguous, into final segments
 * (README.md, "Coalescing"). Zero-initialise, then set min_ns. */
typedef struct sched_coalesce {
	uint64_t min_ns;     /* intervals shorter than this are short */
	bool has_seg;        /* seg: the last segment, still growing */
	sched_seg seg;
	bool has_burst;      /* burst: the short intervals since seg */
	sched_seg burst;
	sched_seg *out;      /* final segments not yet taken */
	int nout, cap;
} sched_coalesce;

/* Feed the raw interval [a, b) in state s. Returns 0 or -ENOMEM. */
int sched_coalesce_add(sched_coalesce *c, sched_state s, uint64_t a, uint64_t b);
/* The thread's life is over: make everything final. Returns 0 or -ENOMEM. */
int sched_coalesce_finish(sched_coalesce *c);
/* Forget the final segments (after they were taken). */
void sched_coalesce_taken(sched_coalesce *c);
void sched_coalesce_free(sched_coalesce *c);

#endif
