/* events.c — ptrace stops that change a process's life: creation, exec, exit, death, job
 * control and signal delivery (ptrace(2) "Stopped states"; strace's dispatch_event). */
#include "arch.h"
#include "internal.h"
#include "procfs.h"
#include "stop.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

/* The most of /proc/PID/cmdline read: what exec.argv may hold (docs/event-log.md). */
static const size_t IMAGE_CMDLINE_MAX = (size_t)256 * 4096;

/* The child inherits the parent's shared regions still mapped in it (mmap via fork), after the
 * parent's own regions are re-checked (munmap via scan). */
static void tracee_inherit_shm(struct ptv_tracer *tr, struct proc *parent, struct proc *child)
{
	if (parent->shm.n == 0)
		return;
	tracee_scan_maps(tr, parent);
	char *maps = procfs_slurp(child->pid, "maps", SHMAP_MAPS_MAX, NULL);
	shmap_fork(&parent->shm, &child->shm, child->pid, maps, &tr->facts);
	free(maps);
	tracee_emit_facts(tr, NULL);
}

/* Write the fork or thread event for a newly linked tracee and give it its inheritance. */
static void tracee_announce(struct ptv_tracer *tr, struct thread *c, struct proc *creator,
                            struct thread *by, ptv_fork_via via)
{
	struct proc *p = c->proc;
	if (c->pending_thread || p->pid != c->tid) {
		emit_thread(tr->em, p->pid, c->tid);
		return;
	}
	if (p->announced)
		return;
	p->announced = true;
	/* The stack of the creator's call; when its fork report never came (it died first), the
	 * child's, which, held at its first stop before running, still holds a copy of it. */
	struct emit_by from = by ? (struct emit_by){ by->proc->pid, by->tid }
	                         : (struct emit_by){ p->pid, c->tid };
	emit_fork(tr->em, creator ? creator->pid : p->parent, p->pid, via,
	          creator && p->parent && p->parent != creator->pid ? p->parent : 0,
	          by || creator ? &from : NULL);
	if (creator) {
		if (creator->fork_in_flight == p->pid)
			tracee_flight_landed(tr, creator);
		stacks_fork(tr->stacks, creator->pid, p->pid);
		/* fork copies signal dispositions, the fd table and the mappings. */
		p->sigchld_ign = creator->sigchld_ign;
		p->nocldwait = creator->nocldwait;
		p->sigchld_caught = creator->sigchld_caught;
		p->sigchld_known = creator->sigchld_known;
		fdtab_copy(&p->fds, &creator->fds);
		tracee_inherit_shm(tr, creator, p);
		/* Events mode: the ends as they are now (the child's table is the parent's copy). */
		attev_fds(tr, creator, PTV_FDS_FORK, true);
		attev_fds(tr, p, PTV_FDS_FORK, false);
	}
	if (tr->stopping && !tr->attach)
		kill(p->pid, SIGKILL);
}

/* Create the records for a tracee first seen at tid; NULL if it vanished. */
static struct thread *tracee_adopt(struct ptv_tracer *tr, pid_t tid, bool *is_thread)
{
	/* One read of /proc/TID/stat for a new process (two files for a new thread). */
	struct procfs_newborn st;
	if (!procfs_newborn(tid, &st))
		return NULL;
	struct proc *p;
	*is_thread = st.tgid != tid;
	if (*is_thread) {
		p = tracee_proc_get(tr, st.tgid);
		if (!p)
			p = tracee_proc_new(tr, st.tgid, 0);
	} else {
		p = tracee_proc_get(tr, tid);
		if (p && p->dead && p->outside_reaper) {
			/* The pid was reused before the /proc poll saw the old zombie go. */
			reap_by_outsider(tr, p, &tr->facts);
			tracee_emit_facts(tr, NULL);
			p = NULL;
		} else if (p && p->dead && attev_reaped_now(tr, p)) {
			p = NULL;   /* the same, before the watch saw it go */
		}
		if (!p)
			p = tracee_proc_add(tr, tid, st.ppid, st.starttime);
	}
	if (!p)
		return NULL;
	struct thread *t = tracee_thread_new(tr, p, tid);
	if (t)
		t->pending_thread = *is_thread;
	return t;
}

