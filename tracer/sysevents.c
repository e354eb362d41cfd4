/* sysevents.c — syscall entry/exit stops (PTRACE_GET_SYSCALL_INFO): find the call's row in the
 * table and run its decoders (sysdec.c). The blocked/running bracket of a blocking call and the
 * shared-mapping re-check of the SC_SCAN_MAPS rows are done here, for every row alike. */
#include "arch.h"
#include "filter.h"
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>

/* An entry (or seccomp) stop of a call of the table. Returns whether its exit stop is wanted. */
static bool sysev_enter(struct ptv_tracer *tr, struct thread *t)
{
	const struct sc_info *sc = t->sc;
	tracee_debug(tr, "%d: enter %s", t->tid, sc->name);
	/* Before the call: an unmap that led to it comes before what it does (block, signal). */
	if ((sc->flags & SC_SCAN_MAPS) && t->proc->shm.n > 0)
		tracee_scan_maps(tr, t->proc);
	if (sc->enter)
		return sc->enter(tr, t);
	return sc->exit != NULL;
}

static void sysev_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	struct proc *p = t->proc;
	tracee_debug(tr, "%d: exit %s = %ld", t->tid, t->sc->name, ret);
	if (t->blocked) {
		t->blocked = false;
		if (p->state == PTV_STATE_BLOCKED)
			tracee_set_state(tr, p, PTV_STATE_RUNNING, NULL, 0);
	}
	if (t->sc->exit)
		t->sc->exit(tr, t, ret);
	t->fifo_open = false;
}

/* Kernel-internal returns of an interrupted call (include/linux/errno.h): the call is not over.
 * ERESTARTNOINTR is always restarted; ERESTARTSYS unless a handler without SA_RESTART runs;
 * ERESTARTNOHAND and ERESTART_RESTARTBLOCK unless any handler runs (then -EINTR). */
enum {
	SYSEV_ERESTARTSYS = 512,
	SYSEV_ERESTARTNOINTR = 513,
	SYSEV_ERESTARTNOHAND = 514,
	SYSEV_ERESTART_RESTARTBLOCK = 516,
};

static bool sysev_interrupted(long ret)
{
	return ret == -SYSEV_ERESTARTSYS || ret == -SYSEV_ERESTARTNOINTR ||
	       ret == -SYSEV_ERESTARTNOHAND || ret == -SYSEV_ERESTART_RESTARTBLOCK;
}

/* The interrupted call did not resume: a handler ran. It ends now; with EINTR for sure unless
 * it was ERESTARTSYS (SA_RESTART would restart it: then its new entry is a new call). */
static void sysev_interrupt_ends(struct ptv_tracer *tr, struct thread *t)
{
	long code = t->restart_ret;
	t->restarting = false;
	if (t->sc && code != -SYSEV_ERESTARTSYS) {
		sysev_exit(tr, t, -EINTR);
	} else if (t->blocked) {
		t->blocked = false;
		if (t->proc->state == PTV_STATE_BLOCKED)
			tracee_set_state(tr, t->proc, PTV_STATE_RUNNING, NULL, 0);
	}
	t->sc = NULL;
	t->entry_seen = false;
}

/* An entry stop while t's call is interrupted: the kernel resuming it (restart_syscall, or the
 * same call again)? Then it goes on as the same call, one blocked interval, its exit wanted.
 * Returns true when so. */
static bool sysev_resumed(struct ptv_tracer *tr, struct thread *t, const struct sc_info *sc)
{
	if (!t->restarting)
		return false;
	if (sc && ((sc->flags & SC_RESTART) || sc == t->sc)) {
		tracee_debug(tr, "%d: %s resumes", t->tid, t->sc ? t->sc->name : "?");
		t->restarting = false;
		t->entry_seen = true;
		t->in_syscall = true;
		return true;
	}
	sysev_interrupt_ends(tr, t);
	return false;
}

void sysev_attached_inside(struct ptv_tracer *tr, struct thread *t, long nr,
                           const uint64_t args[6])
{
	const struct sc_info *sc = sc_lookup(nr);
	if (!sc)
		return;
	t->sc = sc;
	for (int i = 0; i < 6; i++)
		t->args[i] = args[i];
	if (!sysev_enter(tr, t)) {
		t->sc = NULL;
		return;
	}
	tracee_debug(tr, "%d: attached inside %s", t->tid, sc->name);
	t->restarting = true;
	t->restart_ret = -SYSEV_ERESTARTSYS;
	t->entry_seen = false;
	t->in_syscall = true;
}

