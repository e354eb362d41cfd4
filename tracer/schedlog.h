/* schedlog.h — the scheduler's records (tracer/sched/) inside the tracer's one loop: opened for
 * the launched program before it runs, drained when a ring fills, when the loop has slept long
 * enough or in a busy stretch, told of every ptrace stop ptviz resumes (those are `T`, ptviz's
 * cost, not the program's), asked which long sleeps no ptrace stop explains (`sched_wait`), and
 * flushed at the end. Everything goes into the log as `sched`, `sched_lost` and `sched_wait`
 * events (docs/event-log.md); when the kernel refuses the records, the reason goes into the
 * header and the trace goes on with the approximate states of ptrace. */
#ifndef PTVIZ_TRACER_SCHEDLOG_H
#define PTVIZ_TRACER_SCHEDLOG_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ptv_tracer;
struct schedlog;

/* The most ring descriptors the loop polls (one per CPU); a machine with more CPUs has the
 * others drained on the loop's timeout. */
enum { SCHEDLOG_MAX_FDS = 256 };

/* Open the records for the launched child pid (stopped before its exec, no threads, no
 * children: every descendant is covered from its creation), or in attach mode for the root's
 * main thread before it is seized (then schedlog_attach_thread per thread). Never fails the trace: on refusal,
 * or when the user turned the records off, *out is NULL and why holds the reason. refused
 * says whether the kernel refused (the user should be told) rather than the user. */
void schedlog_open(struct schedlog **out, struct ptv_tracer *tr, pid_t pid, char *why,
                   size_t whylen, bool *refused);
/* Attach mode: after schedlog_open(root) and before the seize, cover each seized thread tid of
 * process pid (the root's main thread included: opened already, only its state is read), with
 * the state /proc gives as its first one. A thread that cannot be covered (out of descriptors)
 * is counted and gets no scheduler state. Accepts NULL. */
void schedlog_attach_thread(struct schedlog *sl, struct ptv_tracer *tr, pid_t pid, pid_t tid);
/* How many attached threads could not be covered. */
unsigned schedlog_attach_failures(const struct schedlog *sl);

/* Close everything (records not flushed are lost). Accepts NULL. */
void schedlog_free(struct schedlog *sl);

/* The coalescing threshold written in the header (sched_coalesce_ns). */
uint64_t schedlog_coalesce_ns(const struct schedlog *sl);

/* The tracer saw tid in a ptrace stop it is going to resume, at t (the log's clock). */
void schedlog_stop_seen(struct schedlog *sl, pid_t tid, int64_t t);

/* Add the ring descriptors to poll to fds (room for SCHEDLOG_MAX_FDS); returns how many. */
int schedlog_poll_fds(const struct schedlog *sl, struct pollfd *fds);
/* After poll: fds/n as schedlog_poll_fds filled them. Drains when a ring asked for it or when
 * the last drain is old enough; stops polling rings that hung up (every covered task exited). */
void schedlog_after_poll(struct schedlog *sl, struct ptv_tracer *tr, const struct pollfd *fds,
                         int n);
/* A busy loop (no sleep): drain if a ring is half full. Cheap (no system call). */
void schedlog_busy(struct schedlog *sl, struct ptv_tracer *tr);
/* How long the loop may sleep before the next drain is due (ms), -1 when none is. */
int schedlog_timeout_ms(const struct schedlog *sl, const struct ptv_tracer *tr);

/* The end of the trace: hand out every record, close every thread's life, write the rest. */
void schedlog_finish(struct schedlog *sl, struct ptv_tracer *tr);

#endif