/* The dead traced process killed inside the fork that made new process t, if any. Its parent
 * by now may be any adopter, traced or not (a subreaper): the records are what say it. */
static struct proc *tracee_dead_creator(struct ptv_tracer *tr, struct thread *t)
{
	if (tr->nflight == 0)
		return NULL;   /* the usual case: no creator died inside a fork */
	pid_t tid = t->tid;
	for (struct proc *p = tr->procs; p; p = p->next)
		if (p->dead && p->fork_in_flight == tid)
			return p;
	return NULL;
}

void tracee_flight_landed(struct ptv_tracer *tr, struct proc *p)
{
	if (p->fork_in_flight) {
		p->fork_in_flight = 0;
		tr->nflight--;
	}
}

void tracee_on_new_stop(struct ptv_tracer *tr, pid_t tid, int status)
{
	if (tr->detaching) {
		/* A child born while letting go: let it go too, unrecorded. */
		struct stop s = stop_classify(status);
		ptrace(PTRACE_DETACH, tid, 0L, (long)(s.kind == STOP_SIGNAL ? s.sig : 0));
		return;
	}
	bool is_thread = false;
	struct thread *t = tracee_adopt(tr, tid, &is_thread);
	if (!t) {
		ptrace(PTRACE_CONT, tid, 0L, 0L);
		return;
	}
	/* First seen after its creator died inside the fork (and it was adopted already): link it to
	 * that creator, then let it be an orphan like its siblings. */
	struct proc *creator = is_thread ? NULL : tracee_dead_creator(tr, t);
	if (creator) {
		tracee_debug(tr, "new tracee %d: its creator %d died inside the fork", tid, creator->pid);
		t->proc->parent = creator->pid;
		creator->had_children = true;
		tracee_announce(tr, t, creator, NULL, PTV_FORK_FORK);
		reap_orphans_of(tr, creator, &tr->facts);
		tracee_emit_facts(tr, NULL);
		tracee_flight_landed(tr, creator);
		if (creator->retired)
			tracee_proc_free(tr, creator);
		tracee_resume(tr, t, 0);
		return;
	}
	/* The creator's PTRACE_EVENT_FORK/CLONE has not been seen yet (kernel_clone wakes the child
	 * before reporting the event): hold the child until it links, so the log says how it was
	 * made and the fork line comes before anything the child does. */
	t->pending = true;
	tr->npending++;
	tracee_debug(tr, "new tracee %d (%s of %d), held", tid, is_thread ? "thread" : "process",
	             is_thread ? t->proc->pid : t->proc->parent);
}

void tracee_release_pending(struct ptv_tracer *tr, struct proc *p)
{
	if (tr->npending == 0)
		return;
	for (unsigned i = 0; i < PTV_HASH_SIZE; i++) {
		for (struct thread *t = tr->thash[i], *nx; t; t = nx) {
			nx = t->hnext;   /* resuming may free t (detach) */
			if (!t->pending)
				continue;
			bool mine = !p || (t->pending_thread ? t->proc == p :
			                   t->proc->parent == p->pid || t->tid == p->fork_in_flight);
			if (!mine)
				continue;
			t->pending = false;
			tr->npending--;
			struct proc *creator = NULL;
			if (!t->pending_thread)
				creator = p ? p : tracee_proc_get(tr, t->proc->parent);
			tracee_announce(tr, t, creator, NULL, PTV_FORK_FORK);
			tracee_resume(tr, t, 0);
		}
	}
}

