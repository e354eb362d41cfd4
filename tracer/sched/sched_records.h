/* tracer/sched/sched_records.h — the kernel's own context-switch records for a traced process tree.
 *
 * One perf event per online CPU (PERF_TYPE_SOFTWARE/PERF_COUNT_SW_DUMMY with context_switch,
 * task, comm, inherit, sample_id_all, sample_type TID|TIME, exclude_kernel, CLOCK_MONOTONIC;
 * NOTES §7) gives a PERF_RECORD_SWITCH each time a traced thread goes on or off a CPU, with
 * PERF_RECORD_MISC_SWITCH_OUT_PREEMPT when it left still runnable (preempted: ready) rather than
 * asleep, plus fork/exit/comm records — exact on-CPU / ready / off-CPU intervals for every thread,
 * without a ptrace stop. Each CPU's records go to that CPU's ring buffer; sched_drain() merges
 * them in time order and hands typed records to a callback. See README.md beside this file.
 *
 * What is covered (inherit = 1 covers tasks created AFTER the open, by a covered task):
 *  - Launch: open for the child after fork and before it runs (blocked on the go-pipe, or
 *    ptrace-stopped), before it has threads or children: then every descendant, thread and
 *    process, is covered from its creation, across exec.
 *  - Attach: tasks that exist already are not covered by inherit: call sched_new() for one
 *    thread and sched_add_task() for every other existing thread of every attached process
 *    (ideally while they are ptrace-stopped). Their state before the open is unknown; the first
 *    record says what they are doing from then on. Tasks they create later are covered.
 *  - A task opened while running is covered from the open on: its first record may be a
 *    switch-out (it was on a CPU).
 *
 * Thread safety: none; one thread owns the handle (the tracer's loop).
 */
#ifndef PTVIZ_SCHED_RECORDS_H
#define PTVIZ_SCHED_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct sched sched;

typedef struct sched_opts {
	/* Data pages per CPU ring, a power of two (plus one control page). The default, 64 pages
	 * (256 KiB), holds ~10,900 switch records; `make -j2` of a 40-file project under ptviz
	 * makes ~5,500 records/s over 2 CPUs, and the fullest ring seen at a drain held 131 KiB
	 * (README.md, "Ring size"). */
	unsigned ring_pages;
	/* Wake a poll()er when a ring holds this share of its size, in percent (1..100). */
	unsigned wakeup_percent;
	/* sched_drain() hands out only records older than now - horizon_ns, so that a record still
	 * being written on one CPU cannot come after a later one already handed out from another
	 * (README.md, "Order"). sched_flush() hands out everything. */
	uint64_t horizon_ns;
	/* Testing: act as if perf_event_open failed with this errno (0: off). The reason is the
	 * one a real refusal would give. */
	int refuse_errno;
} sched_opts;

#define SCHED_OPTS_INIT { .ring_pages = 64, .wakeup_percent = 50, .horizon_ns = 10000000, \
                          .refuse_errno = 0 }

/* What a record is about. */
typedef enum sched_rec_kind {
	SCHED_REC_SWITCH_IN,   /* tid went on a CPU */
	SCHED_REC_SWITCH_OUT,  /* tid left the CPU; preempted says whether it was still runnable */
	SCHED_REC_FORK,        /* a task was created: pid/tid the new one, ppid/ptid its creator */
	SCHED_REC_EXIT,        /* tid exited (the kernel's do_exit; no record of it follows) */
	SCHED_REC_COMM,        /* tid's name changed; exec says it was an execve */
	SCHED_REC_LOST,        /* the ring of cpu was full: lost records were dropped */
	SCHED_REC_KIND_COUNT
} sched_rec_kind;

