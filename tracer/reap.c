/* reap.c — who collects a zombie, and orphans (wait(2) NOTES; kernel/exit.c exit_notify,
 * forget_original_parent, wait_task_zombie). Appends reap and reparent facts; a reaped
 * process's record goes. /proc is read through tr->pfs. */
#include "internal.h"

#include <sys/wait.h>

/* reaper collected child: the fact, then the record goes. */
static void reap_collect(struct ptv_tracer *tr, pid_t reaper, struct proc *child, ptv_reap_via via,
                         int status, struct facts *out)
{
	/* Killed inside a fork: the child that fork made has its first stop on its way (a new
	 * tracee always stops first), and its fork line must come before its creator is reaped. */
	if (child->threads == 0 && child->fork_in_flight &&
	    !tracee_thread_get(tr, child->fork_in_flight))
		tracer_take_report(tr, child->fork_in_flight);
	struct fact *f = facts_push(out, FACT_REAP, reaper);
	if (f) {
		f->child = child->pid;
		f->via = via;
		f->status = status;
	}
	tracee_debug(tr, "reap %d by %d via %s", child->pid, reaper, ptv_reap_via_names[via]);
	if (child->threads == 0 && child->fork_in_flight)
		tracee_proc_retire(tr, child);   /* its last child's first stop may still be on its way */
	else if (child->threads == 0)
		tracee_proc_free(tr, child);
	else
		child->dead = true;   /* defensive: a stale thread record keeps it until it goes */
}

/* q adopted by to. The adopter's name is read now, while it is known: a subreaper or init
 * outlives its orphan, but the views are drawn after the trace, from the log alone. */
static void reap_reparent(struct ptv_tracer *tr, struct proc *q, pid_t from, pid_t to,
                          struct facts *out)
{
	struct fact *f = facts_push(out, FACT_REPARENT, q->pid);
	if (f) {
		f->from = from;
		f->to = to;
		if (tr->pfs->comm && !tr->pfs->comm(to, f->comm, sizeof f->comm))
			f->comm[0] = '\0';
	}
	q->parent = to;
}

/* A process can only wait for its own children: one that reaps another's child had it given
 * by the kernel (an orphan, adopted and perhaps already reaped before ptviz handled its old
 * parent's death, when /proc could no longer name the adopter). Record that adoption first. */
static void reap_adopted_by(struct ptv_tracer *tr, struct proc *c, pid_t reaper,
                            struct facts *out)
{
	if (c->parent > 0 && c->parent != reaper)
		reap_reparent(tr, c, c->parent, reaper, out);
}

void reap_on_wait4(struct ptv_tracer *tr, pid_t reaper, long ret, const int *status,
                   struct facts *out)
{
	if (ret <= 0)
		return;   /* WNOHANG with no child ready (0), or an error */
	struct proc *c = tracee_proc_get(tr, (pid_t)ret);
	if (!c || !c->dead)
		return;   /* a stopped/continued report, or a child ptviz does not trace */
	if (status && !WIFEXITED(*status) && !WIFSIGNALED(*status))
		return;   /* a stop or continue report from before the death */
	reap_adopted_by(tr, c, reaper, out);
	reap_collect(tr, reaper, c, PTV_REAP_WAIT4, status ? *status : -1, out);
}

void reap_on_waitid(struct ptv_tracer *tr, pid_t reaper, int options, pid_t child, int code,
                    struct facts *out)
{
	if ((options & WNOWAIT) || child <= 0)
		return;   /* WNOWAIT leaves the child waitable */
	if (code != CLD_EXITED && code != CLD_KILLED && code != CLD_DUMPED)
		return;
	struct proc *c = tracee_proc_get(tr, child);
	if (c && c->dead) {
		reap_adopted_by(tr, c, reaper, out);
		reap_collect(tr, reaper, c, PTV_REAP_WAITID, -1, out);
	}
}

/* p's reaper is not traced: once p is dead, poll /proc until it disappears. */
static void reap_watch(struct ptv_tracer *tr, struct proc *p, pid_t adopter)
{
	p->adopter = adopter;
	if (!p->outside_reaper && p->dead)
		tr->nwatch++;
	p->outside_reaper = true;
}

void reap_observed(struct ptv_tracer *tr, struct proc *p, int64_t precision_ns, struct facts *out)
{
	int at = out->n;
	reap_collect(tr, p->parent > 0 ? p->parent : 1, p, PTV_REAP_OBSERVED, -1, out);
	if (out->n > at)
		out->v[at].precision_ns = precision_ns;
}