void tracee_on_fork(struct ptv_tracer *tr, struct thread *t, int kind)
{
	unsigned long msg = 0;
	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg) < 0)
		return;
	pid_t newtid = (pid_t)msg;
	struct thread *c = tracee_thread_get(tr, newtid);
	if (c && !c->pending)
		return;   /* already linked when its creator died */
	if (!c) {
		bool is_thread = false;
		c = tracee_adopt(tr, newtid, &is_thread);
		if (!c)
			return;
	}
	/* EVENT_CLONE made a thread, or a process by clone or clone3. */
	ptv_fork_via via = kind == STOP_FORK ? PTV_FORK_FORK : kind == STOP_VFORK ? PTV_FORK_VFORK
	                 : !c->pending_thread && arch_clone3(t->tid) ? PTV_FORK_CLONE3 : PTV_FORK_CLONE;
	bool was_pending = c->pending;
	if (was_pending)
		tr->npending--;
	c->pending = false;
	tracee_announce(tr, c, t->proc, t, via);
	if (kind == STOP_VFORK) {
		t->proc->vfork_wait = true;
		c->proc->vfork_parent = t->proc->pid;
		struct emit_by by = { t->proc->pid, t->tid };   /* -k: system(), posix_spawn() */
		tracee_set_state_by(tr, t->proc, PTV_STATE_BLOCKED, emit_on_names[EMIT_ON_VFORK], 0, &by);
	}
	if (was_pending)
		tracee_resume(tr, c, 0);
}

/* A vfork child exec'd or exits: its parent runs again. The kernel would say so with
 * PTRACE_EVENT_VFORK_DONE, one more stop per spawn (posix_spawn, a shell's every command);
 * the child's own exec or exit is the same moment and already stops. */
static void tracee_vfork_release(struct ptv_tracer *tr, struct proc *child)
{
	struct proc *p = child->vfork_parent ? tracee_proc_get(tr, child->vfork_parent) : NULL;
	child->vfork_parent = 0;
	if (!p || !p->vfork_wait)
		return;
	p->vfork_wait = false;
	if (p->state == PTV_STATE_BLOCKED)
		tracee_set_state(tr, p, PTV_STATE_RUNNING, NULL, 0);
}

void tracee_image(pid_t pid, struct procfs_image *img)
{
	procfs_image(pid, IMAGE_CMDLINE_MAX, img);
}

void tracee_on_exec(struct ptv_tracer *tr, pid_t tid)
{
	/* The former tid of the thread that exec'd. A launched process with one thread record has
	 * no other (every new thread stops before it runs, and is recorded at that stop); attach
	 * mode may have met threads it could not seize. */
	unsigned long former = (unsigned long)tid;
	struct thread *self = tracee_thread_get(tr, tid);
	if (tr->attach || !self || self->proc->threads != 1)
		ptrace(PTRACE_GETEVENTMSG, tid, 0L, &former);
	struct thread *t = tracee_thread_get(tr, (pid_t)former);
	if (!t)
		t = tracee_thread_get(tr, tid);
	if (!t)
		return;
	struct proc *p = t->proc;
	if ((pid_t)former != tid) {
		/* A non-leader exec'd: the kernel gave it the leader's tid (strace maybe_switch_tcbs). */
		struct thread *old = tracee_thread_get(tr, tid);
		if (old && old != t)
			tracee_thread_free(tr, old);
		tracee_thread_rename(tr, t, tid);
	}
	/* Every other thread is gone now; their late death reports are ignored. */
	if (p->threads > 1) {
		for (unsigned i = 0; i < PTV_HASH_SIZE; i++) {
			struct thread *o = tr->thash[i];
			while (o) {
				struct thread *nx = o->hnext;
				if (o->proc == p && o != t) {
					emit_thread_exit(tr->em, p->pid, o->tid);
					tracee_thread_free(tr, o);
				}
				o = nx;
			}
		}
	}
	t->exit_seen = false;
	p->live = 1;
	/* A thread that was blocked is gone with the old image; the exec'ing thread runs. */
	if (p->state == PTV_STATE_BLOCKED)
		tracee_set_state(tr, p, PTV_STATE_RUNNING, NULL, 0);
	struct procfs_image img;
	tracee_image(p->pid, &img);
	emit_exec(tr->em, p->pid, &img, (pid_t)former != tid ? (pid_t)former : 0,
	          privs_on_exec(tr, p->pid), t->have_exec_stack ? &t->exec_stack : NULL);
	procfs_image_free(&img);
	attev_fds(tr, p, PTV_FDS_EXEC, false);
	tracee_exec_stack_drop(t);
	tracee_vfork_release(tr, p);
	stacks_forget(tr->stacks, p->pid);
	/* exec resets handled signals and their flags; SIG_IGN survives (execve(2)). */
	p->nocldwait = false;
	p->sigchld_caught = false;
	struct fdlook lk = tracee_fdlook(tr, p);
	fdtrack_exec(&p->fds, &lk, &tr->facts);
	shmap_drop_all(&p->shm, p->pid, PTV_MUNMAP_EXEC, &tr->facts);
	tracee_emit_facts(tr, NULL);
	if (p->pid == tr->root)
		tr->root_execd = true;
}

