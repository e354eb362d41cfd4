/* model_priv.h — the model's private state while replaying a log and after it.
 *
 * Replay works on indices (processes and IPC objects live in growable arrays that move); the public
 * pointers inside ptv_process / ptv_ipc are filled in once, by model_finish, when nothing moves
 * any more.
 */
#ifndef PTVIZ_MODEL_PRIV_H
#define PTVIZ_MODEL_PRIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "ptviz/model.h"
#include "hmap.h"
#include "vec.h"

/* ---- model_arena.c: bump allocator for everything the model hands out ---- */
typedef struct model_arena_chunk model_arena_chunk;
typedef struct model_arena {
	model_arena_chunk *head;
} model_arena;

void *model_arena_alloc(model_arena *a, size_t size);       /* zeroed; NULL on OOM */
const char *model_arena_strdup(model_arena *a, const char *s); /* NULL in, NULL out */
void model_arena_free(model_arena *a);

/* ---- per-process state ---- */
typedef struct model_fd {            /* a tracked pipe/FIFO end in a process's fd table */
	int fd;
	int ipc;
	bool write;                      /* which end: write (else read) */
	bool read_too;                   /* FIFO opened O_RDWR */
	bool cloexec;                    /* closed by exec (pipe2 O_CLOEXEC) */
	int use;                         /* its ptv_fd_use in the ipc's fdu (set by model_fdu_open) */
	ptv_fd_how how;                  /* for that record: how it came */
	int dup_of;                      /* PTV_FD_DUP: the fd copied */
	ptv_dup_via dup_via;
} model_fd;

typedef struct model_map_ent {       /* a shared mapping in the process */
	uint64_t addr;
	int ipc;
	bool read, write;
} model_map_ent;

typedef struct model_held {          /* what this process holds of one object, counted */
	int ipc;
	int fd_r, fd_w;                  /* fds that give read / write access to it */
	int map_r, map_w;                /* mappings of it readable (or PROT_NONE) / writable */
	int holder;                      /* the open holder record (index into the ipc's), -1 none */
} model_held;

typedef struct model_tseg {          /* one scheduler segment of one thread (a sched event) */
	int64_t start, end;
	pid_t tid;
	ptv_cpu cpu;                     /* the state it is drawn in */
	int64_t ns[PTV_CPU_COUNT];       /* exact time per state inside */
} model_tseg;

typedef struct model_swait {         /* a sched_wait: the call an asleep thread was in */
	int64_t since;
	const char *call;
} model_swait;

typedef struct model_proc {
	ptv_process pub;
	int *children;
	int ccap;
	ptv_exec *execs;
	int ecap;
	ptv_interval *iv;
	int icap;
	/* Each change to the fd table or the mappings costs O(1) (issue #18: a fork of a process
	 * holding thousands of ends was quadratic in them): fds and held objects are found through
	 * hash maps (-1 = no longer there; hmap has no delete), and what a process holds of an object
	 * is counted, not recomputed from the whole table. */
	model_fd *fds;
	int nfds, fcap;
	hmap fdix;                       /* fd -> index in fds, -1 when gone */
	model_map_ent *maps;
	int nmaps, mcap;
	model_held *held;
	int nheld, hcap;
	hmap heldix;                     /* ipc -> index in held, -1 when gone */

	/* the state interval in progress */
	bool st_open;                    /* an interval is in progress (not after reap/detach) */
	ptv_state st;
	const char *st_on;
	const char *st_call;     /* the open interval's ptv_interval.call */
	int64_t st_start;
	int64_t st_cpu, st_runq;         /* schedstat figures at st_start, -1 unknown */
	const char *inherited;           /* program before its first exec (its parent's at the fork); set by finish */
	bool gone;                       /* reaped or detached: a new fork of this pid is a new process */

	/* scheduler records (model_sched.c), merged into pub.spans by model_sched_finish */
	struct model_tseg *tsegs;        /* every thread's segments, per thread in order */
	int ntsegs, tscap;
	int64_t tsegs_final;             /* the latest end of a thread's last records ("end":true) */
	struct model_swait *swaits;      /* sched_wait: what an asleep thread was in */
	int nswaits, swcap;
	ptv_span *spans;
	int nspans, spcap;
} model_proc;

