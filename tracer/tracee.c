/* tracee.c — process and thread records, restarting stopped threads, state events, and the
 * small steps that hand the bookkeeping's facts to the emitter. */
#include "internal.h"
#include "procfs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <time.h>
#include <unistd.h>

static unsigned tracee_hash(pid_t id)
{
	return (unsigned)id % PTV_HASH_SIZE;
}

struct proc *tracee_proc_get(struct ptv_tracer *tr, pid_t pid)
{
	for (struct proc *p = tr->phash[tracee_hash(pid)]; p; p = p->hnext)
		if (p->pid == pid)
			return p;
	return NULL;
}

struct thread *tracee_thread_get(struct ptv_tracer *tr, pid_t tid)
{
	for (struct thread *t = tr->thash[tracee_hash(tid)]; t; t = t->hnext)
		if (t->tid == tid)
			return t;
	return NULL;
}

void tracee_note_parent(struct ptv_tracer *tr, pid_t pid)
{
	struct proc *pp = pid > 0 ? tracee_proc_get(tr, pid) : NULL;
	if (pp)
		pp->had_children = true;
}

struct proc *tracee_proc_new(struct ptv_tracer *tr, pid_t pid, pid_t parent)
{
	unsigned long long start = 0;
	tr->pfs->stat(pid, NULL, NULL, &start);
	return tracee_proc_add(tr, pid, parent, start);
}

struct proc *tracee_proc_add(struct ptv_tracer *tr, pid_t pid, pid_t parent,
                             unsigned long long starttime)
{
	struct proc *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->pid = pid;
	p->parent = parent;
	tracee_note_parent(tr, parent);
	p->sched_fd = -1;
	p->starttime = starttime;
	p->hnext = tr->phash[tracee_hash(pid)];
	tr->phash[tracee_hash(pid)] = p;
	p->next = tr->procs;
	if (tr->procs)
		tr->procs->prev = p;
	tr->procs = p;
	tr->nprocs_alive++;
	tr->processes_seen++;
	return p;
}

struct thread *tracee_thread_new(struct ptv_tracer *tr, struct proc *p, pid_t tid)
{
	struct thread *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->tid = tid;
	t->proc = p;
	p->threads++;
	p->live++;
	t->hnext = tr->thash[tracee_hash(tid)];
	tr->thash[tracee_hash(tid)] = t;
	tr->nthreads++;
	return t;
}

static void tracee_thread_unhash(struct ptv_tracer *tr, struct thread *t)
{
	struct thread **pp = &tr->thash[tracee_hash(t->tid)];
	while (*pp && *pp != t)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = t->hnext;
}

void tracee_thread_free(struct ptv_tracer *tr, struct thread *t)
{
	if (!t)
		return;
	tracee_thread_unhash(tr, t);
	t->proc->threads--;
	if (!t->exit_seen)
		t->proc->live--;
	tr->nthreads--;
	if (t->pending)
		tr->npending--;
	tracee_exec_stack_drop(t);
	free(t->path);
	free(t);
}

void tracee_thread_rename(struct ptv_tracer *tr, struct thread *t, pid_t newtid)
{
	tracee_thread_unhash(tr, t);
	t->tid = newtid;
	t->hnext = tr->thash[tracee_hash(newtid)];
	tr->thash[tracee_hash(newtid)] = t;
}

static void tracee_proc_unhash(struct ptv_tracer *tr, struct proc *p)
{
	struct proc **pp = &tr->phash[tracee_hash(p->pid)];
	while (*pp && *pp != p)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = p->hnext;
}

void tracee_proc_retire(struct ptv_tracer *tr, struct proc *p)
{
	signals_note_gone(&tr->sig, p->pid);
	tracee_proc_unhash(tr, p);
	if (p->outside_reaper)
		tr->nwatch--;
	p->outside_reaper = false;
	p->retired = true;
}

void tracee_proc_free(struct ptv_tracer *tr, struct proc *p)
{
	if (!p)
		return;
	if (!p->retired)
		signals_note_gone(&tr->sig, p->pid);
	tracee_proc_unhash(tr, p);
	if (p->prev)
		p->prev->next = p->next;
	else
		tr->procs = p->next;
	if (p->next)
		p->next->prev = p->prev;
	if (!p->dead)
		tr->nprocs_alive--;
	if (p->dead && p->outside_reaper)
		tr->nwatch--;
	tracee_flight_landed(tr, p);   /* never came: its count goes with it */
	tracee_sched_close(tr, p);
	fdtab_free(&p->fds);
	shmtab_free(&p->shm);
	free(p);
}

void tracee_free_all(struct ptv_tracer *tr)
{
	for (unsigned i = 0; i < PTV_HASH_SIZE; i++)
		while (tr->thash[i])
			tracee_thread_free(tr, tr->thash[i]);
	while (tr->procs)
		tracee_proc_free(tr, tr->procs);
}