/* Write the exit event from a wait status. */
static void tracee_log_exit(struct ptv_tracer *tr, struct proc *p, int status, struct thread *by)
{
	if (p->exit_logged)
		return;
	/* Still readable here (tracee_on_death's fallback aside): its parent may reap it by the
	 * pid its own namespace gives it. */
	pidns_note_exit(tr, p);
	p->exit_logged = true;
	p->exit_status = status;
	tracee_vfork_release(tr, p);
	struct procfs_sched sched = tracee_sched(tr, p);
	struct emit_by from = { p->pid, by ? by->tid : 0 };
	emit_exit(tr->em, p->pid, status, &sched, by ? &from : NULL);
	shmap_drop_all(&p->shm, p->pid, PTV_MUNMAP_EXIT, &tr->facts);
	tracee_emit_facts(tr, NULL);
}

void tracee_on_exit(struct ptv_tracer *tr, struct thread *t)
{
	unsigned long msg = 0;
	ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg);
	/* A thread killed inside fork/clone (SIGKILL lands as the call returns): the new child
	 * exists, but its creator's fork event will never come. Only a signal ends a thread there. */
	if (WIFSIGNALED((int)msg)) {
		pid_t child = arch_fork_in_flight(t->tid);
		if (child > 0) {
			if (!t->proc->fork_in_flight)
				tr->nflight++;
			t->proc->fork_in_flight = child;
		}
	}
	if (!t->exit_seen) {
		t->exit_seen = true;
		t->proc->live--;
	}
	if (t->proc->live <= 0) {
		/* Its fds are still open at this stop. */
		struct fdlook lk = tracee_fdlook(tr, t->proc);
		fdtrack_learn_all(&t->proc->fds, &lk, PTV_LATE_EXIT, &tr->facts);
		tracee_emit_facts(tr, NULL);
		attev_fds(tr, t->proc, PTV_FDS_EXIT, false);
		tracee_log_exit(tr, t->proc, (int)msg, t);
		tracee_release_pending(tr, t->proc);
	}
}

void tracee_on_dying(struct ptv_tracer *tr, pid_t tid, int status)
{
	struct thread *t = tracee_thread_get(tr, tid);
	if (t && t->tid == t->proc->pid && !t->proc->dead)
		tracee_log_exit(tr, t->proc, status, NULL);
}

void tracee_on_death(struct ptv_tracer *tr, struct thread *t, int status)
{
	struct proc *p = t->proc;
	if (t->tid != p->pid) {
		if (t->blocked && p->state == PTV_STATE_BLOCKED)
			tracee_set_state(tr, p, PTV_STATE_RUNNING, NULL, 0);
		emit_thread_exit(tr->em, p->pid, t->tid);
		tracee_thread_free(tr, t);
		return;
	}
	tracee_log_exit(tr, p, status, NULL);
	tracee_sched_close(tr, p);
	tracee_release_pending(tr, p);
	tracee_thread_free(tr, t);
	stacks_forget(tr->stacks, p->pid);
	p->dead = true;
	tr->nprocs_alive--;
	tracee_set_state(tr, p, PTV_STATE_ZOMBIE, NULL, 0);
	if (p->pid == tr->root) {
		tr->root_done = true;
		tr->root_status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	}
	reap_orphans_of(tr, p, &tr->facts);
	reap_on_death(tr, p, status, &tr->facts);
	tracee_emit_facts(tr, NULL);
}