typedef struct model_ipc {
	ptv_ipc pub;
	ptv_holder *holders;
	unsigned char *hflags;           /* MODEL_HOLD_* per holder */
	int hcap, hfcap;
	bool done;                       /* pipe with no holder left: its inode may be reused */
	ptv_fd_use *fdu;                 /* every fd that named an end (model_ipc_fds.c) */
	int nfdu, fducap;
	int nr_open, nw_open;            /* fds open now on the read / write end, all processes */
} model_ipc;

enum { MODEL_HOLD_FROM_EXEC = 1, MODEL_HOLD_DEAD = 2 };

struct ptv_model {
	model_arena arena;
	ptv_header hdr;
	model_proc *procs;
	int nprocs, pcap;
	model_ipc *ipcs;
	int nipcs, ipcap;
	ptv_signal *sigs;
	int nsigs, scap;
	ptv_output *outs;
	int nouts, ocap;
	hmap pids;                       /* pid -> latest process index */
	hmap inos;                       /* pipe/FIFO inode -> latest ipc index */
	hmap fifos;                      /* FIFO path -> ipc index */
	hmap regions;                    /* SHM region -> ipc index */
	hmap strs;                       /* interned short strings (call names, states, signals) */
	int root;
	int64_t t_end;                   /* time of the last event */
	bool complete;
	bool moment;           /* loaded up to a moment on purpose (ptv_model_load_moment) */
	int exit_status;
	int end_reason;                  /* ptv_end_reason, -1 when none */
	hmap types;                      /* event type name -> ptv_ev */

	/* while loading */
	ptv_diag *diag;
	const char *name;
	int line;
	int64_t t;                       /* time of the event being replayed */
	bool bad_time_warned;

	/* exact states and outcomes (model_sched.c, model_outcome.c) */
	bool sched_exact;                /* header "sched":"perf" */
	const char *sched_reason;        /* header sched_reason */
	ptv_sched_lost *lost;
	int nlost, lcap;
	ptv_outcome *outcomes;
	int noutcomes, outcap;
	ptv_transfer *xfers;
	int nxfers, xcap;
};