void sysev_on_signal(struct ptv_tracer *tr, struct thread *t, int sig)
{
	if (t->restarting && t->restart_ret != -SYSEV_ERESTARTNOINTR && tracee_signal_caught(t, sig))
		sysev_interrupt_ends(tr, t);
}

/* An exit stop without its entry: the thread was inside the call when ptviz attached (e.g. a
 * parent blocked in wait4). The number and arguments are still in the registers. */
static void sysev_recover_entry(struct thread *t)
{
	long nr;
	if (arch_call_regs(t->tid, &nr, t->args))
		t->sc = sc_lookup(nr);
}

/* A seccomp stop of the program's own filter (RET_TRACE with data not ptviz's): without a tracer
 * the call fails with ENOSYS and does nothing (seccomp(2)), so it does so here too. */
static void sysev_foreign_trace(struct ptv_tracer *tr, struct thread *t, uint64_t nr, uint32_t data)
{
	tracee_debug(tr, "%d: seccomp stop of the program's own filter (call %llu, data %#x): ENOSYS",
	             t->tid, (unsigned long long)nr, data);
	if (!arch_skip_call(t->tid, -ENOSYS))
		tracee_debug(tr, "%d: could not skip the call: %s", t->tid, strerror(errno));
	t->sc = NULL;
	t->entry_seen = false;
	t->in_syscall = false;
}

/* A vfork parent making a call runs again: its child exec'd (the kernel releases the parent when
 * the child's old memory goes, before the child's exec stop) and the parent got here first,
 * e.g. into the waitpid of posix_spawn's caller. It is running now, and the child's exec stop
 * must not end the call it is blocked in next (tracee_vfork_release sees vfork_wait false). */
static void sysev_vfork_released(struct ptv_tracer *tr, struct proc *p)
{
	p->vfork_wait = false;
	if (p->state == PTV_STATE_BLOCKED)
		tracee_set_state(tr, p, PTV_STATE_RUNNING, NULL, 0);
}

void sysev_on_stop(struct ptv_tracer *tr, struct thread *t, bool seccomp)
{
	struct __ptrace_syscall_info info;
	memset(&info, 0, sizeof info);
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof info, &info) <= 0) {
		t->in_syscall = false;
		return;
	}
	if (seccomp && info.op == PTRACE_SYSCALL_INFO_SECCOMP &&
	    info.seccomp.ret_data != FILTER_TRACE_DATA) {
		sysev_foreign_trace(tr, t, info.seccomp.nr, info.seccomp.ret_data);
		return;
	}
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
		uint64_t nr = info.op == PTRACE_SYSCALL_INFO_ENTRY ? info.entry.nr : info.seccomp.nr;
		const uint64_t *args = info.op == PTRACE_SYSCALL_INFO_ENTRY ? info.entry.args : info.seccomp.args;
		/* Another architecture's call (i386, x32) passes untraced, as under the filter. */
		const struct sc_info *sc = arch_native_call(info.arch, nr) ? sc_lookup((long)nr) : NULL;
		if (t->proc->vfork_wait)
			sysev_vfork_released(tr, t->proc);
		if (sysev_resumed(tr, t, sc))
			return;
		t->sc = sc;
		t->entry_seen = true;
		t->in_syscall = !seccomp;   /* without the filter every call stops at its exit anyway */
		if (!t->sc)
			return;
		memcpy(t->args, args, sizeof t->args);
		bool want_exit = sysev_enter(tr, t);
		if (seccomp && want_exit) {
			t->in_syscall = true;
		} else if (seccomp) {
			t->sc = NULL;
			t->entry_seen = false;
		}
	} else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
		t->in_syscall = false;
		if (!t->entry_seen && arch_native_call(info.arch, 0))
			sysev_recover_entry(t);
		long ret = (long)info.exit.rval;
		if (t->sc && sysev_interrupted(ret)) {
			/* Not over: the signal comes first, then the kernel resumes the call. Its row,
			 * arguments and blocked state stay. */
			tracee_debug(tr, "%d: %s interrupted (%ld)", t->tid, t->sc->name, ret);
			t->restarting = true;
			t->restart_ret = ret;
			t->entry_seen = false;
			return;
		}
		if (t->sc)
			sysev_exit(tr, t, ret);
		t->sc = NULL;
		t->entry_seen = false;
	}
}
