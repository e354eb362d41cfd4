/* ptviz/log.h — the event log's vocabulary, named once.
 *
 * Every word the log uses as a value — event types, states, how a process was made or reaped,
 * how an end was closed — is an enum here with its name table beside it. The tracer writes these
 * names, the model reads them back into the enums, the log validator (tests/tracer/validate_log.py)
 * and docs/event-log.md are checked against these tables by a test (tests/log/), so the four can
 * never drift apart. docs/event-log.md remains the contract's prose; this is its word list.
 *
 * Header-only on purpose: both libraries (tracer/ and render/) use it and neither depends on the
 * other. The tables are tiny; lookups are linear.
 */
#ifndef PTVIZ_LOG_H
#define PTVIZ_LOG_H

#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The format version this build writes, and the highest it reads. */
#define PTV_LOG_FORMAT "ptviz"
#define PTV_LOG_VERSION 1

/* ---- event types (the "type" field) ------------------------------------------------------- */
typedef enum ptv_ev {
	PTV_EV_HEADER,
	PTV_EV_FORK,
	PTV_EV_THREAD,
	PTV_EV_THREAD_EXIT,
	PTV_EV_EXEC,
	PTV_EV_EXIT,
	PTV_EV_STATE,
	PTV_EV_REAP,
	PTV_EV_REPARENT,     /* from, to; optional adopter_comm: the adopter's name when adopted */
	PTV_EV_ATTACH,
	PTV_EV_DETACH,
	PTV_EV_SIGNAL,
	PTV_EV_KILL,
	PTV_EV_SETSID,
	PTV_EV_SETPGID,
	PTV_EV_PIPE,
	PTV_EV_FIFO,
	PTV_EV_OPEN,
	PTV_EV_DUP,
	PTV_EV_CLOSE,
	PTV_EV_FCNTL,
	PTV_EV_MMAP,
	PTV_EV_MUNMAP,
	PTV_EV_IO,
	PTV_EV_FDS,
	PTV_EV_END,
	PTV_EV_SCHED,        /* exact states from the scheduler's records (header sched "perf") */
	PTV_EV_SCHED_LOST,   /* scheduler records the kernel dropped */
	PTV_EV_SCHED_WAIT,   /* what a thread asleep outside any trapped call was blocked in */
	PTV_EV_WAIT,         /* a return of the wait family (wait4, waitid) */
	PTV_EV_COUNT
} ptv_ev;

static const char *const ptv_ev_names[PTV_EV_COUNT] = {
	[PTV_EV_HEADER] = "header",
	[PTV_EV_FORK] = "fork",
	[PTV_EV_THREAD] = "thread",
	[PTV_EV_THREAD_EXIT] = "thread_exit",
	[PTV_EV_EXEC] = "exec",
	[PTV_EV_EXIT] = "exit",
	[PTV_EV_STATE] = "state",
	[PTV_EV_REAP] = "reap",
	[PTV_EV_REPARENT] = "reparent",
	[PTV_EV_ATTACH] = "attach",
	[PTV_EV_DETACH] = "detach",
	[PTV_EV_SIGNAL] = "signal",
	[PTV_EV_KILL] = "kill",
	[PTV_EV_SETSID] = "setsid",
	[PTV_EV_SETPGID] = "setpgid",
	[PTV_EV_PIPE] = "pipe",
	[PTV_EV_FIFO] = "fifo",
	[PTV_EV_OPEN] = "open",
	[PTV_EV_DUP] = "dup",
	[PTV_EV_CLOSE] = "close",
	[PTV_EV_FCNTL] = "fcntl",
	[PTV_EV_MMAP] = "mmap",
	[PTV_EV_MUNMAP] = "munmap",
	[PTV_EV_IO] = "io",
	[PTV_EV_FDS] = "fds",
	[PTV_EV_END] = "end",
	[PTV_EV_SCHED] = "sched",
	[PTV_EV_SCHED_LOST] = "sched_lost",
	[PTV_EV_SCHED_WAIT] = "sched_wait",
	[PTV_EV_WAIT] = "wait",
};

