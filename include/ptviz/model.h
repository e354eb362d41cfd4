/* ptviz/model.h — a trace replayed into processes and IPC objects.
 *
 * The model is built from an event log (docs/event-log.md) and nothing else; the tree, the
 * timeline, the Perfetto export and the reports are all views of it. Everything it hands out is
 * owned by the model and lives until ptv_model_free: callers only read.
 *
 * Rules the model applies (the views and `report --check` rely on them):
 *
 * - Records. One ptv_process per process lifetime, in creation order (id = index). A fork of a
 *   pid whose earlier record was reaped (or detached) makes a new record: pids are reused.
 *   ptv_model_find_pid gives the latest record of a pid. An event about a pid never seen before
 *   creates a record with unknown_origin set (and a warning); a later fork of that pid adopts it
 *   (the tracer can see a child's first stop before its parent's fork event).
 * - Parent. `parent` is the birth parent: the real parent from the fork event ("parent" field,
 *   CLONE_PARENT), else the forking process; `creator` is always the forking process. The root of
 *   a launch-mode log has parent -1 and parent_pid = tracer_pid. Orphan adoption does not change
 *   `parent`: it sets orphaned, t_adopted, adopter_pid and adopter (-1 when the adopter is outside
 *   the trace: init, an untraced subreaper).
 * - Zombie. The `exit` event (t_exit, the kernel's exit point) starts the end; the process is a
 *   zombie from its exit report -- the `state zombie` event that follows `exit` -- until its `reap`
 *   (t_zombie..t_reap). The stretch between is a running interval with on = "exiting". A log
 *   without `state zombie` events makes t_zombie = t_exit. zombie_ns is t_zombie..t_reap, or
 *   t_zombie..log end when never reaped. "auto" reaps (SIGCHLD ignored / SA_NOCLDWAIT) come at
 *   the exit report, so their zombie_ns is 0 or close to it.
 * - Reaper. reaper is a process index only for via wait4/waitid/auto/observed (ptv_reap_in_trace;
 *   observed: attach mode saw the zombie go while its parent was reaper_pid, which may be outside
 *   the trace); init, subreaper and tracer reapers are outside the trace (reaper -1, reaper_pid
 *   says who). reap_precision_ns: how late t_reap may be (observed reaps), else 0.
 * - Leak. leaked = the process exited, has a birth parent in the trace (so never the root, nor an
 *   attached process whose parent is outside), and was not reaped by that birth parent (via
 *   wait4, waitid, or auto). So a child reaped via "init" after its parent died is a leak of that
 *   parent, and a zombie still unreaped at the end of the log is a leak too (also when ptviz
 *   detached from its parent in attach mode: the parent left it there all the time it was
 *   watched) -- except when the child was orphaned before it exited (its parent died first, as
 *   a daemon's double-fork middle child or the orphan sample: no parent was there to reap it),
 *   or exited after its parent's exit event (the parent was already on its way out, as ps when
 *   pipe_ps_grep's grep sees the EOF of its exit; the adoption is recorded after both exits).
 * - Exit status. exit_code is -1 when unknown (an attached zombie, a reap without an exit).
 * - Holders. A ptv_holder is one stretch of time during which one exec of one process held one
 *   fixed set of ends of a pipe/FIFO (read, write or both) or mapped a shared region. A new holder
 *   starts when the set changes (the last fd of an end closed, a FIFO opened again), when the
 *   process execs while holding ends (exec_index = the new exec; -1 before any exec) and ends at
 *   close/exit/detach or at the log end. Fds are followed through the fd table: a child inherits
 *   its creator's tracked ends at fork; dup/dup2/dup3/fcntl add an fd; close and close_range
 *   remove one; exec removes the pipe2(O_CLOEXEC) ends, and close events with via:"exec" count
 *   at the exec's time (the new program never held those ends); exit removes all. Shared mappings come only from
 *   mmap events (inherited ones carry via:"fork") and all end at exec and exit. So in
 *   `sh -c 'ps | grep x'` the pipe's holders include (ps, exec 0, write) and (grep, exec 0, read),
 *   plus the shell's and the pre-exec children's short-lived read+write holders.
 * - Time. Times are ns since the trace start; a log whose times go backwards is clamped (with a
 *   warning). Intervals of zero length are not recorded.
 */
