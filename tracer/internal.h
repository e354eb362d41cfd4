/* internal.h — the tracer's state, shared by the files of tracer/ (not a public header).
 *
 * Two tables: processes (by tgid) and threads (by tid). A process record lives from its creation
 * (or attach) until it is reaped; a thread record lives while the thread is traced. */
#ifndef PTVIZ_TRACER_INTERNAL_H
#define PTVIZ_TRACER_INTERNAL_H

#include "emit.h"
#include "facts.h"
#include "fdtrack.h"
#include "privs.h"
#include "procfs.h"
#include "schedlog.h"
#include "shmap.h"
#include "signals.h"
#include "stacks.h"
#include "stopstats.h"
#include "syscalls.h"
#include "writer.h"

#include <ptviz/log.h>
#include <ptviz/tracer.h>

#include <linux/filter.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct proc {
	pid_t pid;
	pid_t parent;        /* real parent (tgid); the tracer's pid for the root and adopted orphans */
	unsigned long long starttime;  /* /proc/PID/stat field 22, to tell a reused pid apart */
	ptv_state state;
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
	/* A record was made, linked or reparented with it as parent. Launch mode makes a child's
	 * record after its parent's, so without this it has no children: no orphan walk over every
	 * record at its death (5,000 children exiting at once made that walk quadratic). */
	bool had_children;
	bool retired;         /* reaped, kept (out of the pid hash) until fork_in_flight's child shows */
	int exit_status;      /* the wait status it ended with, once exit_logged */
	/* Its pid in each pid namespace from ptviz's down to its own (pidns.c), read when needed:
	 * nnspid 0 = not read yet; 1 = in ptviz's namespace. */
	int nnspid;
	pid_t nspid[PROCFS_NSPID_MAX];
	long out_bytes;       /* bytes of its fd 1/2 output recorded (output.c), up to output_max */
	int sched_fd;         /* its /proc/PID/schedstat kept open (tracee_sched), -1 when not */
	struct fdtab fds;
	struct shmtab shm;
	uint64_t fds_sig;     /* attach events mode: the hash of its last `fds` snapshot */
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
	const char *blocked_on; /* what in (state.on), while blocked */
	/* The call t->sc was interrupted by a signal (its exit stop returned restart_ret, an
	 * -ERESTART* code) and has not returned yet: the kernel resumes it after the signal, by
	 * the same number or through restart_syscall, unless a handler runs (sysevents.c). */
	bool restarting;
	long restart_ret;
	bool exit_seen;      /* PTRACE_EVENT_EXIT seen */
	/* Whether its ptrace options hold PTRACE_O_TRACEEXIT (opts_known: as set by ptviz; a new
	 * thread has its creator's options, whatever they were then). tracee_resume makes them what
	 * tracee_wants_exit_stop says. */
	bool opts_exit, opts_known;
	bool detaching;      /* PTRACE_INTERRUPT sent, detach at next stop */
	uint64_t waited_since; /* the asleep interval a sched_wait was written for (schedlog.c) */
	/* The syscall in progress (from its entry or seccomp stop). */
	const struct sc_info *sc;
	unsigned long long args[6];
	/* Per-call scratch for exit decoding. */
	bool fifo_open;      /* the open in progress is of a FIFO: */
	unsigned long fifo_ino;
	int fifo_flags;
	char *path;          /* owned */
	bool have_exec_stack;
	struct stack exec_stack;   /* -k: taken at execve entry, for the exec event (owned) */
	struct thread *hnext;
};

#define PTV_HASH_SIZE 4096

