/* sysevents.c — decode syscall entry/exit stops (PTRACE_GET_SYSCALL_INFO) into events, driven
 * by the kind column of the syscall table. */
#include "internal.h"
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

enum { IO_DATA_MAX = 256 };

/* Absolute form of path rel, relative to the tracee's cwd or dirfd. */
static bool sysev_absolute(pid_t pid, int dirfd, const char *rel, char *out, size_t size)
{
	if (rel[0] == '/') {
		snprintf(out, size, "%s", rel);
		return true;
	}
	char base[4096], what[32];
	if (dirfd == AT_FDCWD)
		snprintf(what, sizeof what, "cwd");
	else
		snprintf(what, sizeof what, "fd/%d", dirfd);
	if (procfs_link(pid, what, base, sizeof base) < 0)
		return false;
	const char *r = rel;
	while (r[0] == '.' && r[1] == '/')
		r += 2;
	int n = snprintf(out, size, "%s%s%s", base, strcmp(base, "/") == 0 ? "" : "/", r);
	return n >= 0 && (size_t)n < size;   /* a cut path would name another file */
}

/* Absolute form of the path argument at addr in the tracee. */
static bool sysev_resolve(pid_t pid, int dirfd, unsigned long long addr, char *out, size_t size)
{
	char rel[4096];
	return procfs_read_str(pid, addr, rel, sizeof rel) && sysev_absolute(pid, dirfd, rel, out, size);
}

static void sysev_block(struct ptv_tracer *tr, struct thread *t, const char *on)
{
	t->blocked = true;
	tracee_set_state(tr, t->proc, PS_BLOCKED, on, 0);
}

/* open/openat entry: is the target a FIFO? (Decided before the call, which may block.) */
static void sysev_open_enter(struct ptv_tracer *tr, struct thread *t)
{
	bool at = t->sc->nr == SYS_openat;
	int dirfd = at ? (int)t->args[0] : AT_FDCWD;
	int flags = (int)t->args[at ? 2 : 1];
	char path[4096], rel[4096], via[4200];
	struct stat st;
	if (!procfs_read_str(t->tid, t->args[at ? 1 : 0], rel, sizeof rel))
		return;
	/* stat through the tracee's own view (its root, cwd or dirfd under /proc), so chroots and
	 * mount namespaces resolve as they do for the tracee. */
	if (rel[0] == '/')
		snprintf(via, sizeof via, "/proc/%d/root%s", (int)t->tid, rel);
	else if (dirfd == AT_FDCWD)
		snprintf(via, sizeof via, "/proc/%d/cwd/%s", (int)t->tid, rel);
	else
		snprintf(via, sizeof via, "/proc/%d/fd/%d/%s", (int)t->tid, dirfd, rel);
	if (stat(via, &st) < 0 || !S_ISFIFO(st.st_mode))
		return;
	if (!sysev_absolute(t->tid, dirfd, rel, path, sizeof path))
		return;
	t->fifo_open = true;
	t->fifo_ino = st.st_ino;
	free(t->path);
	t->path = strdup(path);
	if (!(flags & O_NONBLOCK))
		sysev_block(tr, t, "open fifo");
}

static void sysev_open_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	if (!t->fifo_open || ret < 0)
		return;
	bool at = t->sc->nr == SYS_openat;
	int flags = (int)t->args[at ? 2 : 1];
	cJSON *o = fdtrack_on_open_fifo(tr, t->proc, (int)ret, t->path, t->fifo_ino, flags);
	tracee_stack(tr, o);
	writer_emit(tr->w, o);
}

static void sysev_kill(struct ptv_tracer *tr, struct thread *t)
{
	long target = (long)(int)t->args[0];
	int sig = (int)t->args[1];
	switch (t->sc->nr) {
	case SYS_tgkill:
		sig = (int)t->args[2];
		break;
	case SYS_pidfd_send_signal:
		target = procfs_pidfd_pid(t->proc->pid, (int)t->args[0]);
		break;
	}
	if (sig <= 0)
		return;   /* kill(pid, 0) only probes */
	char buf[32];
	cJSON *o = writer_begin(tr->w, "kill", t->proc->pid);
	if (t->tid != t->proc->pid)
		writer_add_int(o, "tid", t->tid);
	writer_add_int(o, "target", target);
	cJSON_AddStringToObject(o, "signal", tracee_signame(sig, buf, sizeof buf));
	writer_add_int(o, "signo", sig);
	cJSON_AddStringToObject(o, "via", t->sc->name);
	tracee_stack(tr, o);
	writer_emit(tr->w, o);
}