#ifndef PTVIZ_MODEL_H
#define PTVIZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "ptviz/log.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ptv_model ptv_model;

/* Diagnostics collected while loading: warnings for a log cut short, unknown versions are errors. */
typedef struct ptv_diag {
	char error[512];     /* set when loading fails: "trace.jsonl:12: expected ..." */
	char warning[512];   /* first warning, e.g. "trace.jsonl:88: log cut short; using 87 lines" */
	int warnings;        /* how many warnings */
	bool truncated;      /* the log ended without an "end" record or with a partial line */
} ptv_diag;

/* ptv_state (running, blocked, stopped, zombie) is the log's vocabulary: ptviz/log.h. */

/* One frame of a call-site stack (-k); absent strings are NULL, line 0. */
typedef struct ptv_frame {
	uint64_t pc;
	const char *fn;
	uint64_t off;
	const char *obj;
	uint64_t obj_off;          /* file offset of pc in obj (0 unknown): stable across runs */
	const char *file;
	int line;
} ptv_frame;

typedef struct ptv_stack {
	const ptv_frame *frames;   /* innermost first */
	int nframes;
	const char *error;         /* stack_error, or NULL */
} ptv_stack;

/* A stretch of time in one state. `on` is the blocking call (blocked), the stop signal (stopped),
 * or "exiting" for the running stretch between the exit event and the exit report. */
typedef struct ptv_interval {
	int64_t start, end;        /* ns since trace start; end = model end time if still open */
	ptv_state state;
	const char *on;
	const char *call;          /* blocked, with -k: the libc function the program called
	                              (ptv_stack_called: "usleep" for on = clock_nanosleep), or NULL */
	int64_t cpu_ns, runq_ns;   /* CPU and run-queue time spent inside the interval, -1 unknown */
} ptv_interval;

typedef struct ptv_exec {
	int64_t t;
	const char *path;
	const char *const *argv;
	int argc;
	ptv_stack stack;
	pid_t from_tid;            /* the non-leader thread that exec'd, 0 when the leader did */
	bool argv_truncated;
	unsigned privs_dropped;    /* what the file grants but the traced process did not get (the
	                              kernel's ptrace rule): bits 1 << ptv_priv, 0 for none */
} ptv_exec;

/* How a process record began. Not a log word: the log says it with the event that made the
 * record (fork, attach, or none). */
typedef enum ptv_origin {
	PTV_ORIGIN_FORK,           /* a fork event; fork_via names the call */
	PTV_ORIGIN_ROOT,           /* the launched root (launch mode), forked by ptviz */
	PTV_ORIGIN_ATTACH,         /* there when ptviz attached (-p) */
	PTV_ORIGIN_UNKNOWN,        /* first seen in another event: parent unknown (unknown_origin) */
	PTV_ORIGIN_COUNT
} ptv_origin;

static const char *const ptv_origin_names[PTV_ORIGIN_COUNT] = {
	[PTV_ORIGIN_FORK] = "fork",
	[PTV_ORIGIN_ROOT] = "root",
	[PTV_ORIGIN_ATTACH] = "attach",
	[PTV_ORIGIN_UNKNOWN] = "unknown",
};