struct ptv_tracer {
	ptv_tracer_opts opts;     /* argv and debug are borrowed from the caller */
	struct writer *w;
	struct stacks *stacks;    /* -k, NULL without */
	struct emit *em;          /* builds every record; writes through w */
	const struct procfs_ops *pfs;  /* /proc as the bookkeeping sees it (tests replace it) */
	struct facts facts;       /* what the bookkeeping found, until tracee_emit_facts */
	pid_t self;
	pid_t root;
	bool attach;
	bool use_seccomp;
	bool events_only;         /* attach without --exact: ptrace events only, no syscall stops */
	struct attev *attev;      /* its state (attach_events.c); NULL otherwise */
	bool late_fifos;          /* the filter lets some opens pass: learn their FIFOs later */
	/* Every tracee stops at its exit (PTRACE_O_TRACEEXIT): in attach mode, with -k, and while
	 * some opens pass the filter untrapped (late_fifos). Otherwise only processes that have had
	 * children do (tracee_wants_exit_stop). */
	bool exit_stops;
	long ptrace_opts;         /* the options of launch mode, without PTRACE_O_TRACEEXIT */
	struct sock_fprog filter;

	struct proc *procs;       /* list head */
	struct proc *phash[PTV_HASH_SIZE];
	struct thread *thash[PTV_HASH_SIZE];
	int nthreads;             /* thread records */
	int npending;             /* of those, held in their first stop (thread->pending) */
	int nflight;              /* process records with a fork_in_flight */
	int nprocs_alive;         /* process records not dead */
	int nwatch;               /* dead records with an outside reaper */
	int processes_seen;
	int nsched_fds;           /* schedstat files kept open (at most TRACEE_SCHED_FDS) */

	struct schedlog *sched;   /* scheduler records (launch), NULL when not taken */
	char sched_reason[512];   /* why not, for the header */
	bool sched_refused;       /* by the kernel, not by the user */

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
	bool log_begun;           /* tracing has begun: on_log_begun was due */
	bool log_named;           /* and the log is under its name (on_log_begun succeeded) */
	bool root_done;
	int root_status;          /* ptviz's exit status */
	ptv_end_reason end_reason;
	int exec_errno;
	int64_t tree_end_t;       /* when the last tracee went away (grace for outside reapers) */
	int64_t last_progress;
	bool suspend_pending;     /* Ctrl-Z reached ptviz: stop once the tracees have stopped */
	int64_t last_event_t;     /* when the last tracee stop was handled */
	bool profile;             /* --debug or PTVIZ_PROFILE: keep prof, print it at the end */
	struct stopstats prof;    /* the per-stop profile (stopstats.h) */
};

/* tracee.c: the tables. */
struct proc *tracee_proc_get(struct ptv_tracer *tr, pid_t pid);
struct thread *tracee_thread_get(struct ptv_tracer *tr, pid_t tid);
struct proc *tracee_proc_new(struct ptv_tracer *tr, pid_t pid, pid_t parent);
/* The same when its starttime (/proc/PID/stat field 22) is known already. */
struct proc *tracee_proc_add(struct ptv_tracer *tr, pid_t pid, pid_t parent,
                             unsigned long long starttime);
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
/* Should t stop at its exit? Every tracee when tr->exit_stops; else a process that has had
 * children: at its exit stop, its children already dead are collected first (tracer.c), so a
 * zombie it leaves behind is recorded dead before its parent, as it was. */
bool tracee_wants_exit_stop(const struct ptv_tracer *tr, const struct thread *t);
/* The record of pid, if any, is now some record's parent (proc.had_children). */
void tracee_note_parent(struct ptv_tracer *tr, pid_t pid);
/* p's /proc/PID/schedstat figures, through a file kept open while p lives (a bounded number). */
struct procfs_sched tracee_sched(struct ptv_tracer *tr, struct proc *p);
/* p is dead: its schedstat is read no more (its file is closed). */
void tracee_sched_close(struct ptv_tracer *tr, struct proc *p);
/* Set p->state, with a `state` event (schedstat figures, on: what it blocks in). */
void tracee_set_state(struct ptv_tracer *tr, struct proc *p, ptv_state st, const char *on,
                      int sig);
