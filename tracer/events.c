/* events.c — ptrace stops that change a process's life: creation, exec, exit, death, job
 * control and signal delivery (ptrace(2) "Stopped states"; strace's dispatch_event). */
#include "internal.h"
#include "procfs.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stop.h"

enum { ARGV_MAX_ELEMS = 256, ARGV_MAX_BYTES = 4096 };

/* Write the fork or thread event for a newly linked tracee and give it its inheritance. */
static void tracee_announce(struct ptv_tracer *tr, struct thread *c, struct proc *creator,
                            struct thread *by, const char *via)
{
	struct proc *p = c->proc;
	if (c->pending_thread || p->pid != c->tid) {
		cJSON *o = writer_begin(tr->w, "thread", p->pid);
		writer_add_int(o, "tid", c->tid);
		writer_emit(tr->w, o);
		return;
	}
	if (p->announced)
		return;
	p->announced = true;
	cJSON *o = writer_begin(tr->w, "fork", creator ? creator->pid : p->parent);
	writer_add_int(o, "child", p->pid);
	cJSON_AddStringToObject(o, "via", via);
	if (creator && p->parent && p->parent != creator->pid)
		writer_add_int(o, "parent", p->parent);
	if (by && tr->stacks)
		stacks_add(tr->stacks, o, by->proc->pid, by->tid);
	else if (creator && tr->stacks)
		/* The creator's fork report never came (it died first): the child, held at its
		 * first stop before running, still holds a copy of the creator's stack. */
		stacks_add(tr->stacks, o, p->pid, c->tid);
	writer_emit(tr->w, o);
	if (creator) {
		if (creator->fork_in_flight == p->pid)
			creator->fork_in_flight = 0;
		stacks_fork(tr->stacks, creator->pid, p->pid);
		/* fork copies signal dispositions, the fd table and the mappings. */
		p->sigchld_ign = creator->sigchld_ign;
		p->nocldwait = creator->nocldwait;
		p->sigchld_caught = creator->sigchld_caught;
		p->sigchld_known = creator->sigchld_known;
		fdtab_copy(&p->fds, &creator->fds);
		shmap_on_fork(tr, creator, p);
	}
	if (tr->stopping && !tr->attach)
		kill(p->pid, SIGKILL);
}

/* Create the records for a tracee first seen at tid; NULL if it vanished. */
static struct thread *tracee_adopt(struct ptv_tracer *tr, pid_t tid, bool *is_thread)
{
	struct procfs_status st;
	if (!procfs_status(tid, &st))
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
			reap_emit(tr, p->adopter, p, "init", -1);
			p = NULL;
		}
		if (!p)
			p = tracee_proc_new(tr, tid, st.ppid);
	}
	if (!p)
		return NULL;
	struct thread *t = tracee_thread_new(tr, p, tid);
	if (t)
		t->pending_thread = *is_thread;
	return t;
}

/* The dead traced process killed inside the fork that made new process t, if any. */
static struct proc *tracee_dead_creator(struct ptv_tracer *tr, struct thread *t)
{
	struct proc *pp = tracee_proc_get(tr, t->proc->parent);
	if (pp && !pp->dead)
		return NULL;   /* the usual case: its parent is alive and traced */
	pid_t tid = t->tid;
	for (struct proc *p = tr->procs; p; p = p->next)
		if (p->dead && p->fork_in_flight == tid)
			return p;
	return NULL;
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
		tracee_announce(tr, t, creator, NULL, "fork");
		reap_orphans_of(tr, creator);
		creator->fork_in_flight = 0;
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
			tracee_announce(tr, t, creator, NULL, "fork");
			tracee_resume(tr, t, 0);
		}
	}
}

/* "clone" or "clone3" for an EVENT_CLONE that made a process: the syscall number is in
 * orig_rax at the event stop (clone3's flags are in memory, the number is enough). */
static const char *tracee_clone_via(pid_t tid)
{
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETREGS, tid, 0L, &regs) == 0 && regs.orig_rax == SYS_clone3)
		return "clone3";
	return "clone";
}

void tracee_on_fork(struct ptv_tracer *tr, struct thread *t, int kind)
{
	unsigned long msg = 0;
	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg) < 0)
		return;
	pid_t newtid = (pid_t)msg;
	const char *via = kind == STOP_FORK ? "fork" : kind == STOP_VFORK ? "vfork" : NULL;
	struct thread *c = tracee_thread_get(tr, newtid);
	if (c && !c->pending)
		return;   /* already linked when its creator died */
	if (!c) {
		bool is_thread = false;
		c = tracee_adopt(tr, newtid, &is_thread);
		if (!c)
			return;
	}
	if (!via)
		via = c->pending_thread ? "clone" : tracee_clone_via(t->tid);
	bool was_pending = c->pending;
	if (was_pending)
		tr->npending--;
	c->pending = false;
	tracee_announce(tr, c, t->proc, t, via);
	if (kind == STOP_VFORK) {
		t->proc->vfork_wait = true;
		c->proc->vfork_parent = t->proc->pid;
		tracee_set_state(tr, t->proc, PS_BLOCKED, "vfork", 0);
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
	if (p->state == PS_BLOCKED)
		tracee_set_state(tr, p, PS_RUNNING, NULL, 0);
}