typedef struct ptv_process {
	int id;                    /* index in creation order: P0, P1, ... (stable ids) */
	pid_t pid;
	int parent;                /* birth parent (process index), -1 when outside the trace */
	pid_t parent_pid;          /* birth parent's pid (tracer_pid for a launched root) */
	ptv_origin origin;         /* fork, root, attach, unknown */
	ptv_fork_via fork_via;     /* the call that made it, when origin is PTV_ORIGIN_FORK */
	ptv_stack fork_stack;      /* the parent's stack at the fork, when recorded */
	const int *children;       /* process indices, in fork order */
	int nchildren;

	int64_t t_start;           /* fork (or 0 / attach time) */
	bool exited;
	int64_t t_exit;            /* -1 while alive at the end of the log */
	bool signaled;
	int exit_code;             /* valid when exited && !signaled */
	int signo;                 /* valid when signaled */
	const char *signame;
	bool core;

	bool reaped;
	int64_t t_reap;            /* -1 if never reaped in the log */
	pid_t reaper_pid;
	int reaper;                /* process index of the reaper, -1 when outside the trace */
	ptv_reap_via reap_via;     /* how it was reaped, when reaped (ptviz/log.h) */
	int64_t reap_precision_ns; /* observed reaps: t_reap is at most this late; else 0 */
	ptv_stack reap_stack;
	int64_t zombie_ns;         /* time from t_zombie to reap (or to log end when never reaped) */
	bool leaked;               /* exited and never reaped by its birth parent (not the root) */

	bool orphaned;
	int64_t t_adopted;
	pid_t adopter_pid;
	int adopter;               /* process index, -1 when outside the trace (init, subreaper) */
	const char *adopter_comm;  /* the adopter's name when adopted (reparent adopter_comm), or NULL */

	const ptv_exec *execs;     /* exec chain in order; argv of the process before any exec is its parent's */
	int nexecs;
	const ptv_interval *intervals; /* state intervals in time order, covering t_start..end */
	int nintervals;

	int threads;               /* threads ever created besides the leader */
	pid_t sid;                 /* session id after setsid, 0 if never called in the trace */
	int64_t t_setsid;
	bool attached;             /* existed when ptviz attached (-p) */

	int creator;               /* process whose thread called fork (differs from parent with CLONE_PARENT), -1 outside */
	pid_t creator_pid;
	pid_t pgid;                /* process group after setpgid, 0 if never changed in the trace */
	bool detached;             /* ptviz let go of it (attach mode); its record ends at t_detach */
	int64_t t_detach;
	bool unknown_origin;       /* first seen in an event other than fork/attach/header: parent unknown */
	int64_t t_zombie;          /* became a zombie: the exit report ("state zombie" after "exit"), else t_exit; -1 alive */

	/* Exact states (header "sched":"perf"; model_sched.c): the lane's geometry, from t_start to
	 * the end of its intervals. NULL/0 when the log has no scheduler records. */
	const struct ptv_span *spans;
	int nspans;
	int64_t sched_ns[5];       /* exact time per ptv_cpu over the process's life (ptviz's cost: [PTV_CPU_PTVIZ]) */
} ptv_process;

/* Inter-process objects: who talks to whom. */
typedef enum ptv_ipc_kind {
	PTV_IPC_PIPE,
	PTV_IPC_FIFO,
	PTV_IPC_SHM,      /* shared mapping: file-backed or anonymous */
} ptv_ipc_kind;

/* A process that held an end of a pipe/FIFO or mapped a shared region, and for how long. */
typedef struct ptv_holder {
	int proc;                  /* process index */
	int exec_index;            /* which exec of the process was running when it held it (-1 = before any exec) */
	bool write;                /* write end (pipes/FIFOs); for SHM: mapped writable */
	bool read;
	int64_t from, to;          /* held from..to (to = exit/close/log end) */
	int64_t bytes;             /* bytes moved through this holder's end (--io), -1 unknown */
} ptv_holder;

/* Traffic through a pipe or FIFO from one process to another: a writer and a reader (their
 * roles, see ptv_ipc_roles) where the reader held its end at or after the writer first held
 * its own (the data, or the EOF, waits in the pipe for it). One link per pair of processes,
 * whatever holder records they had; the pair of records that first had both held their ends
 * gives t, and says which program each ran then (ptv_holder.exec_index). */
