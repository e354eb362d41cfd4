/* tracer/sched/sched_blocked.h — what a sleeping thread is blocked in, asked of the kernel
 * without stopping it (proc(5): /proc/PID/task/TID/syscall and .../wchan).
 *
 * The scheduler records say that a thread went to sleep, not why; ptrace says why only for the
 * calls it stops at. For an untrapped call (a read() on a pipe, a futex), the tracer can read
 * the call and its arguments here while the thread sleeps, and label the interval
 * "blocked in read (fd 0, pipe:[81234])". Reading needs the right to ptrace the thread (the
 * tracer has it). The answer is a snapshot: the thread may wake the moment after.
 */
#ifndef PTVIZ_SCHED_BLOCKED_H
#define PTVIZ_SCHED_BLOCKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct sched_blocked {
	bool running;       /* the thread was on a CPU: nothing to say */
	long nr;            /* system call number (x86-64 numbering here), -1 if blocked outside one */
	uint64_t args[6];   /* its arguments, when nr >= 0 */
	uint64_t sp, pc;    /* user stack pointer and program counter */
	char wchan[64];     /* kernel function it sleeps in ("" when the kernel does not say) */
} sched_blocked;

/* Read thread tid of process pid (pid may equal tid). Returns 0, or a negative errno with the
 * reason in err: -ESRCH when the thread is gone, -EACCES/-EPERM when not allowed. */
int sched_blocked_read(pid_t pid, pid_t tid, sched_blocked *out, char *err, size_t errlen);

/* What descriptor fd of pid refers to ("pipe:[81234]", "/dev/pts/3", "socket:[9]"), into buf.
 * Returns 0, or a negative errno (the fd is closed, or the process gone). */
int sched_blocked_fd(pid_t pid, int fd, char *buf, size_t len);

#endif
