/* emit.h — the one place the event log's records are built (docs/event-log.md).
 *
 * One function per event type (a fact list for the events of the bookkeeping modules, see
 * facts.h), the header and the end record. Every word of the log comes from include/ptviz/log.h
 * or from the tables of emit.c; the writer (writer.h) is the backend: framing, batching, UTF-8,
 * the monotonic `t`. With -k the emitter also captures and writes the stack of the thread whose
 * call caused an event (struct emit_by). */
#ifndef PTVIZ_TRACER_EMIT_H
#define PTVIZ_TRACER_EMIT_H

#include "facts.h"
#include "fdsnap.h"
#include "procfs.h"
#include "stacks.h"
#include "writer.h"

#include <ptviz/log.h>

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct emit;

/* The thread stopped in the call that caused an event: its stack goes on the event with -k. */
struct emit_by {
	pid_t tgid, tid;
};

/* Why a process is blocked, when it is not simply the call's own name (state.on). */
enum emit_on {
	EMIT_ON_OPEN_FIFO,
	EMIT_ON_READ_PIPE,
	EMIT_ON_WRITE_PIPE,
	EMIT_ON_VFORK,
	EMIT_ON_COUNT
};
extern const char *const emit_on_names[EMIT_ON_COUNT];

/* A new emitter writing to w, with stacks from s (NULL without -k); borrows both. Returns 0 or
 * -1 (out of memory). */
int emit_new(struct emit **out, struct writer *w, struct stacks *s);
void emit_free(struct emit *em);

struct emit_header {
	pid_t root, tracer_pid;
	ptv_mode mode;
	char *const *argv;                  /* launch: the command line */
	const struct procfs_image *image;   /* attach: the root's (its argv is used) */
	bool io, stacks, subreaper, seccomp;
	bool sched;                         /* scheduler records used: sched "perf" */
	unsigned long long sched_coalesce_ns;
	const char *sched_reason;           /* else why not */
	long output_max;                    /* output recorded per process (0: off) */
	int attach_mode;                    /* attach: a ptv_attach_mode; launch: -1 (no field) */
};
void emit_header(struct emit *em, const struct emit_header *h);
/* What a process printed (output.c): an io write on fd 1/2 with its first bytes; cut when the
 * process reached the output_max cap with it. */
void emit_output(struct emit *em, pid_t pid, int fd, long bytes, const char *data, size_t len,
                 bool cut);
/* The end record (status: ptviz's exit status); the caller flushes the writer. */
void emit_end(struct emit *em, pid_t root, int status, ptv_end_reason reason);

/* Lifecycle. parent: the child's real parent when not the creator (CLONE_PARENT), else 0. */
void emit_fork(struct emit *em, pid_t creator, pid_t child, ptv_fork_via via, pid_t parent,
               const struct emit_by *by);
void emit_thread(struct emit *em, pid_t pid, pid_t tid);
void emit_thread_exit(struct emit *em, pid_t pid, pid_t tid);
/* from_tid: the old tid of a non-leader that exec'd, else 0; privs_dropped: the file's privileges
 * the process did not get under ptrace (bit 1 << ptv_priv, privs.h), else 0; stack: taken at
 * execve, or NULL. */
void emit_exec(struct emit *em, pid_t pid, const struct procfs_image *img, pid_t from_tid,
               unsigned privs_dropped, const struct stack *stack);
/* status: the wait status the process ends with. */
void emit_exit(struct emit *em, pid_t pid, int status, const struct procfs_sched *sched,
               const struct emit_by *by);
/* on: what it blocks in (a call's name, or emit_on_names[]), NULL if nothing; sig: the stop
 * signal of a stopped process, else 0; by: with -k, the thread whose call entry made it blocked
 * (its stack names the libc function the program called: usleep, system), else NULL. */
void emit_state(struct emit *em, pid_t pid, ptv_state st, const char *on, int sig,
                const struct procfs_sched *sched, const struct emit_by *by);
void emit_attach(struct emit *em, pid_t pid, pid_t parent, const struct procfs_image *img,
                 ptv_attach_state st);
void emit_detach(struct emit *em, pid_t pid);
/* Attach mode: pid's pipe/FIFO ends at moment `at` (emit_fds.c). */
void emit_fds(struct emit *em, pid_t pid, ptv_fds_at at, const struct fdsnap *s);

