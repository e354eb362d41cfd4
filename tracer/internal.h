/* internal.h — the tracer's state, shared by the files of tracer/ (not a public header).
 *
 * Two tables: processes (by tgid) and threads (by tid). A process record lives from its creation
 * (or attach) until it is reaped; a thread record lives while the thread is traced. */
#ifndef PTVIZ_TRACER_INTERNAL_H
#define PTVIZ_TRACER_INTERNAL_H

#include "fdtrack.h"
#include "privs.h"
#include "shmap.h"
#include "signals.h"
#include "stacks.h"
#include "syscalls.h"
#include "writer.h"

#include <ptviz/tracer.h>

#include <linux/filter.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum pstate { PS_RUNNING, PS_BLOCKED, PS_STOPPED, PS_ZOMBIE };

struct proc {
	pid_t pid;
	pid_t parent;        /* real parent (tgid); the tracer's pid for the root and adopted orphans */
	unsigned long long starttime;  /* /proc/PID/stat field 22, to tell a reused pid apart */
	enum pstate state;
	int threads;         /* thread records of this process */
	int live;            /* of those, threads that have not reported PTRACE_EVENT_EXIT */
	bool announced;      /* its fork/attach event is written */
	bool exit_logged;    /* its exit event is written */
	bool dead;           /* death report seen: a zombie until reaped */
	bool outside_reaper; /* its reaper is not traced: poll /proc until it vanishes once dead */
	pid_t adopter;       /* who reaps it when outside_reaper */
	bool sigchld_ign;    /* SIGCHLD is SIG_IGN: its children are auto-reaped */
	bool nocldwait;      /* SA_NOCLDWAIT on SIGCHLD: same */
	bool sigchld_caught; /* SIGCHLD has a handler: its deliveries are worth recording */
	bool sigchld_known;  /* the two above were followed from a known start (launch, not attach) */
	bool vfork_wait;     /* blocked in vfork until its child execs or exits */
	pid_t vfork_parent;  /* a vfork child: the parent that waits for its exec or exit, else 0 */
	pid_t fork_in_flight; /* killed inside fork/clone: the child that call made (its fork event
	                       * never comes), read from the registers at the exit stop; else 0 */
	bool retired;         /* reaped, kept (out of the pid hash) until fork_in_flight's child shows */
	struct fdtab fds;
	struct shmtab shm;
	struct proc *next, *prev;   /* list of all process records */
	struct proc *hnext;         /* hash chain */
};

struct thread {
	pid_t tid;
	struct proc *proc;
	bool pending;        /* first stop held until the creator's fork/clone event links it */
	bool pending_thread; /* provisional record is a thread (Tgid != tid) */
	bool listening;      /* restarted with PTRACE_LISTEN in a group-stop */
	bool in_syscall;     /* inside a trapped syscall: restart with PTRACE_SYSCALL */
	bool entry_seen;     /* the entry (or seccomp) stop of the current call was seen */
	bool blocked;        /* this thread made its process `blocked` */
	bool exit_seen;      /* PTRACE_EVENT_EXIT seen */
	bool detaching;      /* PTRACE_INTERRUPT sent, detach at next stop */
	/* The syscall in progress (from its entry or seccomp stop). */
	const struct sc_info *sc;
	unsigned long long args[6];
	/* Per-call scratch for exit decoding. */
	bool fifo_open;
	unsigned long fifo_ino;
	char *path;          /* owned */
	cJSON *exec_stack;   /* -k: stack taken at execve entry, for the exec event (owned) */
	bool exec_stack_err;
	struct thread *hnext;
};

#define PTV_HASH_SIZE 4096

struct ptv_tracer {
	ptv_tracer_opts opts;     /* argv and debug are borrowed from the caller */
	struct writer *w;
	struct stacks *stacks;    /* -k, NULL without */
	struct thread *cur;       /* the thread whose syscall stop is being decoded, else NULL */
	pid_t self;
	pid_t root;
	bool attach;
	bool use_seccomp;
	bool late_fifos;          /* the filter lets some opens pass: learn their FIFOs later */
	struct sock_fprog filter;

	struct proc *procs;       /* list head */
	struct proc *phash[PTV_HASH_SIZE];
	struct thread *thash[PTV_HASH_SIZE];
	int nthreads;             /* thread records */
	int npending;             /* of those, held in their first stop (thread->pending) */
	int nprocs_alive;         /* process records not dead */
	int nwatch;               /* dead records with an outside reaper */
	int processes_seen;

	int sigfd;                /* signalfd for the signals ptviz takes while tracing (signals.c) */
	struct sigstate sig;      /* the inherited mask and dispositions; Ctrl-C count */
	struct privs privs;       /* setuid programs that ran unelevated, warned about once each */
	int stop_pipe[2];         /* request_stop writes here */
	int err_pipe;             /* launch: exec failure report (read end), -1 after */
	volatile sig_atomic_t stop_requested;
	bool stopping;            /* kill or detach in progress */
	bool detaching;
	bool time_up;