/* ---- process states (state.state; the model's intervals; the views' colours) -------------- */
typedef enum ptv_state {
	PTV_STATE_RUNNING,
	PTV_STATE_BLOCKED,
	PTV_STATE_STOPPED,
	PTV_STATE_ZOMBIE,
	PTV_STATE_COUNT
} ptv_state;

static const char *const ptv_state_names[PTV_STATE_COUNT] = {
	[PTV_STATE_RUNNING] = "running",
	[PTV_STATE_BLOCKED] = "blocked",
	[PTV_STATE_STOPPED] = "stopped",
	[PTV_STATE_ZOMBIE] = "zombie",
};

/* ---- fork.via: the call that made the process ---------------------------------------------- */
typedef enum ptv_fork_via {
	PTV_FORK_FORK,
	PTV_FORK_VFORK,
	PTV_FORK_CLONE,
	PTV_FORK_CLONE3,
	PTV_FORK_COUNT
} ptv_fork_via;

static const char *const ptv_fork_via_names[PTV_FORK_COUNT] = {
	[PTV_FORK_FORK] = "fork",
	[PTV_FORK_VFORK] = "vfork",
	[PTV_FORK_CLONE] = "clone",
	[PTV_FORK_CLONE3] = "clone3",
};

/* ---- reap.via: who collected the zombie, and how ptviz knows -------------------------------- */
typedef enum ptv_reap_via {
	PTV_REAP_WAIT4,      /* the reaper's wait/waitpid/wait4 returned it */
	PTV_REAP_WAITID,     /* the reaper's waitid returned it */
	PTV_REAP_AUTO,       /* SIGCHLD ignored / SA_NOCLDWAIT: discarded at exit */
	PTV_REAP_INIT,       /* collected outside the trace (its adopter, or an attached root's parent) */
	PTV_REAP_SUBREAPER,  /* an orphan adopted and reaped by ptviz (--subreaper) */
	PTV_REAP_TRACER,     /* the launched root, reaped by ptviz, its real parent */
	PTV_REAP_OBSERVED,   /* attach (events mode): seen gone (pidfd), the reaper = its parent then */
	PTV_REAP_COUNT
} ptv_reap_via;

static const char *const ptv_reap_via_names[PTV_REAP_COUNT] = {
	[PTV_REAP_WAIT4] = "wait4",
	[PTV_REAP_WAITID] = "waitid",
	[PTV_REAP_AUTO] = "auto",
	[PTV_REAP_INIT] = "init",
	[PTV_REAP_SUBREAPER] = "subreaper",
	[PTV_REAP_TRACER] = "tracer",
	[PTV_REAP_OBSERVED] = "observed",
};

/* ---- attach.state: what an attached process was when ptviz found it ----------------------- */
typedef enum ptv_attach_state {
	PTV_ATTACH_RUNNING,
	PTV_ATTACH_ZOMBIE,
	PTV_ATTACH_COUNT
} ptv_attach_state;

static const char *const ptv_attach_state_names[PTV_ATTACH_COUNT] = {
	[PTV_ATTACH_RUNNING] = "running",
	[PTV_ATTACH_ZOMBIE] = "zombie",
};

/* ---- kill.via: the call that sent a signal ------------------------------------------------- */
typedef enum ptv_kill_via {
	PTV_KILL_KILL,
	PTV_KILL_TKILL,
	PTV_KILL_TGKILL,
	PTV_KILL_RT_SIGQUEUEINFO,
	PTV_KILL_PIDFD_SEND_SIGNAL,
	PTV_KILL_COUNT
} ptv_kill_via;

static const char *const ptv_kill_via_names[PTV_KILL_COUNT] = {
	[PTV_KILL_KILL] = "kill",
	[PTV_KILL_TKILL] = "tkill",
	[PTV_KILL_TGKILL] = "tgkill",
	[PTV_KILL_RT_SIGQUEUEINFO] = "rt_sigqueueinfo",
	[PTV_KILL_PIDFD_SEND_SIGNAL] = "pidfd_send_signal",
};