typedef struct ptv_ipc_link {
	int writer, reader;        /* process indices */
	int writer_holder;         /* indices into the object's holders: the pair that gave t */
	int reader_holder;
	int64_t t;                 /* the later of the two holders' starts (earliest over their pairs) */
	int64_t bytes;             /* written by the writer through its write-only ends (--io), -1 unknown */
} ptv_ipc_link;

/* How a process came to hold one fd of a pipe/FIFO end (not a log word: the model's reading). */
typedef enum ptv_fd_how {
	PTV_FD_MADE,               /* pipe() or open() of the FIFO made it */
	PTV_FD_INHERITED,          /* copied from the creator's table at fork */
	PTV_FD_DUP,                /* dup/dup2/dup3/fcntl(F_DUPFD) of dup_of */
	PTV_FD_HOW_COUNT
} ptv_fd_how;

/* How that fd went away. */
typedef enum ptv_fd_gone {
	PTV_FD_CLOSED,             /* close() or close_range() */
	PTV_FD_AT_EXEC,            /* FD_CLOEXEC, at an exec */
	PTV_FD_REPLACED,           /* dup2/dup3 onto its number */
	PTV_FD_AT_EXIT,            /* still open when the process exited */
	PTV_FD_OPEN,               /* still open at the end of the log (or detach) */
	PTV_FD_GONE_COUNT
} ptv_fd_gone;

/* One fd number of one process naming one end of a pipe or FIFO, from the moment it got it to
 * the moment it let go: who held which end under which number, dup2 onto 0/1/2, when each copy
 * was closed. One record per fd lifetime, in the order they began. */
typedef struct ptv_fd_use {
	int proc;                  /* process index */
	int fd;
	bool write, read;          /* the end: write, read (a FIFO opened O_RDWR: both) */
	int64_t from, to;          /* to: when it went (the log end when still open) */
	ptv_fd_how how;
	int dup_of;                /* PTV_FD_DUP: the fd it copies (-1 otherwise) */
	ptv_dup_via dup_via;       /* PTV_FD_DUP: the call */
	ptv_fd_gone gone;
	int exec_index;            /* the process's exec when it got the fd (-1 before any) */
} ptv_fd_use;

typedef struct ptv_ipc {
	int id;
	ptv_ipc_kind kind;
	uint64_t ino;              /* pipe/FIFO inode, file inode for SHM */
	const char *path;          /* FIFO path, SHM backing file; NULL for pipes and anonymous SHM */
	const char *region;        /* SHM region id */
	bool anon;
	int creator;               /* process that created it (pipe/mkfifo/mmap), -1 unknown */
	int64_t t_created;
	const ptv_holder *holders;
	int nholders;
	bool nonblock;             /* some end was made O_NONBLOCK */
	const ptv_ipc_link *links; /* pipes and FIFOs: writer → reader pairs, in holder order */
	int nlinks;
	const ptv_fd_use *fds;     /* pipes and FIFOs: every fd that named one of its ends */
	int nfds;
	/* Pipes and FIFOs: when the last read end was closed while a write end stayed open after
	 * that instant (a writer left with no reader: its writes raise SIGPIPE), -1 never. A reader
	 * that opens a FIFO again clears it. */
	int64_t t_no_reader;
	/* Shared regions: the first mapping's length, protection ("rw-"), and the MAP_* flags
	 * recorded (e.g. "MAP_SHARED"); 0 / NULL when unknown. */
	uint64_t map_len;
	const char *prot;
	const char *map_flags;
} ptv_ipc;

typedef struct ptv_signal {
	int64_t t;
	int sender;                /* process index, -1 when unknown or outside */
	pid_t sender_pid;          /* 0 unknown */
	int receiver;
	int signo;
	const char *name;
	const char *code;
	bool is_kill;              /* a kill() sent (sender's view) rather than a delivery */
	int ipc;                   /* for SIGPIPE: the pipe's ipc index, -1 otherwise */
	pid_t receiver_pid;        /* delivery: the receiver; kill: the call's pid argument as given (<= 0: groups) */
	ptv_kill_via via;          /* kill: the call that sent it (valid when is_kill) */
	int fd;                    /* SIGPIPE: the fd written to, -1 otherwise */
} ptv_signal;