void tracee_on_group_stop(struct ptv_tracer *tr, struct thread *t, int sig)
{
	if (t->proc->state != PTV_STATE_STOPPED)
		tracee_set_state(tr, t->proc, PTV_STATE_STOPPED, NULL, sig);
	if (t->detaching || tr->detaching) {
		attach_detach_thread(tr, t, 0);
		return;
	}
	/* PTRACE_LISTEN keeps it stopped until SIGCONT, as if untraced (ptrace(2) "Group-stop"). */
	t->listening = true;
	if (ptrace(PTRACE_LISTEN, t->tid, 0L, 0L) < 0 && errno != ESRCH)
		tracee_debug(tr, "listen %d: %s", t->tid, strerror(errno));
}

void tracee_on_trap(struct ptv_tracer *tr, struct thread *t)
{
	if (t->listening) {
		/* SIGCONT woke a listening tracee. */
		t->listening = false;
		/* Stopped inside an interrupted call, it goes back into it (restart). */
		if (t->proc->state == PTV_STATE_STOPPED && t->restarting && t->blocked)
			tracee_set_state(tr, t->proc, PTV_STATE_BLOCKED, t->blocked_on, 0);
		else if (t->proc->state == PTV_STATE_STOPPED)
			tracee_set_state(tr, t->proc, PTV_STATE_RUNNING, NULL, 0);
	}
	tracee_resume(tr, t, 0);
}

bool tracee_signal_caught(const struct thread *t, int sig)
{
	struct procfs_status st;
	if (sig == SIGCHLD && t->proc->sigchld_known)
		return t->proc->sigchld_caught;
	return procfs_status(t->tid, &st) && (st.sig_cgt & (1ULL << (sig - 1)));
}

/* Would delivering sig to t do anything? Ignored signals still stop a tracee. */
static bool tracee_signal_matters(const struct thread *t, int sig)
{
	/* SIGCHLD comes at every child's death: answer from what was followed, not from /proc. */
	if (sig == SIGCHLD && t->proc->sigchld_known)
		return t->proc->sigchld_caught;
	struct procfs_status st;
	if (!procfs_status(t->tid, &st))
		return true;
	uint64_t bit = 1ULL << (sig - 1);
	if (st.sig_cgt & bit)
		return true;
	if (st.sig_ign & bit)
		return false;
	return sig != SIGCHLD && sig != SIGURG && sig != SIGWINCH;
}

/* SIGPIPE from a write: the write's fd (still in its argument register) and its pipe. */
static void tracee_sigpipe_fd(struct thread *t, struct emit_signal *s)
{
	s->fd = arch_sigpipe_fd(t->tid);
	if (s->fd < 0)
		return;
	const struct fdend *e = fdtab_find(&t->proc->fds, s->fd);
	if (e)
		s->ino = e->ino;
	else if (procfs_fd_kind(t->proc->pid, s->fd, &s->ino) == PROCFS_FD_OTHER)
		s->ino = 0;
}

void tracee_on_signal(struct ptv_tracer *tr, struct thread *t, int sig)
{
	if (tracee_signal_matters(t, sig)) {
		/* Only a recorded signal's siginfo is read: SIGCHLD to a shell without a handler
		 * comes at every child's death. */
		siginfo_t si;
		memset(&si, 0, sizeof si);
		bool have_info = ptrace(PTRACE_GETSIGINFO, t->tid, 0L, &si) == 0;
		struct emit_signal s = { t->proc->pid, t->tid, sig, have_info, 0, si.si_code, -1, 0 };
		/* si_pid means the sender for signals sent by a process (si_code <= 0), and the child
		 * for SIGCHLD. */
		if (have_info && (si.si_code <= 0 || sig == SIGCHLD) && si.si_pid > 0)
			s.sender = si.si_pid;
		if (sig == SIGPIPE)
			tracee_sigpipe_fd(t, &s);
		emit_signal(tr->em, &s);
	}
	sysev_on_signal(tr, t, sig);
	tracee_resume(tr, t, sig);
}