	bool root_execd;
	bool log_committed;       /* the log is under its name: tracing has begun */
	bool root_done;
	int root_status;          /* ptviz's exit status */
	const char *end_reason;
	int exec_errno;
	int64_t tree_end_t;       /* when the last tracee went away (grace for outside reapers) */
	int64_t last_progress;
	bool suspend_pending;     /* Ctrl-Z reached ptviz: stop once the tracees have stopped */
	int64_t last_event_t;     /* when the last tracee stop was handled */
};

/* tracee.c: the tables. */
struct proc *tracee_proc_get(struct ptv_tracer *tr, pid_t pid);
struct thread *tracee_thread_get(struct ptv_tracer *tr, pid_t tid);
struct proc *tracee_proc_new(struct ptv_tracer *tr, pid_t pid, pid_t parent);
struct thread *tracee_thread_new(struct ptv_tracer *tr, struct proc *p, pid_t tid);
void tracee_thread_free(struct ptv_tracer *tr, struct thread *t);
void tracee_thread_rename(struct ptv_tracer *tr, struct thread *t, pid_t newtid);
void tracee_proc_free(struct ptv_tracer *tr, struct proc *p);
/* A reaped process whose fork_in_flight child is not seen yet: out of the pid hash (the pid may be
 * reused), still on the list for tracee_dead_creator(). */
void tracee_proc_retire(struct ptv_tracer *tr, struct proc *p);
void tracee_free_all(struct ptv_tracer *tr);
/* Restart a stopped thread the right way (PTRACE_SYSCALL inside a trapped call or without the
 * filter, else PTRACE_CONT), delivering sig. A vanished tracee (ESRCH) is not an error. */
void tracee_resume(struct ptv_tracer *tr, struct thread *t, int sig);
/* Emit a `state` event with schedstat figures and set p->state. */
void tracee_set_state(struct ptv_tracer *tr, struct proc *p, enum pstate st, const char *on,
                      int sig);
/* Debug output (no-op without --debug). */
void tracee_debug(struct ptv_tracer *tr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* -k: add the stack of the thread at the current syscall stop (tr->cur) to o. */
void tracee_stack(struct ptv_tracer *tr, cJSON *o);
/* "SIGTERM"-style name. */
const char *tracee_signame(int sig, char *buf, size_t size);

/* events.c: ptrace stops → lifecycle events. */
void tracee_on_new_stop(struct ptv_tracer *tr, pid_t tid, int status);
void tracee_on_fork(struct ptv_tracer *tr, struct thread *t, int kind);
void tracee_on_exec(struct ptv_tracer *tr, pid_t tid);
void tracee_on_exit(struct ptv_tracer *tr, struct thread *t);
void tracee_on_death(struct ptv_tracer *tr, struct thread *t, int status);
void tracee_on_group_stop(struct ptv_tracer *tr, struct thread *t, int sig);
void tracee_on_trap(struct ptv_tracer *tr, struct thread *t);
void tracee_on_signal(struct ptv_tracer *tr, struct thread *t, int sig);
/* Link held children of p whose creator's event will never come (p NULL: every held one). */
void tracee_release_pending(struct ptv_tracer *tr, struct proc *p);
/* Add "path" (/proc/PID/exe) and "argv" (/proc/PID/cmdline, bounded) to o. */
void tracee_add_image(cJSON *o, pid_t pid);

/* reap.c: who collects a zombie. */
void reap_emit(struct ptv_tracer *tr, pid_t reaper, struct proc *child, const char *via, int status);
void reap_on_death(struct ptv_tracer *tr, struct proc *p, int status);
void reap_orphans_of(struct ptv_tracer *tr, struct proc *dead);
void reap_poll_outside(struct ptv_tracer *tr);
/* A second wait report for an already dead record: ptviz was its reaper (subreaper). */
bool reap_on_tracer_wait(struct ptv_tracer *tr, pid_t pid, int status);

/* sysevents.c: syscall stops → events. */
void sysev_on_stop(struct ptv_tracer *tr, struct thread *t, bool seccomp);

/* launch.c / attach.c */
int launch_start(struct ptv_tracer *tr, char *err, size_t errlen);
/* After the root died without exec: the reason it reported (negative PTV_ERR_*), or 0. */
int launch_failure(struct ptv_tracer *tr, char *err, size_t errlen);
int attach_start(struct ptv_tracer *tr, char *err, size_t errlen);
void attach_detach_all(struct ptv_tracer *tr);
void attach_detach_thread(struct ptv_tracer *tr, struct thread *t, int sig);

#endif
