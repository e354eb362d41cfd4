/* attach.c — `-p PID`: seize every thread of PID and of its descendants, report what already
 * exists, and let go cleanly at the end (ptrace(2) "Attaching and detaching"; strace detach()).
 *
 * No seccomp filter here (a filter cannot be removed, and RET_TRACE without a tracer makes the
 * calls fail with ENOSYS). By default the tracees stop only at ptrace events (attach_events.c);
 * with --exact they are restarted with PTRACE_SYSCALL, a stop at every call. */
#include "internal.h"
#include "procfs.h"
#include "sched_blocked.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

enum { ATTACH_PASSES = 8 };

struct pidpair {
	pid_t pid, ppid;
	char state;
};

/* Every process on the system with its parent. */
static struct pidpair *attach_list_all(int *count)
{
	DIR *d = opendir("/proc");
	struct pidpair *v = NULL;
	int n = 0, cap = 0;
	struct dirent *de;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid_t pid = atoi(de->d_name), ppid = 0;
		char state = 0;
		if (!procfs_stat(pid, &state, &ppid, NULL))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			struct pidpair *nv = realloc(v, (size_t)cap * sizeof *nv);
			if (!nv)
				break;
			v = nv;
		}
		v[n++] = (struct pidpair){ pid, ppid, state };
	}
	closedir(d);
	*count = n;
	return v;
}

/* Is pid root or one of its descendants, according to the list? */
static bool attach_in_tree(const struct pidpair *v, int n, pid_t pid, pid_t root)
{
	for (int depth = 0; depth < 4096 && pid > 0; depth++) {
		if (pid == root)
			return true;
		pid_t up = 0;
		for (int i = 0; i < n; i++)
			if (v[i].pid == pid)
				up = v[i].ppid;
		if (up == pid)
			break;
		pid = up;
	}
	return false;
}

static void attach_emit(struct ptv_tracer *tr, struct proc *p, bool zombie)
{
	struct procfs_image img;
	tracee_image(p->pid, &img);
	emit_attach(tr->em, p->pid, p->parent, &img, zombie ? PTV_ATTACH_ZOMBIE : PTV_ATTACH_RUNNING);
	procfs_image_free(&img);
	p->announced = true;
}

/* Seize the threads of one process; returns how many were new, or a negative PTV_ERR_*. */
static int attach_process(struct ptv_tracer *tr, pid_t pid, pid_t ppid, char state,
                          char *err, size_t errlen)
{
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
	            PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
	struct proc *p = tracee_proc_get(tr, pid);
	struct procfs_status st;
	if (p && (p->dead || p->threads > 0))
		return 0;
	if (!p && procfs_status(pid, &st) && st.tgid == pid) {
		/* Already ours: auto-attached while we walked (its first stop is still queued). */
		char *tp;
		char *s = procfs_slurp(pid, "status", 1 << 16, NULL);
		tp = s ? strstr(s, "TracerPid:") : NULL;
		bool ours = tp && atoi(tp + 10) == tr->self;
		free(s);
		if (ours)
			return 0;
	}
	if (!p) {
		p = tracee_proc_new(tr, pid, ppid);
		if (!p)
			return 0;
		if (procfs_status(pid, &st))
			p->sigchld_ign = (st.sig_ign >> (SIGCHLD - 1)) & 1;
	}
	if (state == 'Z') {
		/* A zombie cannot be traced: report it and follow it until it is reaped. */
		p->dead = true;
		tr->nprocs_alive--;
		attach_emit(tr, p, true);
		reap_on_death(tr, p, -1, &tr->facts);
		tracee_emit_facts(tr, NULL);
		return 1;
	}
	char path[64];
	sched_blocked inside = { .nr = -1 };
	struct thread *main_thread = NULL;
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	int added = 0;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid_t tid = atoi(de->d_name);
		if (tracee_thread_get(tr, tid))
			continue;
		if (ptrace(PTRACE_SEIZE, tid, 0L, opts) < 0) {
			int e = errno;
			if (pid == tr->root && tid == pid) {
				struct procfs_status pst;
				if (e == EPERM && procfs_status(pid, &pst) && pst.tracer > 0)
					/* A process has one tracer at a time (a debugger, strace, another ptviz). */
					snprintf(err, errlen, "attach to %d: %s (it is already traced by pid %d)",
					         (int)pid, strerror(e), (int)pst.tracer);
				else
					snprintf(err, errlen, "attach to %d: %s%s", (int)pid, strerror(e),
					         e == EPERM ? " (see /proc/sys/kernel/yama/ptrace_scope; tracing "
					                      "another user's process needs CAP_SYS_PTRACE)" : "");
				closedir(d);
				return e == EPERM ? PTV_ERR_PERM : e == ESRCH ? PTV_ERR_NOPROC : PTV_ERR_SYSTEM;
			}
			tracee_debug(tr, "seize %d: %s", tid, strerror(e));
			continue;
		}
		/* --exact: the call the main thread sleeps in, read before the interrupt wakes it. */
		char why[160];
		if (!tr->events_only && tid == pid &&
		    (sched_blocked_read(pid, tid, &inside, why, sizeof why) < 0 || inside.running))
			inside.nr = -1;
		/* A seized tracee runs on until it stops: --exact interrupts it so that it restarts
		 * under PTRACE_SYSCALL; events mode lets it run to its next event. */
		if (!tr->events_only)
			ptrace(PTRACE_INTERRUPT, tid, 0L, 0L);
		schedlog_attach_thread(tr->sched, tr, pid, tid);
		struct thread *t = tracee_thread_new(tr, p, tid);
		if (t && tid == pid)
			main_thread = t;
		added++;
	}
	if (d)
		closedir(d);
	if (p->threads == 0) {
		tracee_proc_free(tr, p);
		return 0;
	}
	if (!p->announced) {
		struct fdlook lk = tracee_fdlook(tr, p);
		if (!tr->events_only)
			fdtrack_scan(&p->fds, &lk);   /* events mode: the fds snapshots instead */
		attach_emit(tr, p, false);
		attev_fds(tr, p, PTV_FDS_ATTACH, false);
	}
	if (main_thread && inside.nr >= 0)
		sysev_attached_inside(tr, main_thread, inside.nr, inside.args);
	return added;
}