/* ---- close.via: how a pipe or FIFO end was let go ------------------------------------------ */
typedef enum ptv_close_via {
	PTV_CLOSE_CLOSE,
	PTV_CLOSE_CLOSE_RANGE,
	PTV_CLOSE_EXEC,      /* FD_CLOEXEC at exec */
	PTV_CLOSE_DUP2,      /* replaced by dup2/dup3 onto its fd */
	PTV_CLOSE_COUNT
} ptv_close_via;

static const char *const ptv_close_via_names[PTV_CLOSE_COUNT] = {
	[PTV_CLOSE_CLOSE] = "close",
	[PTV_CLOSE_CLOSE_RANGE] = "close_range",
	[PTV_CLOSE_EXEC] = "exec",
	[PTV_CLOSE_DUP2] = "dup2",
};

/* ---- dup.via ------------------------------------------------------------------------------ */
typedef enum ptv_dup_via {
	PTV_DUP_DUP,
	PTV_DUP_DUP2,
	PTV_DUP_DUP3,
	PTV_DUP_FCNTL,
	PTV_DUP_COUNT
} ptv_dup_via;

static const char *const ptv_dup_via_names[PTV_DUP_COUNT] = {
	[PTV_DUP_DUP] = "dup",
	[PTV_DUP_DUP2] = "dup2",
	[PTV_DUP_DUP3] = "dup3",
	[PTV_DUP_FCNTL] = "fcntl",
};

/* ---- open.access -------------------------------------------------------------------------- */
typedef enum ptv_access {
	PTV_ACCESS_READ,
	PTV_ACCESS_WRITE,
	PTV_ACCESS_READWRITE,
	PTV_ACCESS_COUNT
} ptv_access;

static const char *const ptv_access_names[PTV_ACCESS_COUNT] = {
	[PTV_ACCESS_READ] = "read",
	[PTV_ACCESS_WRITE] = "write",
	[PTV_ACCESS_READWRITE] = "readwrite",
};

/* ---- open.late: the call at which a FIFO open the filter let pass was learnt --------------- */
typedef enum ptv_late {
	PTV_LATE_CLOSE,
	PTV_LATE_DUP,
	PTV_LATE_DUP2,
	PTV_LATE_DUP3,
	PTV_LATE_FCNTL,
	PTV_LATE_EXIT,
	PTV_LATE_COUNT
} ptv_late;

static const char *const ptv_late_names[PTV_LATE_COUNT] = {
	[PTV_LATE_CLOSE] = "close",
	[PTV_LATE_DUP] = "dup",
	[PTV_LATE_DUP2] = "dup2",
	[PTV_LATE_DUP3] = "dup3",
	[PTV_LATE_FCNTL] = "fcntl",
	[PTV_LATE_EXIT] = "exit",
};

/* ---- mmap.via (optional): how a mapping came that the process did not map itself ----------- */
typedef enum ptv_mmap_via {
	PTV_MMAP_FORK,       /* inherited from the parent at fork */
	PTV_MMAP_COUNT
} ptv_mmap_via;

static const char *const ptv_mmap_via_names[PTV_MMAP_COUNT] = {
	[PTV_MMAP_FORK] = "fork",
};

/* ---- munmap.via --------------------------------------------------------------------------- */
typedef enum ptv_munmap_via {
	PTV_MUNMAP_MUNMAP,
	PTV_MUNMAP_EXEC,
	PTV_MUNMAP_EXIT,
	PTV_MUNMAP_SCAN,     /* found gone at a later /proc/PID/maps check */
	PTV_MUNMAP_COUNT
} ptv_munmap_via;

static const char *const ptv_munmap_via_names[PTV_MUNMAP_COUNT] = {
	[PTV_MUNMAP_MUNMAP] = "munmap",
	[PTV_MUNMAP_EXEC] = "exec",
	[PTV_MUNMAP_EXIT] = "exit",
	[PTV_MUNMAP_SCAN] = "scan",
};

/* ---- io.op -------------------------------------------------------------------------------- */
typedef enum ptv_io_op {
	PTV_IO_READ,
	PTV_IO_WRITE,
	PTV_IO_COUNT
} ptv_io_op;