/* The same, the state caused by by's call (-k: the event carries its stack). */
void tracee_set_state_by(struct ptv_tracer *tr, struct proc *p, ptv_state st, const char *on,
                         int sig, const struct emit_by *by);
/* Write the facts gathered in tr->facts (by: the call that caused them, for -k) and clear them. */
void tracee_emit_facts(struct ptv_tracer *tr, const struct emit_by *by);
/* Where fdtrack looks up p's fds. */
struct fdlook tracee_fdlook(const struct ptv_tracer *tr, const struct proc *p);
/* Re-read p's /proc/PID/maps and write the shared regions it lost (munmap via scan). */
void tracee_scan_maps(struct ptv_tracer *tr, struct proc *p);
/* Free the stack an execve entry took for the exec event, if any. */
void tracee_exec_stack_drop(struct thread *t);
/* Debug output (no-op without --debug). */
void tracee_debug(struct ptv_tracer *tr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* events.c: ptrace stops → lifecycle events. */
void tracee_on_new_stop(struct ptv_tracer *tr, pid_t tid, int status);
/* p's fork_in_flight child was linked (or p goes): no longer in flight. */
void tracee_flight_landed(struct ptv_tracer *tr, struct proc *p);
void tracee_on_fork(struct ptv_tracer *tr, struct thread *t, int kind);
void tracee_on_exec(struct ptv_tracer *tr, pid_t tid);
void tracee_on_exit(struct ptv_tracer *tr, struct thread *t);
void tracee_on_death(struct ptv_tracer *tr, struct thread *t, int status);
/* Without exit stops: tid's death is reported but not collected yet (waitid WNOWAIT), so it is
 * still a zombie in /proc (its real parent cannot reap it before ptviz collects the report):
 * its exit is written now, with the figures read from there. */
void tracee_on_dying(struct ptv_tracer *tr, pid_t tid, int status);
void tracee_on_group_stop(struct ptv_tracer *tr, struct thread *t, int sig);
void tracee_on_trap(struct ptv_tracer *tr, struct thread *t);
void tracee_on_signal(struct ptv_tracer *tr, struct thread *t, int sig);
/* Link held children of p whose creator's event will never come (p NULL: every held one). */
void tracee_release_pending(struct ptv_tracer *tr, struct proc *p);
/* A process's image (/proc/PID/exe and cmdline, as much as exec.argv may hold). */
void tracee_image(pid_t pid, struct procfs_image *img);

/* reap.c: who collects a zombie. Each appends reap/reparent facts to out; a reaped process's
 * record is freed. */
/* reaper's wait4 returned ret, with the status it stored (NULL: not readable). */
void reap_on_wait4(struct ptv_tracer *tr, pid_t reaper, long ret, const int *status,
                   struct facts *out);
/* Events mode: dead p, watched, disappeared (seen: when it was last seen present, the log's
 * clock): reaped by its parent of that moment. */
void reap_observed(struct ptv_tracer *tr, struct proc *p, int64_t precision_ns, struct facts *out);
/* reaper's waitid (options) returned child with si_code code. */
void reap_on_waitid(struct ptv_tracer *tr, pid_t reaper, int options, pid_t child, int code,
                    struct facts *out);
/* p just died (its death report, status): reaped now by ptviz or automatically, or watched. */
void reap_on_death(struct ptv_tracer *tr, struct proc *p, int status, struct facts *out);
/* dead's children are adopted (reparent facts), zombies among them maybe reaped at once. */
void reap_orphans_of(struct ptv_tracer *tr, struct proc *dead, struct facts *out);
/* Dead processes whose reaper is not traced and that left /proc: reaped via init. */
void reap_poll_outside(struct ptv_tracer *tr, struct facts *out);
/* p's pid was reused before the poll saw it go: it was reaped outside the trace. */
void reap_by_outsider(struct ptv_tracer *tr, struct proc *p, struct facts *out);
/* A second wait report for an already dead record: ptviz was its reaper (subreaper). */
bool reap_on_tracer_wait(struct ptv_tracer *tr, pid_t pid, int status, struct facts *out);

/* pidns.c: pids as a process in another pid namespace sees them (unshare -p, CLONE_NEWPID). */
/* Read p's NSpid if not known yet (it must still exist); false when unreadable. */
bool pidns_read(struct ptv_tracer *tr, struct proc *p);
/* The pid ptviz knows for pid id as viewer sees it (wait4's return, its pid argument); id
 * itself when viewer is in ptviz's namespace or no traced process has that pid there. */
pid_t pidns_to_ptviz(struct ptv_tracer *tr, struct proc *viewer, pid_t id);
/* p is exiting (still readable): keep its NSpid if its parent sees it under another pid. */
void pidns_note_exit(struct ptv_tracer *tr, struct proc *p);

/* sysevents.c: syscall stops → events. */
void sysev_on_stop(struct ptv_tracer *tr, struct thread *t, bool seccomp);
/* t is about to be given sig: an interrupted call whose signal runs a handler ends here. */
void sysev_on_signal(struct ptv_tracer *tr, struct thread *t, int sig);
/* --exact attach: t's thread was asleep inside call nr (args) when seized, and ptviz's
 * PTRACE_INTERRUPT takes it out: the call's entry is replayed now (a wait4 makes the process
 * `blocked` from the attach on), and the kernel's restart of it is the same call going on. */
void sysev_attached_inside(struct ptv_tracer *tr, struct thread *t, long nr,
                           const uint64_t args[6]);
/* Whether sig has a handler in t's process (it will run when delivered). */
bool tracee_signal_caught(const struct thread *t, int sig);

/* attach_events.c: attach mode's default (events only): zombies watched until reaped, pipe and
 * FIFO ends from /proc snapshots. Every function is a no-op when tr->attev is NULL. */
int attev_new(struct ptv_tracer *tr);
void attev_free(struct ptv_tracer *tr);
/* p died (its death report): watch it until its reaper collects it (reap via observed). */
void attev_watch(struct ptv_tracer *tr, struct proc *p);
/* Is dead p watched? Then its pid was reused before the watch saw it go: reaped now. */
bool attev_reaped_now(struct ptv_tracer *tr, struct proc *p);
/* The loop's periodic work at now (rate-limited inside): watched zombies, the fds poll. */
void attev_tick(struct ptv_tracer *tr, int64_t now);
/* timeout (ms, -1 none) shortened to the next periodic work. */
int attev_timeout(struct ptv_tracer *tr, int timeout);
/* Zombies still watched (the trace waits for their reapers, as for outside reapers). */
int attev_watching(struct ptv_tracer *tr);
/* The pollfds for the loop's sleep, after `reserve` slots for the caller; *n: total. */
struct pollfd *attev_pollfds(struct ptv_tracer *tr, int reserve, int *n);
/* Snapshot p's pipe/FIFO ends at `at` and write them (fork parents and polls: when changed). */
void attev_fds(struct ptv_tracer *tr, struct proc *p, ptv_fds_at at, bool only_if_changed);

/* launch.c / attach.c */
int launch_start(struct ptv_tracer *tr, char *err, size_t errlen);
/* After the root died without exec: the reason it reported (negative PTV_ERR_*), or 0. */
int launch_failure(struct ptv_tracer *tr, char *err, size_t errlen);
int attach_start(struct ptv_tracer *tr, char *err, size_t errlen);
void attach_detach_all(struct ptv_tracer *tr);
void attach_detach_thread(struct ptv_tracer *tr, struct thread *t, int sig);

/* tracer.c: the loop. Collect tid's next report now (blocking) and handle it, ahead of the loop:
 * for a report surely on its way that the log needs before what is being written. */
void tracer_take_report(struct ptv_tracer *tr, pid_t tid);

#endif
