/* sysdec_wait.c — the wait family's decoders (wait4, which glibc's wait and waitpid call, and
 * waitid): every return becomes a `wait` event (whom the caller waited for, its options, what
 * it got), then the reap it may be (reap.c). Every form the kernel accepts (wait(2)): any child,
 * a pid, a process group (wait4's 0 and -pgid, waitid's P_PGID), a pidfd (P_PIDFD), with or
 * without a status or siginfo pointer, with or without rusage. Pids are the caller's: in
 * another pid namespace they are translated to ptviz's (pidns.c). */
#include "internal.h"
#include "procfs.h"
#include "sysdec.h"

#include <signal.h>
#include <sys/wait.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* wait4's status word → the event's status. */
static void sysdec_wait_raw(int st, struct emit_wait *w)
{
	if (WIFEXITED(st)) {
		w->status = EMIT_WAIT_EXITED;
		w->value = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		w->status = EMIT_WAIT_SIGNALED;
		w->value = WTERMSIG(st);
		w->core = WCOREDUMP(st) != 0;
	} else if (WIFSTOPPED(st)) {
		w->status = EMIT_WAIT_STOPPED;
		w->value = WSTOPSIG(st);
	} else if (WIFCONTINUED(st)) {
		w->status = EMIT_WAIT_CONTINUED;
	}
}

/* waitid's si_code and si_status → the event's status. */
static void sysdec_wait_code(int code, int sst, struct emit_wait *w)
{
	w->value = sst;
	if (code == CLD_EXITED) {
		w->status = EMIT_WAIT_EXITED;
	} else if (code == CLD_KILLED || code == CLD_DUMPED) {
		w->status = EMIT_WAIT_SIGNALED;
		w->core = code == CLD_DUMPED;
	} else if (code == CLD_STOPPED || code == CLD_TRAPPED) {
		w->status = EMIT_WAIT_STOPPED;
	} else if (code == CLD_CONTINUED) {
		w->status = EMIT_WAIT_CONTINUED;
	}
}

static void sysdec_wait_ret(struct emit_wait *w, long ret, pid_t child)
{
	w->ret = ret < 0 ? -1 : child;
	w->err = ret < 0 ? (int)-ret : 0;
}

bool sysdec_wait4_enter(struct ptv_tracer *tr, struct thread *t)
{
	if (!(t->args[2] & WNOHANG))
		sysdec_block(tr, t, t->sc->name);
	return true;
}

/* wait4's pid argument: < -1 a process group, -1 any child, 0 the caller's group, > 0 one. */
static void sysdec_wait4_who(struct ptv_tracer *tr, struct thread *t, struct emit_wait *w)
{
	pid_t pid = (pid_t)t->args[0];
	if (pid == -1) {
		w->who = EMIT_WHO_ANY;
	} else if (pid == 0) {
		w->who = EMIT_WHO_OWN_GROUP;
	} else {
		w->who = pid < 0 ? EMIT_WHO_PGID : EMIT_WHO_PID;
		w->who_id = pidns_to_ptviz(tr, t->proc, pid < 0 ? -pid : pid);
	}
}

void sysdec_wait4_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	struct emit_wait w = { .pid = t->proc->pid, .tid = t->tid, .call = PTV_WAIT_WAIT4,
	                       .options = (long)t->args[2] };
	int status;
	bool known = ret > 0 && t->args[1] &&
	             procfs_read_mem(t->tid, t->args[1], &status, sizeof status) == sizeof status;
	pid_t child = ret > 0 ? pidns_to_ptviz(tr, t->proc, (pid_t)ret) : 0;
	struct proc *c = child > 0 ? tracee_proc_get(tr, child) : NULL;
	/* No status pointer (wait4(pid, NULL, ...)): a dead child's report is its death. */
	const int *st = known ? &status : c && c->dead && c->exit_logged ? &c->exit_status : NULL;

	sysdec_wait4_who(tr, t, &w);
	sysdec_wait_ret(&w, ret, child);
	if (ret > 0 && st)
		sysdec_wait_raw(*st, &w);
	emit_wait(tr->em, &w);
	if (ret > 0)
		reap_on_wait4(tr, t->proc->pid, child, st, &tr->facts);
	sysdec_flush(tr, t);
}