/* Output of a process: the first bytes written to fd 1/2 (recorded up to the header's
 * output_max per process, or with --io). */
typedef struct ptv_output {
	int64_t t;
	int proc;
	int fd;
	const char *data;
	bool cut;                  /* the process reached output_max here: what follows is not recorded */
} ptv_output;

typedef struct ptv_header {
	int version;
	pid_t root;
	pid_t tracer_pid;
	ptv_mode mode;             /* launch, attach */
	const char *const *argv;
	int argc;
	int64_t start_unix_ns;
	const char *kernel;
	bool io, stacks, subreaper;
	const char *hostname;
	bool seccomp;
	int64_t output_max;        /* output recorded per process; 0 off, -1 not said (older logs) */
} ptv_header;

/* Load a log file ("-" for stdin). Returns 0, or -1 with diag->error set. Warnings (a log cut
 * short) do not fail the load; they are counted in diag. */
int ptv_model_load(ptv_model **out, const char *path, ptv_diag *diag);

/* Same, from a memory buffer holding the whole log (name is used in messages). */
int ptv_model_load_buffer(ptv_model **out, const char *name, const char *buf, size_t len, ptv_diag *diag);

/* Same, for a log cut on purpose at some moment (its first events: a --steps frame): no warning
 * that it has no end, and a zombie whose parent still runs at that moment is not leaked (not
 * reaped yet). */
int ptv_model_load_moment(ptv_model **out, const char *name, const char *buf, size_t len,
                          ptv_diag *diag);

void ptv_model_free(ptv_model *m);

const ptv_header *ptv_model_header(const ptv_model *m);
int64_t ptv_model_end(const ptv_model *m);            /* time of the last event */
bool ptv_model_complete(const ptv_model *m);          /* ended with an "end" record */
int ptv_model_exit_status(const ptv_model *m);        /* end record's status, -1 if none */
int ptv_model_end_reason(const ptv_model *m);         /* end record's ptv_end_reason, -1 if none */

int ptv_model_nprocesses(const ptv_model *m);
const ptv_process *ptv_model_process(const ptv_model *m, int index);
int ptv_model_root(const ptv_model *m);               /* index of the root process, -1 if none */
/* The most recent process record with this pid (pids are reused), -1 if none. */
int ptv_model_find_pid(const ptv_model *m, pid_t pid);

/* The processes in the order the views draw them: depth first from the root (then from every
 * other process without a parent in the trace, by index), children in index (creation) order,
 * so that a parent comes just before its subtree. up[i] is i's parent in that tree (-1 for a
 * root); a process a damaged log left unreachable (a cycle of parents) is a root of its own.
 * order and up hold ptv_model_nprocesses entries. Returns 0, or -1 when out of memory. */
int ptv_model_tree_order(const ptv_model *m, int *order, int *up);

/* Words for ptv_fd_how and ptv_fd_gone ("inherited", "closed", "replaced by dup2"...). */
const char *ptv_fd_how_name(ptv_fd_how h);
const char *ptv_fd_gone_name(ptv_fd_gone g);

int ptv_model_nipc(const ptv_model *m);
const ptv_ipc *ptv_model_ipc(const ptv_model *m, int index);

int ptv_model_nsignals(const ptv_model *m);
const ptv_signal *ptv_model_signal(const ptv_model *m, int index);

int ptv_model_noutputs(const ptv_model *m);
const ptv_output *ptv_model_output(const ptv_model *m, int index);

/* How p came to be, as one word: its fork_via's name ("fork", "vfork", "clone", "clone3"), else
 * its origin's ("root", "attach", "unknown"). */
const char *ptv_process_via(const ptv_process *p);

/* "running", "blocked", "stopped", "zombie": the log's names for the states ("?" out of range). */
const char *ptv_state_name(ptv_state s);

/* Whether a reap via v is done by a process of the trace (wait4, waitid, auto: reaper is its
 * index), as opposed to init, a subreaper or ptviz outside it. */