static void sysev_wait4_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	if (ret <= 0)
		return;
	struct proc *c = tracee_proc_get(tr, (pid_t)ret);
	if (!c || !c->dead)
		return;   /* a stopped/continued report, or a child ptviz does not trace */
	int status = -1;
	if (t->args[1] && procfs_read_mem(t->tid, t->args[1], &status, sizeof status) == sizeof status &&
	    !WIFEXITED(status) && !WIFSIGNALED(status))
		return;
	reap_emit(tr, t->proc->pid, c, "wait4", status);
}

static void sysev_waitid_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	siginfo_t si;
	if (ret != 0 || (t->args[3] & WNOWAIT) || !t->args[2])
		return;
	if (procfs_read_mem(t->tid, t->args[2], &si, sizeof si) != sizeof si || si.si_pid <= 0)
		return;
	if (si.si_code != CLD_EXITED && si.si_code != CLD_KILLED && si.si_code != CLD_DUMPED)
		return;
	struct proc *c = tracee_proc_get(tr, si.si_pid);
	if (c && c->dead)
		reap_emit(tr, t->proc->pid, c, "waitid", -1);
}

static void sysev_pipe_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	int fds[2];
	if (ret != 0 || procfs_read_mem(t->tid, t->args[0], fds, sizeof fds) != sizeof fds)
		return;
	int flags = t->sc->nr == SYS_pipe2 ? (int)t->args[1] : 0;
	fdtrack_on_pipe(tr, t->proc, fds, flags);
}

static void sysev_mknod_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	bool at = t->sc->nr == SYS_mknodat;
	unsigned mode = (unsigned)t->args[at ? 2 : 1];
	char path[4096], mbuf[16];
	if (ret != 0 || (mode & S_IFMT) != S_IFIFO)
		return;
	if (!sysev_resolve(t->tid, at ? (int)t->args[0] : AT_FDCWD, t->args[at ? 1 : 0], path, sizeof path))
		return;
	cJSON *o = writer_begin(tr->w, "fifo", t->proc->pid);
	writer_add_str(o, "path", path);
	snprintf(mbuf, sizeof mbuf, "0%03o", mode & 07777);
	cJSON_AddStringToObject(o, "mode", mbuf);
	tracee_stack(tr, o);
	writer_emit(tr->w, o);
}

/* --io: reads/writes on tracked pipe and FIFO ends, and what goes to stdout/stderr. */
static void sysev_io_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	int fd = (int)t->args[0];
	bool write = t->sc->kind == SC_WRITE;
	struct fdend *e = fdtab_find(&t->proc->fds, fd);
	if (ret < 0 || (!e && !(write && (fd == 1 || fd == 2))))
		return;
	cJSON *o = writer_begin(tr->w, "io", t->proc->pid);
	writer_add_int(o, "fd", fd);
	if (e)
		writer_add_int(o, "ino", (long long)e->ino);
	cJSON_AddStringToObject(o, "op", write ? "write" : "read");
	writer_add_int(o, "bytes", ret);
	if (!e && ret > 0) {
		unsigned long long addr = t->args[1];
		size_t n = (size_t)ret < IO_DATA_MAX ? (size_t)ret : IO_DATA_MAX;
		if (t->sc->nr == SYS_writev) {
			struct iovec iov;
			addr = 0;
			if (procfs_read_mem(t->tid, t->args[1], &iov, sizeof iov) == sizeof iov) {
				addr = (unsigned long long)(uintptr_t)iov.iov_base;
				n = iov.iov_len < n ? iov.iov_len : n;
			}
		}
		char buf[IO_DATA_MAX];
		ssize_t got = addr ? procfs_read_mem(t->tid, addr, buf, n) : -1;
		if (got > 0)
			writer_add_bytes(o, "data", buf, (size_t)got);
	}
	writer_emit(tr->w, o);
}

/* Is fd a tracked pipe/FIFO end of t's process? */
static bool sysev_tracked(struct thread *t, unsigned long long fd)
{
	return fdtab_find(&t->proc->fds, (int)fd) != NULL;
}

/* Is fd a pipe or FIFO end? Also learns a FIFO whose open the filter let pass. */
static bool sysev_end(struct ptv_tracer *tr, struct thread *t, unsigned long long fd)
{
	return fdtrack_learn(tr, t->proc, (int)fd, t->sc->name);
}