/* The argv array from /proc/PID/cmdline, bounded as the log contract says. */
static cJSON *tracee_argv(pid_t pid, bool *truncated)
{
	size_t len = 0;
	char *buf = procfs_slurp(pid, "cmdline", ARGV_MAX_ELEMS * ARGV_MAX_BYTES, &len);
	cJSON *arr = cJSON_CreateArray();
	*truncated = false;
	if (!buf || !arr)
		goto out;
	for (size_t off = 0, n = 0; off < len; n++) {
		size_t l = strnlen(buf + off, len - off);
		if (n == ARGV_MAX_ELEMS) {
			*truncated = true;
			break;
		}
		size_t keep = l > ARGV_MAX_BYTES ? ARGV_MAX_BYTES : l;
		if (keep < l)
			*truncated = true;
		cJSON_AddItemToArray(arr, writer_str_item(buf + off, keep));
		off += l + 1;
	}
out:
	free(buf);
	return arr;
}

/* Add path and argv of pid (after exec, or at attach) to o. */

void tracee_add_image(cJSON *o, pid_t pid)
{
	char path[4096];
	if (procfs_link(pid, "exe", path, sizeof path) >= 0)
		writer_add_str(o, "path", path);
	bool truncated;
	cJSON_AddItemToObject(o, "argv", tracee_argv(pid, &truncated));
	if (truncated)
		writer_add_bool(o, "argv_truncated", true);
}

void tracee_on_exec(struct ptv_tracer *tr, pid_t tid)
{
	unsigned long former = (unsigned long)tid;
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
					cJSON *ev = writer_begin(tr->w, "thread_exit", p->pid);
					writer_add_int(ev, "tid", o->tid);
					writer_emit(tr->w, ev);
					tracee_thread_free(tr, o);
				}
				o = nx;
			}
		}
	}
	t->exit_seen = false;
	p->live = 1;
	/* A thread that was blocked is gone with the old image; the exec'ing thread runs. */
	if (p->state == PS_BLOCKED)
		tracee_set_state(tr, p, PS_RUNNING, NULL, 0);
	cJSON *o = writer_begin(tr->w, "exec", p->pid);
	tracee_add_image(o, p->pid);
	privs_on_exec(tr, o, p->pid);
	if ((pid_t)former != tid)
		writer_add_int(o, "from_tid", (long long)former);
	stacks_attach(o, t->exec_stack, t->exec_stack_err);
	t->exec_stack = NULL;
	writer_emit(tr->w, o);
	tracee_vfork_release(tr, p);
	stacks_forget(tr->stacks, p->pid);
	/* exec resets handled signals and their flags; SIG_IGN survives (execve(2)). */
	p->nocldwait = false;
	p->sigchld_caught = false;
	fdtrack_on_exec(tr, p);
	shmap_drop_all(tr, p, "exec");
	if (p->pid == tr->root)
		tr->root_execd = true;
}

/* Write the exit event from a wait status. */
static void tracee_log_exit(struct ptv_tracer *tr, struct proc *p, int status, struct thread *by)
{
	if (p->exit_logged)
		return;
	p->exit_logged = true;
	tracee_vfork_release(tr, p);
	cJSON *o = writer_begin(tr->w, "exit", p->pid);
	if (WIFSIGNALED(status)) {
		char buf[32];
		cJSON_AddStringToObject(o, "signal", tracee_signame(WTERMSIG(status), buf, sizeof buf));
		writer_add_int(o, "signo", WTERMSIG(status));
		writer_add_bool(o, "core", WCOREDUMP(status) != 0);
	} else {
		writer_add_int(o, "code", WEXITSTATUS(status));
	}
	unsigned long long cpu, runq;
	if (procfs_schedstat(p->pid, &cpu, &runq)) {
		writer_add_int(o, "cpu_ns", (long long)cpu);
		writer_add_int(o, "runq_ns", (long long)runq);
	}
	if (by && tr->stacks)
		stacks_add(tr->stacks, o, p->pid, by->tid);
	writer_emit(tr->w, o);
	shmap_drop_all(tr, p, "exit");
}

/* A thread killed inside fork/clone (SIGKILL lands as the call returns): the new child exists,
 * but its creator's fork event will never come. The call's number and result are still in the
 * registers at the exit stop. */
static void tracee_note_fork_in_flight(struct thread *t)
{
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETREGS, t->tid, 0L, &regs) < 0)
		return;
	long nr = (long)regs.orig_rax, ret = (long)regs.rax;
	if ((nr == SYS_fork || nr == SYS_vfork || nr == SYS_clone || nr == SYS_clone3) && ret > 0)
		t->proc->fork_in_flight = (pid_t)ret;
}

