/* pidns.c — pids across pid namespaces (pid_namespaces(7)).
 *
 * ptviz names every process by its pid in ptviz's own namespace (ptrace and /proc give those).
 * A process in a child namespace (under `unshare -p -f`, a container's init, CLONE_NEWPID) sees
 * other numbers: wait4 returns, and waitid's si_pid holds, the child's pid in the caller's
 * namespace. /proc/PID/status's NSpid line lists a process's pid at every level from /proc's
 * namespace down to its own, so the pid a viewer at depth d sees is NSpid[d]. A reaped child is
 * gone from /proc by the time its parent's wait returns: its NSpid is kept from its exit stop
 * when its parent lives in another namespace (only then: one /proc read per such exit). */
#include "internal.h"
#include "procfs.h"

bool pidns_read(struct ptv_tracer *tr, struct proc *p)
{
	struct procfs_status st;
	(void)tr;
	if (p->nnspid > 0)
		return true;
	if (!procfs_status(p->pid, &st) || st.nnspid < 1)
		return false;
	p->nnspid = st.nnspid;
	for (int i = 0; i < st.nnspid; i++)
		p->nspid[i] = st.nspid[i];
	return true;
}

pid_t pidns_to_ptviz(struct ptv_tracer *tr, struct proc *viewer, pid_t id)
{
	if (id <= 0 || !viewer || !pidns_read(tr, viewer) || viewer->nnspid <= 1)
		return id;
	int d = viewer->nnspid - 1;
	for (struct proc *q = tr->procs; q; q = q->next) {
		if (q->retired)
			continue;
		/* A live process is read now; one that exited was read at its exit if needed. */
		if (!q->exit_logged)
			pidns_read(tr, q);
		if (q->nnspid > d && q->nspid[d] == id)
			return q->pid;
	}
	return id;
}

void pidns_note_exit(struct ptv_tracer *tr, struct proc *p)
{
	struct proc *parent = p->parent > 0 ? tracee_proc_get(tr, p->parent) : NULL;
	if (parent && !parent->dead && pidns_read(tr, parent) && parent->nnspid > 1)
		pidns_read(tr, p);
}