/* A record, lent to the callback for the duration of the call. */
typedef struct sched_rec {
	sched_rec_kind kind;
	uint64_t time;      /* CLOCK_MONOTONIC ns */
	int cpu;            /* the CPU whose ring it came from */
	pid_t pid, tid;     /* the task it is about (for LOST: the task that was running, or -1) */
	bool preempted;     /* SWITCH_OUT: left runnable (preempted or yielded): ready, not asleep */
	pid_t ppid, ptid;   /* FORK: the creator; EXIT: the parent */
	const char *comm;   /* COMM: the new name */
	bool exec;          /* COMM: the name changed because of an execve */
	uint64_t lost;      /* LOST: how many records were dropped */
	uint64_t since;     /* LOST: time of the last record read from that ring before the loss
	                       (or of the open): the records were lost between since and time */
	bool late;          /* earlier than a record handed out before (README.md, "Order") */
} sched_rec;

/* Called for each record in time order; a non-zero return stops the drain and is returned. */
typedef int (*sched_rec_cb)(void *ctx, const sched_rec *rec);

/* Open the events for task pid (see above for which tasks are covered) on every online CPU
 * and map their rings. Returns 0, or a negative errno with the reason in err: EACCES/EPERM
 * when perf_event_open is refused (the reason names `sysctl kernel.perf_event_paranoid=2` or
 * running as root when the paranoid level is the cause), ENOENT/ENODEV/ENOSYS when the kernel
 * has no such events, ESRCH when pid is gone. *out is NULL on failure. */
int sched_new(sched **out, pid_t pid, const sched_opts *opts, char *err, size_t errlen);

/* Cover one more existing task (attach mode: the other threads and processes), its records
 * going to the same rings. Returns 0 or a negative errno with the reason in err (then tid is
 * not covered at all). Do not add a task created after its creator was covered (inherited:
 * its records would come twice). */
int sched_add_task(sched *s, pid_t tid, char *err, size_t errlen);

/* Close everything; accepts NULL. Records not drained are lost. */
void sched_free(sched *s);

/* The descriptors to poll for POLLIN (a ring reached its wake-up mark); *count gets how many.
 * POLLHUP on all of them means every covered task has exited: flush and stop polling them
 * (a hung-up perf fd stays readable, so polling it again would spin). Lent. */
const int *sched_fds(const sched *s, int *count);

/* Hand out, in time order, every record older than now - horizon_ns (all records, when a ring
 * is 3/4 full), and free their ring space. Returns 0 or the callback's value (the records not
 * handed out stay for the next drain). */
int sched_drain(sched *s, sched_rec_cb cb, void *ctx);

/* Hand out every record, however recent, then a LOST record for each ring that dropped records
 * the kernel had no room left to report (Linux 6.0+ counts them). The last call before
 * sched_free: at the end of the trace, after the tasks are gone (or before detaching). */
int sched_flush(sched *s, sched_rec_cb cb, void *ctx);

/* The fullest ring's fill, in percent: a cheap check (no system call) for a busy loop that
 * cannot wait for poll(). */
unsigned sched_backlog(const sched *s);

/* Counters for --debug, the driver and the tests. */
typedef struct sched_stats {
	uint64_t records[SCHED_REC_KIND_COUNT]; /* handed out, by kind */
	uint64_t preempted;                     /* of the switch-outs, preempted ones */
	uint64_t lost;                          /* records the kernel dropped (sum of LOST) */
	uint64_t late;                          /* records handed out late (see README.md) */
	uint64_t bytes;                         /* ring bytes consumed */
	uint64_t max_fill;                      /* most bytes found waiting in one ring at a drain */
	uint64_t drains;
	int cpus;                               /* rings */
	size_t ring_bytes;                      /* data bytes per ring */
} sched_stats;

void sched_get_stats(const sched *s, sched_stats *out);

/* The human reason for a refused perf_event_open (errno err) on pid, given the paranoid level
 * (-1 if unknown) and whether the caller is privileged (root or CAP_PERFMON). Pure; exposed
 * for the tests. */
void sched_refusal_reason(int err, int paranoid, bool privileged, pid_t pid, char *buf,
                          size_t len);

#endif