void tracee_resume(struct ptv_tracer *tr, struct thread *t, int sig)
{
	if (t->pending)
		return;
	if (t->detaching || tr->detaching) {
		attach_detach_thread(tr, t, sig);
		return;
	}
	/* Exit stops for only some tracees: give t its own. (With exit stops for all, every tracee
	 * has them from the launch or attach options, which its children inherit.) */
	if (!tr->exit_stops && !t->listening) {
		bool want = tracee_wants_exit_stop(tr, t);
		if ((!t->opts_known || t->opts_exit != want) &&
		    ptrace(PTRACE_SETOPTIONS, t->tid, 0L,
		           tr->ptrace_opts | (want ? PTRACE_O_TRACEEXIT : 0)) == 0) {
			t->opts_exit = want;
			t->opts_known = true;
		}
	}
	/* strace's seccomp_filter_restart_operator: only a trapped call in progress needs its exit
	 * stop; everything else runs to the next filter trap. */
	bool every_call = !tr->use_seccomp && !tr->events_only;
	enum __ptrace_request req = (every_call || t->in_syscall) ? PTRACE_SYSCALL : PTRACE_CONT;
	if (ptrace(req, t->tid, 0L, (long)sig) < 0 && errno != ESRCH)
		tracee_debug(tr, "restart %d: %s", t->tid, strerror(errno));
}

/* Open schedstat files kept at most: a process's figures are read at each of its state changes
 * (a blocking call's entry and exit, its exit event), and open+read+close is three system calls
 * where pread is one; but 5,000 live children must not take 5,000 of ptviz's fds. */
enum { TRACEE_SCHED_FDS = 128 };

struct procfs_sched tracee_sched(struct ptv_tracer *tr, struct proc *p)
{
	if (p->sched_fd < 0 && tr->nsched_fds < TRACEE_SCHED_FDS) {
		p->sched_fd = procfs_open(p->pid, "schedstat");
		if (p->sched_fd >= 0)
			tr->nsched_fds++;
	}
	/* The fd names the process, not the pid: a reused pid gets a new record and a new file. */
	return p->sched_fd >= 0 ? procfs_sched_pread(p->sched_fd) : procfs_sched_get(p->pid);
}

void tracee_sched_close(struct ptv_tracer *tr, struct proc *p)
{
	if (p->sched_fd < 0)
		return;
	close(p->sched_fd);
	p->sched_fd = -1;
	tr->nsched_fds--;
}

void tracee_set_state(struct ptv_tracer *tr, struct proc *p, ptv_state st, const char *on, int sig)
{
	tracee_set_state_by(tr, p, st, on, sig, NULL);
}

void tracee_set_state_by(struct ptv_tracer *tr, struct proc *p, ptv_state st, const char *on,
                         int sig, const struct emit_by *by)
{
	if (p->state == st && st != PTV_STATE_BLOCKED)
		return;
	p->state = st;
	/* A zombie has no schedstat any more (its figures are on its exit event). */
	struct procfs_sched sched = { false, 0, 0 };
	if (st != PTV_STATE_ZOMBIE)
		sched = tracee_sched(tr, p);
	emit_state(tr->em, p->pid, st, on, sig, &sched, by);
}

bool tracee_wants_exit_stop(const struct ptv_tracer *tr, const struct thread *t)
{
	return tr->exit_stops || t->proc->had_children;
}

void tracee_emit_facts(struct ptv_tracer *tr, const struct emit_by *by)
{
	if (tr->facts.n == 0)
		return;
	emit_facts(tr->em, &tr->facts, by);
	facts_clear(&tr->facts);
}

struct fdlook tracee_fdlook(const struct ptv_tracer *tr, const struct proc *p)
{
	return (struct fdlook){ tr->pfs, p->pid, tr->late_fifos };
}

void tracee_scan_maps(struct ptv_tracer *tr, struct proc *p)
{
	char *maps = procfs_slurp(p->pid, "maps", SHMAP_MAPS_MAX, NULL);
	shmap_scan(&p->shm, p->pid, maps, &tr->facts);
	free(maps);
	tracee_emit_facts(tr, NULL);
}

void tracee_exec_stack_drop(struct thread *t)
{
	if (t->have_exec_stack)
		stack_release(&t->exec_stack);
	t->have_exec_stack = false;
}

void tracee_debug(struct ptv_tracer *tr, const char *fmt, ...)
{
	if (!tr->opts.debug)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(tr->opts.debug, "[%12.6f] ", (double)writer_now(tr->w) / 1e9);
	vfprintf(tr->opts.debug, fmt, ap);
	fputc('\n', tr->opts.debug);
	va_end(ap);
}