/* A signal delivered to pid (thread tid). */
struct emit_signal {
	pid_t pid, tid;
	int sig;
	bool have_info;         /* siginfo was readable: sender and code */
	pid_t sender;           /* si_pid when the kernel says, else 0 */
	int code;               /* si_code */
	int fd;                 /* SIGPIPE from a write: its fd, else -1 */
	unsigned long ino;      /* and that fd's pipe, 0 if unknown */
};
void emit_signal(struct emit *em, const struct emit_signal *s);
void emit_kill(struct emit *em, pid_t pid, pid_t tid, long target, int sig, ptv_kill_via via,
               const struct emit_by *by);
void emit_setsid(struct emit *em, pid_t pid, long sid);
void emit_setpgid(struct emit *em, pid_t pid, pid_t target, pid_t pgid);

/* IPC outside the fact lists: FIFO creation, --io. ino 0: not a tracked end; data: the first
 * bytes of output (len 0: none). */
void emit_fifo(struct emit *em, pid_t pid, const char *path, unsigned mode,
               const struct emit_by *by);
void emit_io(struct emit *em, pid_t pid, int fd, unsigned long ino, ptv_io_op op, long bytes,
             const char *data, size_t len);
/* --io: a read or write on a tracked end that failed with err (EAGAIN, EPIPE, ...), or a read
 * that found the end of the file (err 0). */
void emit_io_outcome(struct emit *em, pid_t pid, int fd, unsigned long ino, ptv_io_op op, int err);

/* ---- scheduler records (emit_sched.c) ---- */
struct sched_batch;
/* One thread's segments made final since its last event (t0: CLOCK_MONOTONIC at t = 0). */
void emit_sched(struct emit *em, const struct sched_batch *b, uint64_t t0);
/* The kernel dropped lost records of cpu's ring between from and to (log clock). */
void emit_sched_lost(struct emit *em, pid_t root, int cpu, int64_t from, int64_t to,
                     unsigned long long lost);
/* Thread tid, asleep since `since` (log clock), is inside system call nr (call: its name). */
struct emit_sched_wait {
	pid_t pid, tid;
	int64_t since;
	long nr;
	const char *call;
	unsigned long long args[3];
	int fd;                  /* the first argument when it is a descriptor, else -1 */
	const char *fd_target;   /* what that descriptor is ("pipe:[81234]"), or NULL */
	const char *wchan;       /* the kernel function it sleeps in, or "" */
};
void emit_sched_wait(struct emit *em, const struct emit_sched_wait *w);

/* ---- wait-family returns (emit_wait.c) ---- */
enum emit_wait_status {
	EMIT_WAIT_NONE,        /* no status: ret <= 0, or not readable */
	EMIT_WAIT_EXITED,      /* value: the exit code */
	EMIT_WAIT_SIGNALED,    /* value: the signal; core */
	EMIT_WAIT_STOPPED,     /* value: the stop signal */
	EMIT_WAIT_CONTINUED,
};
enum emit_wait_who { EMIT_WHO_ANY, EMIT_WHO_PID, EMIT_WHO_PGID, EMIT_WHO_OWN_GROUP, EMIT_WHO_PIDFD };
struct emit_wait {
	pid_t pid, tid;
	ptv_wait_call call;
	enum emit_wait_who who;
	long who_id;             /* the pid or pgid (ptviz's numbering), or the pidfd */
	long options;            /* the call's options argument */
	long ret;                /* the child (ptviz's numbering), 0, or -1 */
	int err;                 /* errno when ret is -1 */
	enum emit_wait_status status;
	int value;
	bool core;
};
void emit_wait(struct emit *em, const struct emit_wait *w);

/* A signal's name as the log writes it ("SIGTERM", "SIGRTMIN+3"), into buf; returns buf. */
const char *emit_signame(int sig, char *buf, size_t size);

/* Every fact of f, in order. Facts caused by by's call (a pipe, an open seen at the call, an
 * mmap, by's own reap) carry its stack. */
void emit_facts(struct emit *em, const struct facts *f, const struct emit_by *by);

/* -k: by's stack now, for an event written later (exec: the old image is gone by then).
 * Returns false (and takes nothing) without -k. */
bool emit_stack_take(struct emit *em, const struct emit_by *by, struct stack *out);

#endif
