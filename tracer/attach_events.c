/* attach_events.c — attach mode's default: ptrace events only (fork, exec, exit), no syscall
 * stops, so the attached program runs at its own speed (issue 16).
 *
 * What the syscall stops used to tell comes from elsewhere: a zombie is watched (pidwatch.c)
 * from its death report until it disappears, and its reaper is its parent at that moment
 * (`reap` via "observed", with the precision of the time); pipe and FIFO ends come from
 * /proc/PID/fd snapshots at attach, fork, exec and exit and from a low-rate poll (`fds`). */
#include "internal.h"
#include "pidwatch.h"

#include <stdlib.h>

enum {
	ATTEV_CHECK_NS = 1000000,        /* watched zombies: checked at most every 1 ms while busy */
	ATTEV_SLEEP_MS = 5,              /* and the loop sleeps at most this long while some exist */
	ATTEV_PPID_NS = 100000000,       /* parents outside the trace re-read every 100 ms */
	ATTEV_FDS_POLL_NS = 1000000000,  /* the fds poll: every second */
};

struct attev {
	struct pidwatch *pw;
	int64_t last_check, last_ppid, last_fds;
};

int attev_new(struct ptv_tracer *tr)
{
	struct attev *a = calloc(1, sizeof *a);
	if (!a)
		return -1;
	a->pw = pidwatch_new(pidwatch_kernel_ok());
	if (!a->pw) {
		free(a);
		return -1;
	}
	tr->attev = a;
	tracee_debug(tr, "attach: events only; zombies watched by %s",
	             pidwatch_kernel_ok() ? "pidfd" : "/proc polling");
	return 0;
}

void attev_free(struct ptv_tracer *tr)
{
	if (!tr->attev)
		return;
	pidwatch_free(tr->attev->pw);
	free(tr->attev);
	tr->attev = NULL;
}

void attev_watch(struct ptv_tracer *tr, struct proc *p)
{
	if (!tr->attev)
		return;
	int64_t now = writer_now(tr->w);
	if (pidwatch_add(tr->attev->pw, p->pid, p->starttime, now))
		return;
	/* Already gone (auto-reaped, or reaped since its death report, when it was last known to be
	 * there: the stop being handled; an attached zombie was seen in /proc after the start). */
	reap_observed(tr, p, now - tr->last_event_t, &tr->facts);
	tracee_emit_facts(tr, NULL);
}

/* pidwatch_check's report: pid disappeared; last seen present at seen. */
static void attev_gone(void *ctx, pid_t pid, int64_t seen)
{
	struct ptv_tracer *tr = ctx;
	struct proc *p = tracee_proc_get(tr, pid);
	if (!p || !p->dead)
		return;
	int64_t precision = writer_now(tr->w) - seen;
	reap_observed(tr, p, precision > 0 ? precision : 0, &tr->facts);
	tracee_emit_facts(tr, NULL);
}

bool attev_reaped_now(struct ptv_tracer *tr, struct proc *p)
{
	if (!tr->attev || !pidwatch_has(tr->attev->pw, p->pid))
		return false;
	pidwatch_remove(tr->attev->pw, p->pid);
	reap_observed(tr, p, 0, &tr->facts);   /* gone before this very moment: late, not early */
	tracee_emit_facts(tr, NULL);
	return true;
}

/* A watched zombie whose parent is not a live tracee: follow its parent in /proc (the parent may
 * die and the zombie be adopted, with no event of ours to say so). */
static void attev_refresh_parents(struct ptv_tracer *tr)
{
	for (struct proc *p = tr->procs; p; p = p->next) {
		if (!p->dead || p->retired || !pidwatch_has(tr->attev->pw, p->pid))
			continue;
		struct proc *pp = tracee_proc_get(tr, p->parent);
		if (pp && !pp->dead)
			continue;
		pid_t ppid = 0;
		unsigned long long start = 0;
		if (procfs_stat(p->pid, NULL, &ppid, &start) && start == p->starttime && ppid > 0 &&
		    ppid != p->parent) {
			struct fact *f = facts_push(&tr->facts, FACT_REPARENT, p->pid);
			if (f) {
				f->from = p->parent;
				f->to = ppid;
			}
			p->parent = ppid;
		}
	}
	tracee_emit_facts(tr, NULL);
}

/* The low-rate poll: every live process's ends, written when they changed. */
static void attev_poll_fds(struct ptv_tracer *tr)
{
	for (struct proc *p = tr->procs; p; p = p->next)
		if (!p->dead && !p->retired && p->announced && p->threads > 0)
			attev_fds(tr, p, PTV_FDS_POLL, true);
}

void attev_tick(struct ptv_tracer *tr, int64_t now)
{
	struct attev *a = tr->attev;
	if (!a)
		return;
	if (pidwatch_count(a->pw) > 0 && now - a->last_check >= ATTEV_CHECK_NS) {
		a->last_check = now;
		if (now - a->last_ppid >= ATTEV_PPID_NS) {
			a->last_ppid = now;
			attev_refresh_parents(tr);
		}
		pidwatch_check(a->pw, now, attev_gone, tr);
	}
	if (now - a->last_fds >= ATTEV_FDS_POLL_NS) {
		a->last_fds = now;
		attev_poll_fds(tr);
	}
}

int attev_timeout(struct ptv_tracer *tr, int timeout)
{
	struct attev *a = tr->attev;
	if (!a)
		return timeout;
	int want = (int)((a->last_fds + ATTEV_FDS_POLL_NS - writer_now(tr->w)) / 1000000) + 1;
	if (pidwatch_count(a->pw) > 0 && want > ATTEV_SLEEP_MS)
		want = ATTEV_SLEEP_MS;
	if (want < 0)
		want = 0;
	return timeout < 0 || want < timeout ? want : timeout;
}

int attev_watching(struct ptv_tracer *tr)
{
	return tr->attev ? pidwatch_count(tr->attev->pw) : 0;
}

struct pollfd *attev_pollfds(struct ptv_tracer *tr, int reserve, int *n)
{
	*n = 0;
	return tr->attev ? pidwatch_pollfds(tr->attev->pw, reserve, n) : NULL;
}

void attev_fds(struct ptv_tracer *tr, struct proc *p, ptv_fds_at at, bool only_if_changed)
{
	if (!tr->attev)
		return;
	struct fdsnap s = { NULL, 0, 0 };
	if (fdsnap_read(p->pid, &s) == 0 && (!only_if_changed || s.sig != p->fds_sig)) {
		p->fds_sig = s.sig;
		emit_fds(tr->em, p->pid, at, &s);
	}
	fdsnap_free(&s);
}