bool ptv_reap_in_trace(ptv_reap_via v);

/* The part a holder plays in a pipe or FIFO's traffic. */
typedef enum ptv_role {
	PTV_ROLE_NONE,
	PTV_ROLE_WRITER,
	PTV_ROLE_READER,
} ptv_role;

/* Who talks through pipe or FIFO o: fills role[0..o->nholders-1]. The model pairs the writers
 * with the readers once, into o->links; views read those. Only holders of one end play
 * a part (a process holding both ends is plumbing, or one of the many holders of make's
 * jobserver pipe). Of those, the narrowest tier that has both a writer and a reader wins:
 * with --io, the holders that moved bytes; then the holders that exec'd a program while
 * holding the end (ps and grep, not the shell or the fork children setting them up); then
 * every one-end holder (fork_loop's children holding the write end their parent reads).
 * Returns the number of holders given a part (0 when no writer/reader pair exists). */
int ptv_ipc_roles(const ptv_model *m, const ptv_ipc *o, ptv_role *role);

/* The last component of a path ("ls" of "/bin/ls"; a path ending in "/" is kept whole), or NULL
 * for NULL or "". */
const char *ptv_basename(const char *path);

/* The name a user knows an exec'd program by: argv[0]'s basename ("cc"), else the executable's
 * ("x86_64-linux-gnu-gcc-12"); "?" when the log has neither. */
const char *ptv_exec_name(const ptv_exec *e);
/* The program a process was running at time t (last exec at or before t; the parent's before any). */
const char *ptv_process_program(const ptv_model *m, const ptv_process *p, int64_t t);
/* The parent's pid at time t: the birth parent, or the adopter once the process was orphaned
 * (only the last adoption is kept). */
pid_t ptv_process_ppid_at(const ptv_process *p, int64_t t);
/* p's zombie time (zombie_ns) in two parts: *under_parent while its birth parent was still alive
 * to wait for it, *awaiting_adopter after it was orphaned, until its adopter (init, a subreaper)
 * reaped it or the log ended. The split is the adoption, or the parent's death when that is
 * known earlier (the adoption can be recorded late: at the adopter's wait). Not orphaned: all of
 * it is under the parent. Both 0 for a process that is no zombie. */
void ptv_process_zombie_split(const ptv_model *m, const ptv_process *p, int64_t *under_parent,
                              int64_t *awaiting_adopter);
/* Innermost frame of the program's own code in a stack, or NULL: the innermost frame with a
 * function name outside libc/ld.so/libpthread; else one with file:line outside them; else (a
 * stripped program) the innermost frame outside them, which has only obj and pc; else the first
 * frame with file:line. */
const ptv_frame *ptv_stack_call_site(const ptv_stack *s);
/* The libc function the program called, from a blocked state's stack (model_call.c): the
 * outermost libc frame's public name ("usleep", "system", "read"; wait4 → "waitpid": wait()
 * and waitpid() cannot be told apart), or NULL when the stack has no such frame. Points into s
 * or into a static table. */
const char *ptv_stack_called(const ptv_stack *s);

/* ---- exact states from the scheduler (issue #14; docs/event-log.md "sched") ----------------
 * With "sched":"perf" in the header, every thread's scheduler segments (on a CPU, ready, asleep,
 * held by ptviz, unknown) are merged into its process (on a CPU if any thread is, else ready if
 * any is, else unknown, else ptviz, else asleep) and given their meaning by ptrace's intervals:
 * asleep inside `blocked on X` is blocked in X; asleep inside `running` is blocked in a call
 * ptviz does not stop at (named by a sched_wait event when there is one, else on = NULL:
 * "asleep"); stopped and zombie come from ptrace alone. Time held in ptviz's own stops is drawn
 * as the state it interrupted and counted in ns[PTV_CPU_PTVIZ]. */
