/* tests/sched/live.h — the harness of the live tests (live.c): children, runs, what was seen. */
#ifndef PTVIZ_TESTS_SCHED_LIVE_H
#define PTVIZ_TESTS_SCHED_LIVE_H

#include <stdint.h>
#include <sys/types.h>

#include "sched_runs.h"

enum { MS = 1000000, SKIP = 77 };  /* SKIP: the exit status ctest reads as "skipped" */

uint64_t now_ns(void);
void burn(long ms);      /* burn ms of this thread's CPU time */
void nap(long ms);       /* sleep ms, through EINTR */
void read1(int fd);
void write1(int fd);

/* Every record a run handed out, and per thread the builder's totals. */
typedef struct seen {
	sched_rec *v;
	char (*comm)[17];
	int n, cap;
	sched_runs *runs;
	/* per tid, from the builder: total time per state and the longest interval per state */
	struct { pid_t tid; uint64_t ns[SCHED_STATE_COUNT], longest[SCHED_STATE_COUNT];
	         int segs[SCHED_STATE_COUNT]; } t[64];
	int nt;
} seen;

int seen_rec(void *ctx, const sched_rec *rec);      /* a sched_rec_cb */
int seen_batch(void *ctx, const sched_batch *b);    /* a sched_batch_cb */
uint64_t ns_of(const seen *s, pid_t tid, sched_state st);
uint64_t longest_of(const seen *s, pid_t tid, sched_state st);
int segs_of(const seen *s, pid_t tid, sched_state st);
int count(const seen *s, sched_rec_kind kind, pid_t tid); /* tid < 0: any */
void seen_free(seen *s);

typedef void (*child_fn)(void *arg);

/* Fork a child that waits for a byte on a pipe and then runs fn; *go gets the write end. */
pid_t spawn(child_fn fn, void *arg, int *go);
/* Run fn in a new child under the events (options o), to its end. Returns 0, SKIP when perf
 * is refused here, 1 when the child failed or the records could not be taken. */
int run(child_fn fn, void *arg, const sched_opts *o, seen *s, pid_t *child);
int run_default(child_fn fn, void *arg, seen *s, pid_t *child);

void child_sleep(void *arg);  /* sleeps 100 ms */
void child_fork(void *arg);   /* forks a grandchild that sleeps 10 ms, waits for it */

#endif