static const char *const ptv_io_op_names[PTV_IO_COUNT] = {
	[PTV_IO_READ] = "read",
	[PTV_IO_WRITE] = "write",
};

/* ---- header.mode -------------------------------------------------------------------------- */
typedef enum ptv_mode {
	PTV_MODE_LAUNCH,
	PTV_MODE_ATTACH,
	PTV_MODE_COUNT
} ptv_mode;

static const char *const ptv_mode_names[PTV_MODE_COUNT] = {
	[PTV_MODE_LAUNCH] = "launch",
	[PTV_MODE_ATTACH] = "attach",
};

/* ---- header.attach_mode: how an attached tree is followed ---------------------------------- */
typedef enum ptv_attach_mode {
	PTV_ATTACH_MODE_EVENTS,   /* ptrace events only (fork, exec, exit): no syscall stops */
	PTV_ATTACH_MODE_EXACT,    /* --exact: a stop at every system call */
	PTV_ATTACH_MODE_COUNT
} ptv_attach_mode;

static const char *const ptv_attach_mode_names[PTV_ATTACH_MODE_COUNT] = {
	[PTV_ATTACH_MODE_EVENTS] = "events",
	[PTV_ATTACH_MODE_EXACT] = "exact",
};

/* ---- fds.at: the moment a snapshot of a process's pipe/FIFO ends was taken ----------------- */
typedef enum ptv_fds_at {
	PTV_FDS_FORK,
	PTV_FDS_EXEC,
	PTV_FDS_EXIT,
	PTV_FDS_ATTACH,
	PTV_FDS_POLL,        /* the low-rate poll found them changed */
	PTV_FDS_COUNT
} ptv_fds_at;

static const char *const ptv_fds_at_names[PTV_FDS_COUNT] = {
	[PTV_FDS_FORK] = "fork",
	[PTV_FDS_EXEC] = "exec",
	[PTV_FDS_EXIT] = "exit",
	[PTV_FDS_ATTACH] = "attach",
	[PTV_FDS_POLL] = "poll",
};

/* ---- fds.ends[].kind and .end ---------------------------------------------------------------- */
typedef enum ptv_end_kind {
	PTV_END_KIND_PIPE,
	PTV_END_KIND_FIFO,
	PTV_END_KIND_COUNT
} ptv_end_kind;

static const char *const ptv_end_kind_names[PTV_END_KIND_COUNT] = {
	[PTV_END_KIND_PIPE] = "pipe",
	[PTV_END_KIND_FIFO] = "fifo",
};

/* ---- exec.privs_dropped: what the executable's file would grant, not granted under ptrace ---- */
typedef enum ptv_priv {
	PTV_PRIV_SETUID,     /* the set-user-ID bit */
	PTV_PRIV_SETGID,     /* the set-group-ID bit */
	PTV_PRIV_CAPS,       /* file capabilities (security.capability) */
	PTV_PRIV_COUNT
} ptv_priv;

static const char *const ptv_priv_names[PTV_PRIV_COUNT] = {
	[PTV_PRIV_SETUID] = "setuid",
	[PTV_PRIV_SETGID] = "setgid",
	[PTV_PRIV_CAPS] = "caps",
};

/* ---- end.reason --------------------------------------------------------------------------- */
typedef enum ptv_end_reason {
	PTV_END_EXITED,
	PTV_END_SIGNALED,
	PTV_END_INTERRUPTED,
	PTV_END_DETACHED,
	PTV_END_ERROR,
	PTV_END_COUNT
} ptv_end_reason;

static const char *const ptv_end_reason_names[PTV_END_COUNT] = {
	[PTV_END_EXITED] = "exited",
	[PTV_END_SIGNALED] = "signaled",
	[PTV_END_INTERRUPTED] = "interrupted",
	[PTV_END_DETACHED] = "detached",
	[PTV_END_ERROR] = "error",
};