/* rt_sigaction(SIGCHLD, act, ...): follow the disposition that decides auto-reaping and whether
 * SIGCHLD deliveries are worth recording. */
static void sysev_sigchld_action(struct thread *t)
{
	struct proc *p = t->proc;
	unsigned long long act[2];   /* the kernel's struct sigaction: handler, flags, ... */
	if (procfs_read_mem(t->tid, t->args[1], act, sizeof act) != sizeof act)
		return;
	p->sigchld_ign = act[0] == (unsigned long long)(uintptr_t)SIG_IGN;
	p->nocldwait = (act[1] & SA_NOCLDWAIT) != 0;
	p->sigchld_caught = act[0] != (unsigned long long)(uintptr_t)SIG_IGN &&
	                    act[0] != (unsigned long long)(uintptr_t)SIG_DFL;
}

/* Decode an entry (or seccomp) stop. Returns whether the exit stop is needed: under the filter a
 * call whose result cannot matter or is known already (opening a regular file, any close) runs
 * on with PTRACE_CONT, which saves a stop per call. */
static bool sysev_enter(struct ptv_tracer *tr, struct thread *t)
{
	const struct sc_info *sc = t->sc;
	switch (sc->kind) {
	case SC_WAIT4:
		if (!(t->args[2] & WNOHANG))
			sysev_block(tr, t, sc->name);
		return true;
	case SC_WAITID:
		if (!(t->args[3] & WNOHANG))
			sysev_block(tr, t, sc->name);
		return true;
	case SC_SLEEP:
		sysev_block(tr, t, sc->name);
		return true;
	case SC_OPEN:
		sysev_open_enter(tr, t);
		return t->fifo_open;
	case SC_EXEC:
		/* The old image is gone by PTRACE_EVENT_EXEC: take the stack now. The exec event
		 * comes from PTRACE_EVENT_EXEC, a failed exec needs nothing: no exit stop. */
		if (tr->stacks) {
			cJSON_Delete(t->exec_stack);
			t->exec_stack = stacks_capture(tr->stacks, t->proc->pid, t->tid, &t->exec_stack_err);
		}
		return false;
	case SC_KILL:
		sysev_kill(tr, t);
		return false;
	case SC_SIGACTION:
		/* Taken at entry, with no exit stop: once the new action is readable here the call
		 * installs it (a bad sigsetsize aside; only the old action's copy-out can still fail),
		 * and a SIGCHLD arriving meanwhile is delivered after the call, under the new action. */
		if ((int)t->args[0] == SIGCHLD && t->args[1] && t->args[3] == sizeof(uint64_t))
			sysev_sigchld_action(t);
		return false;
	case SC_CLOSE: {
		/* Recorded at entry: close() lets go of an open fd whatever it returns (close(2)). */
		int fd = (int)t->args[0];
		if (sysev_end(tr, t, t->args[0]))
			fdtrack_on_close(tr, t->proc, fd, "close");
		fdtrack_closing(t->proc, (unsigned)fd, (unsigned)fd);
		return false;
	}
	case SC_CLOSE_RANGE:
		fdtrack_closing(t->proc, (unsigned)t->args[0], (unsigned)t->args[1]);
		return true;
	case SC_FCNTL:
		return sysev_end(tr, t, t->args[0]);
	case SC_DUP: {
		bool old_end = sysev_end(tr, t, t->args[0]);
		return (sc->nr != SYS_dup && sysev_end(tr, t, t->args[1])) || old_end;
	}
	case SC_READ:
	case SC_WRITE:
		if (!tr->opts.io)
			return false;
		if (sysev_tracked(t, t->args[0])) {
			sysev_block(tr, t, sc->kind == SC_READ ? "read pipe" : "write pipe");
			return true;
		}
		return sc->kind == SC_WRITE && (t->args[0] == 1 || t->args[0] == 2);
	default:
		return true;
	}
}