void tracee_on_exit(struct ptv_tracer *tr, struct thread *t)
{
	unsigned long msg = 0;
	ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg);
	if (WIFSIGNALED((int)msg))   /* only a signal can end a thread inside fork */
		tracee_note_fork_in_flight(t);
	if (!t->exit_seen) {
		t->exit_seen = true;
		t->proc->live--;
	}
	if (t->proc->live <= 0) {
		fdtrack_learn_all(tr, t->proc, "exit");   /* its fds are still open at this stop */
		tracee_log_exit(tr, t->proc, (int)msg, t);
		tracee_release_pending(tr, t->proc);
	}
}

void tracee_on_death(struct ptv_tracer *tr, struct thread *t, int status)
{
	struct proc *p = t->proc;
	if (t->tid != p->pid) {
		if (t->blocked && p->state == PS_BLOCKED)
			tracee_set_state(tr, p, PS_RUNNING, NULL, 0);
		cJSON *o = writer_begin(tr->w, "thread_exit", p->pid);
		writer_add_int(o, "tid", t->tid);
		writer_emit(tr->w, o);
		tracee_thread_free(tr, t);
		return;
	}
	tracee_log_exit(tr, p, status, NULL);
	tracee_release_pending(tr, p);
	tracee_thread_free(tr, t);
	stacks_forget(tr->stacks, p->pid);
	p->dead = true;
	tr->nprocs_alive--;
	tracee_set_state(tr, p, PS_ZOMBIE, NULL, 0);
	if (p->pid == tr->root) {
		tr->root_done = true;
		tr->root_status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	}
	reap_orphans_of(tr, p);
	reap_on_death(tr, p, status);
}

void tracee_on_group_stop(struct ptv_tracer *tr, struct thread *t, int sig)
{
	if (t->proc->state != PS_STOPPED)
		tracee_set_state(tr, t->proc, PS_STOPPED, NULL, sig);
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
		if (t->proc->state == PS_STOPPED)
			tracee_set_state(tr, t->proc, PS_RUNNING, NULL, 0);
	}
	tracee_resume(tr, t, 0);
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

static const char *tracee_code_name(int sig, int code, char *buf, size_t size)
{
	static const char *const cld[] = { NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED",
	                                   "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED" };
	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_KERNEL: return "SI_KERNEL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_TIMER: return "SI_TIMER";
	case SI_MESGQ: return "SI_MESGQ";
	case SI_ASYNCIO: return "SI_ASYNCIO";
	case SI_SIGIO: return "SI_SIGIO";
	case SI_TKILL: return "SI_TKILL";
	}
	if (sig == SIGCHLD && code >= 1 && code <= 6)
		return cld[code];
	if (sig == SIGSEGV && code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	snprintf(buf, size, "%d", code);
	return buf;
}

/* SIGPIPE from a write: the write's fd is still in rdi at the signal-delivery-stop. */
static void tracee_add_sigpipe_fd(cJSON *o, struct thread *t)
{
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETREGS, t->tid, 0L, &regs) < 0)
		return;
	long nr = (long)regs.orig_rax;
	if (nr != SYS_write && nr != SYS_writev && nr != SYS_pwrite64 && nr != SYS_pwritev &&
	    nr != SYS_sendto && nr != SYS_sendmsg && nr != SYS_splice && nr != SYS_vmsplice)
		return;
	int fd = (int)regs.rdi;
	unsigned long ino = 0;
	struct fdend *e = fdtab_find(&t->proc->fds, fd);
	if (e)
		ino = e->ino;
	else if (procfs_fd_kind(t->proc->pid, fd, &ino) == PROCFS_FD_OTHER)
		ino = 0;
	writer_add_int(o, "fd", fd);
	if (ino)
		writer_add_int(o, "ino", (long long)ino);
}

void tracee_on_signal(struct ptv_tracer *tr, struct thread *t, int sig)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	bool have_info = ptrace(PTRACE_GETSIGINFO, t->tid, 0L, &si) == 0;
	if (tracee_signal_matters(t, sig)) {
		char nbuf[32], cbuf[16];
		cJSON *o = writer_begin(tr->w, "signal", t->proc->pid);
		if (t->tid != t->proc->pid)
			writer_add_int(o, "tid", t->tid);
		cJSON_AddStringToObject(o, "signal", tracee_signame(sig, nbuf, sizeof nbuf));
		writer_add_int(o, "signo", sig);
		if (have_info) {
			if (si.si_code <= 0 || sig == SIGCHLD)
				if (si.si_pid > 0)
					writer_add_int(o, "sender", si.si_pid);
			cJSON_AddStringToObject(o, "code", tracee_code_name(sig, si.si_code, cbuf, sizeof cbuf));
		}
		if (sig == SIGPIPE)
			tracee_add_sigpipe_fd(o, t);
		writer_emit(tr->w, o);
	}
	tracee_resume(tr, t, sig);
}