int attach_start(struct ptv_tracer *tr, char *err, size_t errlen)
{
	pid_t root = tr->opts.attach_pid;
	char state = 0;
	pid_t root_ppid = 0;
	if (root == tr->self || !procfs_stat(root, &state, &root_ppid, NULL)) {
		snprintf(err, errlen, root == tr->self ? "%d is ptviz itself" : "%d: no such process", (int)root);
		return PTV_ERR_NOPROC;
	}
	if (tr->events_only && attev_new(tr) < 0) {
		snprintf(err, errlen, "out of memory");
		return PTV_ERR_SYSTEM;
	}
	for (int pass = 0; pass < ATTACH_PASSES; pass++) {
		int n = 0, added = 0;
		struct pidpair *v = attach_list_all(&n);
		if (!v) {
			snprintf(err, errlen, "reading /proc: %s", strerror(errno));
			return PTV_ERR_SYSTEM;
		}
		/* Parents before children: the root first, then by walking the list repeatedly. */
		int rc = attach_process(tr, root, root_ppid, state, err, errlen);
		for (int i = 0; rc >= 0 && i < n; i++) {
			if (v[i].pid == root || !attach_in_tree(v, n, v[i].pid, root))
				continue;
			int r = attach_process(tr, v[i].pid, v[i].ppid, v[i].state, err, errlen);
			added += r > 0 ? r : 0;
		}
		free(v);
		if (rc < 0)
			return rc;
		added += rc;
		if (added == 0)
			break;
	}
	return 0;
}

void attach_detach_thread(struct ptv_tracer *tr, struct thread *t, int sig)
{
	struct proc *p = t->proc;
	ptrace(PTRACE_DETACH, t->tid, 0L, (long)sig);
	tracee_thread_free(tr, t);
	if (p->threads == 0 && !p->dead) {
		emit_detach(tr->em, p->pid);
		tracee_proc_free(tr, p);
	}
}

void attach_detach_all(struct ptv_tracer *tr)
{
	tr->detaching = true;
	for (unsigned i = 0; i < PTV_HASH_SIZE; i++) {
		struct thread *t = tr->thash[i];
		while (t) {
			struct thread *nx = t->hnext;
			if (t->pending) {
				attach_detach_thread(tr, t, 0);   /* held in a stop: let go now */
			} else {
				t->detaching = true;
				ptrace(PTRACE_INTERRUPT, t->tid, 0L, 0L);
			}
			t = nx;
		}
	}
}