static void sysev_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	struct proc *p = t->proc;
	const struct sc_info *sc = t->sc;
	if (t->blocked) {
		t->blocked = false;
		if (p->state == PS_BLOCKED)
			tracee_set_state(tr, p, PS_RUNNING, NULL, 0);
	}
	switch (sc->kind) {
	case SC_WAIT4: sysev_wait4_exit(tr, t, ret); break;
	case SC_WAITID: sysev_waitid_exit(tr, t, ret); break;
	case SC_PIPE: sysev_pipe_exit(tr, t, ret); break;
	case SC_MKNOD: sysev_mknod_exit(tr, t, ret); break;
	case SC_OPEN: sysev_open_exit(tr, t, ret); break;
	case SC_DUP:
		if (ret >= 0)
			fdtrack_on_dup(tr, p, (int)t->args[0], (int)ret,
			               sc->nr == SYS_dup3 && (t->args[2] & O_CLOEXEC), sc->name);
		break;
	case SC_FCNTL:
		fdtrack_on_fcntl(tr, p, (int)t->args[0], (int)t->args[1], (unsigned long)t->args[2], ret);
		break;
	case SC_CLOSE_RANGE:
		if (ret == 0)
			fdtrack_on_close_range(tr, p, (unsigned)t->args[0], (unsigned)t->args[1],
			                       (unsigned)t->args[2]);
		break;
	case SC_EXEC:
		cJSON_Delete(t->exec_stack);   /* the exec failed (or the event took it) */
		t->exec_stack = NULL;
		break;
	case SC_MMAP:
		stacks_maps_changed(tr->stacks, p->pid);
		if (ret >= 0 || ret < -4095)
			if (t->args[3] & MAP_SHARED)
				shmap_on_mmap(tr, p, (unsigned long long)ret, t->args[1], (int)t->args[2],
				              (int)t->args[3]);
		break;
	case SC_SETSID:
		if (ret > 0) {
			cJSON *o = writer_begin(tr->w, "setsid", p->pid);
			writer_add_int(o, "sid", ret);
			writer_emit(tr->w, o);
		}
		break;
	case SC_SETPGID:
		if (ret == 0) {
			pid_t target = (pid_t)t->args[0] ? (pid_t)t->args[0] : p->pid;
			cJSON *o = writer_begin(tr->w, "setpgid", p->pid);
			writer_add_int(o, "target", target);
			writer_add_int(o, "pgid", (pid_t)t->args[1] ? (pid_t)t->args[1] : target);
			writer_emit(tr->w, o);
		}
		break;
	case SC_READ:
	case SC_WRITE:
		if (tr->opts.io)
			sysev_io_exit(tr, t, ret);
		break;
	default:
		break;
	}
	t->fifo_open = false;
}

/* An exit stop without its entry: the thread was inside the call when ptviz attached (e.g. a
 * parent blocked in wait4). The number and arguments are still in the registers. */
static void sysev_recover_entry(struct thread *t)
{
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETREGS, t->tid, 0L, &regs) < 0)
		return;
	t->sc = sc_lookup((long)regs.orig_rax);
	unsigned long long args[6] = { regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9 };
	memcpy(t->args, args, sizeof t->args);
}

void sysev_on_stop(struct ptv_tracer *tr, struct thread *t, bool seccomp)
{
	struct __ptrace_syscall_info info;
	memset(&info, 0, sizeof info);
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof info, &info) <= 0) {
		t->in_syscall = false;
		return;
	}
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
		uint64_t nr = info.op == PTRACE_SYSCALL_INFO_ENTRY ? info.entry.nr : info.seccomp.nr;
		const uint64_t *args = info.op == PTRACE_SYSCALL_INFO_ENTRY ? info.entry.args : info.seccomp.args;
		t->sc = sc_lookup((long)nr);
		t->entry_seen = true;
		t->in_syscall = !seccomp;   /* without the filter every call stops at its exit anyway */
		if (!t->sc)
			return;
		memcpy(t->args, args, sizeof t->args);
		tracee_debug(tr, "%d: enter %s", t->tid, t->sc->name);
		tr->cur = t;
		/* Before the call: an unmap that led to it comes before what it does (block, signal). */
		if ((t->sc->flags & SC_SCAN_MAPS) && t->proc->shm.n > 0)
			shmap_scan(tr, t->proc);
		bool want_exit = sysev_enter(tr, t);
		tr->cur = NULL;
		if (seccomp && want_exit) {
			t->in_syscall = true;
		} else if (seccomp) {
			t->sc = NULL;
			t->entry_seen = false;
		}
	} else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
		t->in_syscall = false;
		if (!t->entry_seen)
			sysev_recover_entry(t);
		tr->cur = t;
		if (t->sc) {
			tracee_debug(tr, "%d: exit %s = %lld", t->tid, t->sc->name, (long long)info.exit.rval);
			sysev_exit(tr, t, (long)info.exit.rval);
		}
		if (tr->cur == t)
			t->sc = NULL;
		tr->cur = NULL;
		t->entry_seen = false;
	}
}
