/* reap.c — who collects a zombie, and orphans (wait(2) NOTES; kernel/exit.c exit_notify,
 * forget_original_parent, wait_task_zombie). */
#include "internal.h"
#include "procfs.h"

#include <stdio.h>
#include <sys/wait.h>

void reap_emit(struct ptv_tracer *tr, pid_t reaper, struct proc *child, const char *via, int status)
{
	cJSON *o = writer_begin(tr->w, "reap", reaper);
	writer_add_int(o, "child", child->pid);
	cJSON_AddStringToObject(o, "via", via);
	if (status >= 0)
		writer_add_int(o, "status", status);
	if (tr->cur && tr->cur->proc->pid == reaper)
		tracee_stack(tr, o);
	writer_emit(tr->w, o);
	tracee_debug(tr, "reap %d by %d via %s", child->pid, reaper, via);
	if (child->threads == 0 && child->fork_in_flight)
		tracee_proc_retire(tr, child);   /* its last child's first stop may still be on its way */
	else if (child->threads == 0)
		tracee_proc_free(tr, child);
	else
		child->dead = true;   /* defensive: a stale thread record keeps it until it goes */
}

/* p's reaper is not traced: once p is dead, poll /proc until it disappears. */
static void reap_watch(struct ptv_tracer *tr, struct proc *p, pid_t adopter)
{
	p->adopter = adopter;
	if (!p->outside_reaper && p->dead)
		tr->nwatch++;
	p->outside_reaper = true;
}

void reap_on_death(struct ptv_tracer *tr, struct proc *p, int status)
{
	if (p->parent == tr->self && !tr->attach) {
		/* ptviz is both tracer and real parent: its waitpid() just collected p. */
		reap_emit(tr, tr->self, p, p->pid == tr->root ? "tracer" : "subreaper", status);
		return;
	}
	struct proc *pp = p->parent ? tracee_proc_get(tr, p->parent) : NULL;
	if (pp && !pp->dead) {
		/* The kernel decides auto-reap when the tracer consumes the exit report
		 * (wait_task_zombie → do_notify_parent), i.e. just now. */
		if (pp->sigchld_ign || pp->nocldwait)
			reap_emit(tr, pp->pid, p, "auto", -1);
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
	if (procfs_stat(q->pid, NULL, &ppid, &start) && start == q->starttime && ppid > 0)
		return ppid;
	return tr->opts.subreaper && !tr->attach ? tr->self : 1;
}

void reap_orphans_of(struct ptv_tracer *tr, struct proc *dead)
{
	for (struct proc *q = tr->procs, *nx; q; q = nx) {
		nx = q->next;
		if (q == dead || q->retired || q->parent != dead->pid)
			continue;
		pid_t to = reap_adopter(tr, q);
		cJSON *o = writer_begin(tr->w, "reparent", q->pid);
		writer_add_int(o, "from", dead->pid);
		writer_add_int(o, "to", to);
		writer_emit(tr->w, o);
		q->parent = to;
		struct proc *np = tracee_proc_get(tr, to);
		if (to == tr->self && !tr->attach)
			continue;   /* ptviz reaps it: at its death, or at the second report if a zombie */
		if (np && !np->dead) {
			if (q->dead && (np->sigchld_ign || np->nocldwait))
				reap_emit(tr, np->pid, q, "auto", -1);
			continue;
		}
		reap_watch(tr, q, to);
	}
}

bool reap_on_tracer_wait(struct ptv_tracer *tr, pid_t pid, int status)
{
	struct proc *p = tracee_proc_get(tr, pid);
	if (!p || !p->dead)
		return false;
	if (p->parent != tr->self) {
		/* This report can come before its old parent's death report (both are queued by the
		 * same exit_notify): record the adoption first. */
		cJSON *o = writer_begin(tr->w, "reparent", p->pid);
		writer_add_int(o, "from", p->parent);
		writer_add_int(o, "to", tr->self);
		writer_emit(tr->w, o);
		p->parent = tr->self;
	}
	reap_emit(tr, tr->self, p, "subreaper", status);
	return true;
}

void reap_poll_outside(struct ptv_tracer *tr)
{
	if (tr->nwatch == 0)
		return;
	for (struct proc *p = tr->procs, *nx; p; p = nx) {
		nx = p->next;
		if (!p->dead || !p->outside_reaper)
			continue;
		unsigned long long start = 0;
		char state = 0;
		if (procfs_stat(p->pid, &state, NULL, &start) && start == p->starttime)
			continue;
		reap_emit(tr, p->adopter, p, "init", -1);
	}
}