/* ---- header.sched: where the process states come from ----------------------------------- */
typedef enum ptv_sched_src {
	PTV_SCHED_PERF,      /* the kernel's context-switch records (sched events): exact */
	PTV_SCHED_NONE,      /* ptrace stops and /proc schedstat only: approximate (sched_reason) */
	PTV_SCHED_COUNT
} ptv_sched_src;

static const char *const ptv_sched_src_names[PTV_SCHED_COUNT] = {
	[PTV_SCHED_PERF] = "perf",
	[PTV_SCHED_NONE] = "none",
};

/* sched.states: one letter per segment, in the order of sched.ns's figures: on a CPU, ready,
 * asleep, held in a ptrace stop by ptviz, unknown (records lost). */
#define PTV_SCHED_STATE_LETTERS "RrST?"

/* ---- wait.call: the system call of the wait family that returned --------------------------- */
typedef enum ptv_wait_call {
	PTV_WAIT_WAIT4,      /* also wait(), waitpid() (glibc calls wait4) */
	PTV_WAIT_WAITID,
	PTV_WAIT_COUNT
} ptv_wait_call;

static const char *const ptv_wait_call_names[PTV_WAIT_COUNT] = {
	[PTV_WAIT_WAIT4] = "wait4",
	[PTV_WAIT_WAITID] = "waitid",
};

/* ---- lookups ------------------------------------------------------------------------------ */

/* Index of s in names[0..n), or -1 (also for NULL): how a reader turns a word into its enum. */
static inline int ptv_vocab_find(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* names[i], or NULL when i is out of range: how a writer turns an enum into its word. */
static inline const char *ptv_vocab_name(const char *const *names, int n, int i)
{
	return i >= 0 && i < n ? names[i] : NULL;
}

/* Every enumerated field of the log, for the tests that hold the validator and the docs to these
 * tables: (event type, field) → its names. */
typedef struct ptv_vocab_field {
	const char *event;
	const char *field;
	const char *const *names;
	int count;
} ptv_vocab_field;

static const ptv_vocab_field ptv_vocab_fields[] = {
	{ "header", "mode", ptv_mode_names, PTV_MODE_COUNT },
	{ "header", "attach_mode", ptv_attach_mode_names, PTV_ATTACH_MODE_COUNT },
	{ "fork", "via", ptv_fork_via_names, PTV_FORK_COUNT },
	{ "state", "state", ptv_state_names, PTV_STATE_COUNT },
	{ "reap", "via", ptv_reap_via_names, PTV_REAP_COUNT },
	{ "attach", "state", ptv_attach_state_names, PTV_ATTACH_COUNT },
	{ "kill", "via", ptv_kill_via_names, PTV_KILL_COUNT },
	{ "close", "via", ptv_close_via_names, PTV_CLOSE_COUNT },
	{ "dup", "via", ptv_dup_via_names, PTV_DUP_COUNT },
	{ "open", "access", ptv_access_names, PTV_ACCESS_COUNT },
	{ "open", "late", ptv_late_names, PTV_LATE_COUNT },
	{ "mmap", "via", ptv_mmap_via_names, PTV_MMAP_COUNT },
	{ "munmap", "via", ptv_munmap_via_names, PTV_MUNMAP_COUNT },
	{ "io", "op", ptv_io_op_names, PTV_IO_COUNT },
	{ "fds", "at", ptv_fds_at_names, PTV_FDS_COUNT },
	{ "fds", "kind", ptv_end_kind_names, PTV_END_KIND_COUNT },   /* of each item of ends */
	{ "fds", "end", ptv_access_names, PTV_ACCESS_COUNT },        /* of each item of ends */
	{ "exec", "privs_dropped", ptv_priv_names, PTV_PRIV_COUNT },   /* a list of these */
	{ "end", "reason", ptv_end_reason_names, PTV_END_COUNT },
	{ "header", "sched", ptv_sched_src_names, PTV_SCHED_COUNT },
	{ "wait", "call", ptv_wait_call_names, PTV_WAIT_COUNT },
};

#define PTV_VOCAB_NFIELDS ((int)(sizeof ptv_vocab_fields / sizeof ptv_vocab_fields[0]))

#ifdef __cplusplus
}
#endif
#endif
