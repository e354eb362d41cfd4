/* pidwatch.h — zombies watched until they disappear, without stopping anyone (attach mode).
 *
 * In attach mode's default the reaper's wait call is not trapped: a zombie is watched from its
 * exit until it is gone. On Linux ≥ 6.9 a pidfd reports POLLHUP once its task is reaped
 * (pidfd_poll: pid_task() == NULL) and wakes a poll() sleeping on it at that moment [verified on
 * 6.18]; before, a pidfd only says "exited", so /proc/PID/stat is polled instead (with its
 * starttime, as pids are reused). The tracer's loop puts the pidfds in its own poll(). */
#ifndef PTVIZ_TRACER_PIDWATCH_H
#define PTVIZ_TRACER_PIDWATCH_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct pidwatch;

/* A new, empty watch list; use_pidfd: the kernel's pidfds report reaping (pidwatch_kernel_ok).
 * NULL when out of memory. */
struct pidwatch *pidwatch_new(bool use_pidfd);
void pidwatch_free(struct pidwatch *pw);
/* Does this kernel's pidfd report POLLHUP at reap (release ≥ 6.9)? */
bool pidwatch_kernel_ok(void);
/* Watch pid (a zombie whose /proc starttime is start) from now (ns, the log's clock). Returns
 * false when it is already gone (no pidfd could be had and /proc has no such process). */
bool pidwatch_add(struct pidwatch *pw, pid_t pid, unsigned long long start, int64_t now);
/* Stop watching pid (its record went another way). */
void pidwatch_remove(struct pidwatch *pw, pid_t pid);
int pidwatch_count(const struct pidwatch *pw);
bool pidwatch_has(const struct pidwatch *pw, pid_t pid);
/* The pidfds to sleep on (events 0: only POLLHUP wakes), after `reserve` slots the caller fills;
 * the array is the watcher's, valid until the next call. *n: total entries. */
struct pollfd *pidwatch_pollfds(struct pidwatch *pw, int reserve, int *n);
/* Which watched pids are gone: gone(ctx, pid, seen) for each (seen: when it was last seen
 * present), removed from the list; the others are marked seen at now. */
void pidwatch_check(struct pidwatch *pw, int64_t now,
                    void (*gone)(void *ctx, pid_t pid, int64_t seen), void *ctx);

#endif