typedef enum ptv_cpu {
	PTV_CPU_ON,                /* on a CPU */
	PTV_CPU_READY,             /* runnable, waiting for a CPU */
	PTV_CPU_ASLEEP,            /* off the CPU, not runnable */
	PTV_CPU_PTVIZ,             /* held in a ptrace stop by ptviz itself */
	PTV_CPU_UNKNOWN,           /* scheduler records lost */
	PTV_CPU_COUNT
} ptv_cpu;

typedef struct ptv_span {
	int64_t start, end;
	ptv_state state;           /* running (on a CPU or ready), blocked, stopped, zombie */
	bool ready;                /* running, but waiting for a CPU (the records say so here) */
	bool unknown;              /* records lost: state is ptrace's guess */
	bool exact;                /* from scheduler records; false: ptrace's interval alone */
	const char *on;            /* blocked: the call (ptrace's, or a sched_wait's syscall name);
	                              NULL: asleep in a call nobody named. stopped: the signal. */
	const char *call;          /* blocked in ptrace's call, with -k: the libc function (see
	                              ptv_interval.call), or NULL */
	int64_t ns[PTV_CPU_COUNT]; /* exact time per scheduler state inside (all 0 when !exact) */
} ptv_span;

/* A window where the kernel dropped scheduler records (sched_lost). */
typedef struct ptv_sched_lost {
	int64_t from, to;
	int cpu;
	int64_t lost;
} ptv_sched_lost;

/* Whether the log carries exact states ("sched":"perf"), and, when not, why (the header's
 * sched_reason, or NULL for a log written before scheduler records existed). */
bool ptv_model_sched_exact(const ptv_model *m);
const char *ptv_model_sched_reason(const ptv_model *m);
int ptv_model_nsched_lost(const ptv_model *m);
const ptv_sched_lost *ptv_model_sched_lost(const ptv_model *m, int index);

/* ---- outcomes of calls (wait family returns; with --io: EAGAIN, EOF, EPIPE; O_NONBLOCK set) --- */
typedef enum ptv_outcome_kind {
	PTV_OUTCOME_WAIT_PID,      /* a wait returned a child (status in `what`: "exited 0", "killed SIGKILL", …) */
	PTV_OUTCOME_WAIT_EMPTY,    /* WNOHANG: nothing to reap (returned 0) */
	PTV_OUTCOME_WAIT_ERROR,    /* returned -1: what = the errno ("ECHILD", "EINTR") */
	PTV_OUTCOME_IO_ERROR,      /* a read/write failed: what = the errno ("EAGAIN", "EPIPE") */
	PTV_OUTCOME_EOF,           /* a read returned 0: end of file */
	PTV_OUTCOME_NONBLOCK,      /* O_NONBLOCK set on a pipe/FIFO end (fcntl) */
	PTV_OUTCOME_COUNT
} ptv_outcome_kind;

typedef struct ptv_outcome {
	int64_t t;
	int proc;                  /* process index */
	ptv_outcome_kind kind;
	const char *call;          /* the syscall ("wait4", "waitid", "read", "write", "fcntl") */
	const char *what;          /* errno name, status words, or NULL */
	const char *options;       /* wait: "WNOHANG|…" or NULL */
	const char *who;           /* wait: "any", "pid N", … or NULL */
	int child;                 /* WAIT_PID: the child's process index, -1 unknown */
	int fd;                    /* io/fcntl: the descriptor, -1 otherwise */
	int ipc;                   /* io/fcntl: the pipe's ipc index, -1 unknown */
} ptv_outcome;

int ptv_model_noutcomes(const ptv_model *m);
const ptv_outcome *ptv_model_outcome(const ptv_model *m, int index);

/* One read or write on a pipe or FIFO (--io), in log order: the timeline's data arrows. */
typedef struct ptv_transfer {
	int64_t t;
	int proc;
	int ipc;
	bool write;
	int64_t bytes;
} ptv_transfer;

int ptv_model_ntransfers(const ptv_model *m);
const ptv_transfer *ptv_model_transfer(const ptv_model *m, int index);

#ifdef __cplusplus
}
#endif
#endif