/* ---- model.c ---- */
void model_warn(ptv_model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void model_error(ptv_model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int model_proc_new(ptv_model *m, pid_t pid);                  /* index or -1 (OOM, error set) */
/* Process index for an event about pid; creates a provisional record for an unknown pid. */
int model_proc_lookup(ptv_model *m, pid_t pid);
/* The model's copy of s, shared between equal strings (for the few distinct names). */
const char *model_intern(ptv_model *m, const char *s);
/* Whether obj (a mapped file) is libc, the dynamic loader or libpthread. */
bool model_is_libc(const char *obj);
/* A JSON array of strings as a model-owned argv (non-strings become ""). */
const char *const *model_argv(ptv_model *m, const cJSON *ev, const char *key, int *argc);
const ptv_stack *model_stack_parse(ptv_model *m, const cJSON *ev, ptv_stack *out);

/* ---- model_event.c: one event dispatched by its type, and the fields every handler reads ---- */
/* Handles one event of the type its table row names; 0, or -1 with the error set. */
typedef int (*model_handler)(ptv_model *m, const cJSON *ev, pid_t pid);
int model_event_replay(ptv_model *m, const cJSON *ev);        /* 0, or -1 with the error set */
/* Pid field: 1 = ok, 0 = absent, -1 = bad (error set when required), -2 = not a pid (warned:
 * the event is skipped). */
int model_get_pid(ptv_model *m, const cJSON *ev, const char *type, const char *key, bool required,
                  pid_t *out);
/* A word of the log's vocabulary (ptviz/log.h): the index of field key of ev in names[0..n),
 * dflt when absent; a word not in names is warned about and taken as dflt. */
int model_get_word(ptv_model *m, const cJSON *ev, const char *key, const char *const *names, int n,
                   int dflt);

/* ---- model_replay.c: the header and the lifecycle events ---- */
int model_replay_header(ptv_model *m, const cJSON *ev);
int model_ev_fork(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_exec(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_exit(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_state(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_reap(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_reparent(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_attach(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_detach(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_thread(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_setsid(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_setpgid(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_end(ptv_model *m, const cJSON *ev, pid_t pid);
/* Close the interval in progress at t and open `st` (cpu/runq: figures at t, -1 unknown). */
int model_state_switch(ptv_model *m, int pi, ptv_state st, const char *on, int64_t cpu, int64_t runq);
/* Close the interval in progress at t; none is open afterwards. */
int model_state_close(ptv_model *m, int pi, int64_t cpu, int64_t runq);

/* ---- model_fds.c: attach mode's snapshots of a process's ends ---- */
int model_ev_fds(ptv_model *m, const cJSON *ev, pid_t pid);

/* ---- model_ipc.c: the pipe/FIFO/SHM and io events ---- */
int model_ev_pipe(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_fifo(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_open(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_dup(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_close(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_fcntl(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_mmap(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_munmap(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_io(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ipc_new(ptv_model *m, ptv_ipc_kind kind, int creator);  /* index or -1 (model_ipc.c) */

/* ---- model_hold.c: fd tables, mappings, holders; every change O(1) ---- */
model_fd *model_fd_find(model_proc *p, int fd);               /* a tracked fd of p, or NULL */
int model_fd_add(ptv_model *m, int pi, model_fd nf);          /* replaces an fd of that number */
int model_fd_remove(ptv_model *m, int pi, int fd, ptv_fd_gone gone); /* how it went; an untracked fd is fine */
int model_map_add(ptv_model *m, int pi, model_map_ent e);
int model_map_remove_at(ptv_model *m, int pi, int i);         /* the last mapping moves to i */
int model_ipc_fork(ptv_model *m, int creator, int child);     /* child inherits the creator's ends */
int model_ipc_exec(ptv_model *m, int pi);                     /* cloexec ends close, holders split */
void model_ipc_exit(ptv_model *m, int pi);                    /* everything the process held ends */
void model_ipc_finish(ptv_model *m);                          /* close what is open at log end */
void model_hold_bytes(ptv_model *m, int pi, int ii, int64_t bytes);  /* io through pi's holder */
int model_get_fd(const cJSON *ev, const char *key);           /* an fd field, -1 when absent or nonsense */

/* ---- model_ipc_fds.c: one ptv_fd_use per fd lifetime, and when a pipe lost its last reader ---- */
int model_fdu_open(ptv_model *m, int pi, model_fd *f);        /* sets f->use; 0 or -1 (OOM) */
void model_fdu_close(ptv_model *m, const model_fd *f, ptv_fd_gone gone);
void model_fdu_finish(ptv_model *m);                          /* public pointers */

/* ---- model_links.c ---- */
int model_links_finish(ptv_model *m);                         /* every pipe's and FIFO's links; 0 or -1 */

/* ---- model_sched.c: scheduler records → exact spans; model_outcome.c: call outcomes ---- */
void model_sched_header(ptv_model *m, const cJSON *hdr);
int model_ev_sched(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_sched_lost(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_sched_wait(ptv_model *m, const cJSON *ev, pid_t pid);
int model_sched_finish(ptv_model *m);                        /* every process's spans; 0 or -1 */
void model_sched_free(ptv_model *m);
int model_outcome_io(ptv_model *m, const cJSON *ev, pid_t pid);    /* io: errors, EOF, transfers */
int model_outcome_fcntl(ptv_model *m, const cJSON *ev, pid_t pid); /* O_NONBLOCK set */
int model_outcome_wait(ptv_model *m, const cJSON *ev, pid_t pid);  /* the wait event */

/* ---- model_signal.c ---- */
int model_ev_signal(ptv_model *m, const cJSON *ev, pid_t pid);
int model_ev_kill(ptv_model *m, const cJSON *ev, pid_t pid);

#endif