bool sysdec_waitid_enter(struct ptv_tracer *tr, struct thread *t)
{
	if (!(t->args[3] & WNOHANG))
		sysdec_block(tr, t, t->sc->name);
	return true;
}

/* waitid's idtype and id. */
static void sysdec_waitid_who(struct ptv_tracer *tr, struct thread *t, struct emit_wait *w)
{
	int idtype = (int)t->args[0];
	pid_t id = (pid_t)t->args[1];
	if (idtype == P_PID) {
		w->who = EMIT_WHO_PID;
		w->who_id = pidns_to_ptviz(tr, t->proc, id);
	} else if (idtype == P_PGID) {
		w->who = id == 0 ? EMIT_WHO_OWN_GROUP : EMIT_WHO_PGID;
		w->who_id = pidns_to_ptviz(tr, t->proc, id);
	} else if (idtype == P_PIDFD) {
		w->who = EMIT_WHO_PIDFD;
		w->who_id = id;
	} else {
		w->who = EMIT_WHO_ANY;
	}
}

/* waitid(..., NULL, ...) tells nothing of what it collected (Linux allows a NULL infop): the
 * caller's dead child, matching the call's target, that is no longer in /proc is the one. */
static struct proc *sysdec_waitid_vanished(struct ptv_tracer *tr, struct thread *t)
{
	int idtype = (int)t->args[0];
	pid_t want = 0;
	if (idtype == P_PID)
		want = pidns_to_ptviz(tr, t->proc, (pid_t)t->args[1]);
	else if (idtype == P_PIDFD)
		want = procfs_pidfd_pid(t->proc->pid, (int)t->args[1]);
	for (struct proc *q = tr->procs; q; q = q->next) {
		unsigned long long start = 0;
		if (q->retired || !q->dead || q->parent != t->proc->pid || (want && q->pid != want))
			continue;
		if (!tr->pfs->stat(q->pid, NULL, NULL, &start) || start != q->starttime)
			return q;
	}
	return NULL;
}

void sysdec_waitid_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	struct emit_wait w = { .pid = t->proc->pid, .tid = t->tid, .call = PTV_WAIT_WAITID,
	                       .options = (long)t->args[3] };
	int options = (int)t->args[3], code = 0, sst = 0;
	pid_t child = 0;
	siginfo_t si;

	sysdec_waitid_who(tr, t, &w);
	if (ret == 0 && t->args[2]) {
		if (procfs_read_mem(t->tid, t->args[2], &si, sizeof si) == sizeof si && si.si_pid) {
			child = pidns_to_ptviz(tr, t->proc, si.si_pid);
			code = si.si_code;
			sst = si.si_status;
		}
	} else if (ret == 0 && (options & WEXITED) && !(options & WNOWAIT)) {
		struct proc *q = sysdec_waitid_vanished(tr, t);
		if (q) {
			child = q->pid;
			code = WIFSIGNALED(q->exit_status) ? (WCOREDUMP(q->exit_status) ? CLD_DUMPED
			                                                                 : CLD_KILLED)
			                                   : CLD_EXITED;
			sst = WIFSIGNALED(q->exit_status) ? WTERMSIG(q->exit_status)
			                                  : WEXITSTATUS(q->exit_status);
		}
	}
	sysdec_wait_ret(&w, ret, child);
	if (child > 0)
		sysdec_wait_code(code, sst, &w);
	emit_wait(tr->em, &w);
	if (child > 0)
		reap_on_waitid(tr, t->proc->pid, options, child, code, &tr->facts);
	sysdec_flush(tr, t);
}