void reap_on_death(struct ptv_tracer *tr, struct proc *p, int status, struct facts *out)
{
	if (tr->events_only) {
		/* No wait call is trapped: watch it until whoever reaps it has (attach_events.c). */
		(void)status;
		attev_watch(tr, p);
		return;
	}
	if (p->parent == tr->self && !tr->attach) {
		/* ptviz is both tracer and real parent: its waitpid() just collected p. */
		reap_collect(tr, tr->self, p, p->pid == tr->root ? PTV_REAP_TRACER : PTV_REAP_SUBREAPER,
		             status, out);
		return;
	}
	struct proc *pp = p->parent ? tracee_proc_get(tr, p->parent) : NULL;
	if (pp && !pp->dead) {
		/* The kernel decides auto-reap when the tracer consumes the exit report
		 * (wait_task_zombie → do_notify_parent), i.e. just now. */
		if (pp->sigchld_ign || pp->nocldwait)
			reap_collect(tr, pp->pid, p, PTV_REAP_AUTO, -1, out);
		return;
	}
	if (p->outside_reaper) {
		tr->nwatch++;
		return;
	}
	reap_watch(tr, p, p->parent > 0 ? p->parent : 1);
}

/* The adopter chosen by the kernel, from /proc (fallback: ptviz as subreaper, else init). */
static pid_t reap_adopter(struct ptv_tracer *tr, struct proc *q)
{
	pid_t ppid = 0;
	unsigned long long start = 0;
	if (tr->pfs->stat(q->pid, NULL, &ppid, &start) && start == q->starttime && ppid > 0)
		return ppid;
	return tr->opts.subreaper && !tr->attach ? tr->self : 1;
}

/* Whether q (a zombie) still exists: a reaped pid may come back as another process. */
static bool reap_still_there(struct ptv_tracer *tr, const struct proc *q)
{
	unsigned long long start = 0;
	pid_t ppid = 0;
	return tr->pfs->stat(q->pid, NULL, &ppid, &start) && start == q->starttime;
}

void reap_orphans_of(struct ptv_tracer *tr, struct proc *dead, struct facts *out)
{
	/* Attach mode seizes a tree in no particular order: a child's record may come first. */
	if (!dead->had_children && !tr->attach)
		return;
	for (struct proc *q = tr->procs, *nx; q; q = nx) {
		nx = q->next;
		if (q == dead || q->retired || q->parent != dead->pid)
			continue;
		if (tr->events_only && q->dead && !reap_still_there(tr, q) && attev_reaped_now(tr, q))
			continue;   /* its parent reaped it before dying; the pidfd had not told us yet */
		pid_t to = reap_adopter(tr, q);
		reap_reparent(tr, q, dead->pid, to, out);
		tracee_note_parent(tr, to);
		if (tr->events_only)
			continue;   /* a zombie among them is watched already; its reaper is now `to` */
		struct proc *np = tracee_proc_get(tr, to);
		if (to == tr->self && !tr->attach)
			continue;   /* ptviz reaps it: at its death, or at the second report if a zombie */
		if (np && !np->dead) {
			if (q->dead && (np->sigchld_ign || np->nocldwait))
				reap_collect(tr, np->pid, q, PTV_REAP_AUTO, -1, out);
			continue;
		}
		reap_watch(tr, q, to);
	}
}

bool reap_on_tracer_wait(struct ptv_tracer *tr, pid_t pid, int status, struct facts *out)
{
	struct proc *p = tracee_proc_get(tr, pid);
	if (!p || !p->dead)
		return false;
	if (p->parent != tr->self) {
		/* This report can come before its old parent's death report (both are queued by the
		 * same exit_notify): record the adoption first. */
		reap_reparent(tr, p, p->parent, tr->self, out);
	}
	reap_collect(tr, tr->self, p, PTV_REAP_SUBREAPER, status, out);
	return true;
}

void reap_by_outsider(struct ptv_tracer *tr, struct proc *p, struct facts *out)
{
	reap_collect(tr, p->adopter, p, PTV_REAP_INIT, -1, out);
}

void reap_poll_outside(struct ptv_tracer *tr, struct facts *out)
{
	if (tr->nwatch == 0)
		return;
	for (struct proc *p = tr->procs, *nx; p; p = nx) {
		nx = p->next;
		if (!p->dead || !p->outside_reaper)
			continue;
		unsigned long long start = 0;
		char state = 0;
		if (tr->pfs->stat(p->pid, &state, NULL, &start) && start == p->starttime)
			continue;
		reap_by_outsider(tr, p, out);
	}
}
