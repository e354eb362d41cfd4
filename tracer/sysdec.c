/* sysdec.c — the decoders of the syscall table's rows (see sysdec.h): read the call's arguments
 * and results from the stopped tracee, update the bookkeeping (fdtrack, shmap, reap, the
 * process's SIGCHLD disposition) and hand what happened to the emitter. */
#include "internal.h"
#include "procfs.h"
#include "output.h"
#include "sysdec.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>

enum { IO_DATA_MAX = 256 };

/* The calling thread: the -k stack source of what its call causes. */
static struct emit_by sysdec_by(const struct thread *t)
{
	return (struct emit_by){ t->proc->pid, t->tid };
}

/* Write the facts the call produced, with the caller's stack where they carry one. */
void sysdec_flush(struct ptv_tracer *tr, const struct thread *t)
{
	struct emit_by by = sysdec_by(t);
	tracee_emit_facts(tr, &by);
}

void sysdec_block(struct ptv_tracer *tr, struct thread *t, const char *on)
{
	struct emit_by by = sysdec_by(t);
	t->blocked = true;
	t->blocked_on = on;
	/* -k: the stack at the call's entry says which libc function the program called
	 * (usleep, system, waitpid) for the timeline's label */
	tracee_set_state_by(tr, t->proc, PTV_STATE_BLOCKED, on, 0, &by);
}

/* Absolute form of path rel, relative to the tracee's cwd or dirfd. */
static bool sysdec_absolute(pid_t pid, int dirfd, const char *rel, char *out, size_t size)
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

/* ---- processes ---------------------------------------------------------------------------- */

/* The old image is gone by PTRACE_EVENT_EXEC: take the stack now (-k only traps execve). The
 * exec event comes from PTRACE_EVENT_EXEC, a failed exec needs nothing: no exit stop. */
bool sysdec_exec_enter(struct ptv_tracer *tr, struct thread *t)
{
	struct emit_by by = sysdec_by(t);
	tracee_exec_stack_drop(t);
	t->have_exec_stack = emit_stack_take(tr->em, &by, &t->exec_stack);
	return false;
}

/* Seen only without the filter: the exec failed (or its event took the stack already). */
void sysdec_exec_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	tracee_exec_stack_drop(t);
}

bool sysdec_sleep_enter(struct ptv_tracer *tr, struct thread *t)
{
	sysdec_block(tr, t, t->sc->name);
	return true;
}

/* ---- pipes and FIFOs ------------------------------------------------------------------------ */

static void sysdec_pipe(struct ptv_tracer *tr, struct thread *t, long ret, int flags)
{
	int fds[2];
	if (ret != 0 || procfs_read_mem(t->tid, t->args[0], fds, sizeof fds) != sizeof fds)
		return;
	unsigned long ino = 0;
	procfs_fd_kind(t->proc->pid, fds[0], &ino);
	fdtrack_pipe(&t->proc->fds, t->proc->pid, fds, ino, flags, &tr->facts);
	sysdec_flush(tr, t);
}

void sysdec_pipe_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_pipe(tr, t, ret, 0);
}

void sysdec_pipe2_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_pipe(tr, t, ret, (int)t->args[1]);
}

/* mknod(at) of path (at addr in the tracee, relative to dirfd) with mode returned ret. */
static void sysdec_mknod(struct ptv_tracer *tr, struct thread *t, long ret, int dirfd,
                         unsigned long long addr, unsigned mode)
{
	char rel[4096], path[4096];
	if (ret != 0 || (mode & S_IFMT) != S_IFIFO)
		return;
	if (!procfs_read_str(t->tid, addr, rel, sizeof rel) ||
	    !sysdec_absolute(t->tid, dirfd, rel, path, sizeof path))
		return;
	struct emit_by by = sysdec_by(t);
	emit_fifo(tr->em, t->proc->pid, path, mode, &by);
}

void sysdec_mknod_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_mknod(tr, t, ret, AT_FDCWD, t->args[0], (unsigned)t->args[1]);
}

void sysdec_mknodat_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_mknod(tr, t, ret, (int)t->args[0], t->args[1], (unsigned)t->args[2]);
}

/* open(at) entry: is the target a FIFO? (Decided before the call, which may block.) */
static bool sysdec_open_fifo(struct ptv_tracer *tr, struct thread *t, int dirfd,
                             unsigned long long addr, int flags)
{
	char path[4096], rel[4096], via[4200];
	struct stat st;
	if (!procfs_read_str(t->tid, addr, rel, sizeof rel))
		return false;
	/* stat through the tracee's own view (its root, cwd or dirfd under /proc), so chroots and
	 * mount namespaces resolve as they do for the tracee. */
	if (rel[0] == '/')
		snprintf(via, sizeof via, "/proc/%d/root%s", (int)t->tid, rel);
	else if (dirfd == AT_FDCWD)
		snprintf(via, sizeof via, "/proc/%d/cwd/%s", (int)t->tid, rel);
	else
		snprintf(via, sizeof via, "/proc/%d/fd/%d/%s", (int)t->tid, dirfd, rel);
	if (stat(via, &st) < 0 || !S_ISFIFO(st.st_mode))
		return false;
	if (!sysdec_absolute(t->tid, dirfd, rel, path, sizeof path))
		return false;
	t->fifo_open = true;
	t->fifo_ino = st.st_ino;
	t->fifo_flags = flags;
	free(t->path);
	t->path = strdup(path);
	if (!(flags & O_NONBLOCK))
		sysdec_block(tr, t, emit_on_names[EMIT_ON_OPEN_FIFO]);
	return true;
}

bool sysdec_open_enter(struct ptv_tracer *tr, struct thread *t)
{
	return sysdec_open_fifo(tr, t, AT_FDCWD, t->args[0], (int)t->args[1]);
}

bool sysdec_openat_enter(struct ptv_tracer *tr, struct thread *t)
{
	return sysdec_open_fifo(tr, t, (int)t->args[0], t->args[1], (int)t->args[2]);
}

void sysdec_open_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	if (!t->fifo_open || ret < 0)
		return;
	fdtrack_open(&t->proc->fds, t->proc->pid, (int)ret, t->path ? t->path : "", t->fifo_ino,
	             t->fifo_flags, -1, &tr->facts);
	sysdec_flush(tr, t);
}

/* ---- file descriptors ----------------------------------------------------------------------- */

/* Is fd a pipe or FIFO end of t's process? Also learns a FIFO whose open the filter let pass,
 * as a late open named after this call. */
static bool sysdec_end(struct ptv_tracer *tr, struct thread *t, unsigned long long fd)
{
	struct fdlook lk = tracee_fdlook(tr, t->proc);
	return fdtrack_learn(&t->proc->fds, &lk, (int)fd, (ptv_late)t->sc->late, &tr->facts);
}

bool sysdec_dup_enter(struct ptv_tracer *tr, struct thread *t)
{
	bool end = sysdec_end(tr, t, t->args[0]);
	sysdec_flush(tr, t);
	return end;
}

/* dup2, dup3: the new fd may be an end too (it is closed first). */
bool sysdec_dup2_enter(struct ptv_tracer *tr, struct thread *t)
{
	bool old_end = sysdec_end(tr, t, t->args[0]);
	bool new_end = sysdec_end(tr, t, t->args[1]);
	sysdec_flush(tr, t);
	return old_end || new_end;
}

static void sysdec_dup(struct ptv_tracer *tr, struct thread *t, long ret, bool cloexec)
{
	if (ret < 0)
		return;
	fdtrack_dup(&t->proc->fds, t->proc->pid, (int)t->args[0], (int)ret, cloexec,
	            (ptv_dup_via)t->sc->via, &tr->facts);
	sysdec_flush(tr, t);
}

void sysdec_dup_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_dup(tr, t, ret, false);
}

void sysdec_dup3_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_dup(tr, t, ret, (t->args[2] & O_CLOEXEC) != 0);
}

bool sysdec_fcntl_enter(struct ptv_tracer *tr, struct thread *t)
{
	return sysdec_dup_enter(tr, t);
}

void sysdec_fcntl_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	fdtrack_fcntl(&t->proc->fds, t->proc->pid, (int)t->args[0], (int)t->args[1],
	              (unsigned long)t->args[2], ret, &tr->facts);
	sysdec_flush(tr, t);
}

/* Recorded at entry: close() lets go of an open fd whatever it returns (close(2)). */
bool sysdec_close_enter(struct ptv_tracer *tr, struct thread *t)
{
	int fd = (int)t->args[0];
	if (sysdec_end(tr, t, t->args[0]))
		fdtrack_close(&t->proc->fds, t->proc->pid, fd, PTV_CLOSE_CLOSE, &tr->facts);
	fdtrack_closing(&t->proc->fds, (unsigned)fd, (unsigned)fd);
	sysdec_flush(tr, t);
	return false;
}

bool sysdec_close_range_enter(struct ptv_tracer *tr, struct thread *t)
{
	fdtrack_closing(&t->proc->fds, (unsigned)t->args[0], (unsigned)t->args[1]);
	return true;
}

void sysdec_close_range_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	if (ret != 0)
		return;
	fdtrack_close_range(&t->proc->fds, t->proc->pid, (unsigned)t->args[0], (unsigned)t->args[1],
	                    (unsigned)t->args[2], &tr->facts);
	sysdec_flush(tr, t);
}

/* ---- shared memory -------------------------------------------------------------------------- */

void sysdec_mmap_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	struct proc *p = t->proc;
	stacks_maps_changed(tr->stacks, p->pid);
	/* A mapping's address may look like a negative number; errors are -4095..-1. */
	if ((ret < 0 && ret >= -4095) || !(t->args[3] & MAP_SHARED))
		return;
	char *maps = procfs_slurp(p->pid, "maps", SHMAP_MAPS_MAX, NULL);
	shmap_mmap(&p->shm, p->pid, maps, (unsigned long long)ret, t->args[1], (int)t->args[2],
	           (int)t->args[3], &tr->facts);
	free(maps);
	sysdec_flush(tr, t);
}

/* ---- signals -------------------------------------------------------------------------------- */

static void sysdec_kill(struct ptv_tracer *tr, struct thread *t, long target, int sig)
{
	if (sig <= 0)
		return;   /* kill(pid, 0) only probes */
	struct emit_by by = sysdec_by(t);
	emit_kill(tr->em, t->proc->pid, t->tid, target, sig, (ptv_kill_via)t->sc->via, &by);
}

/* kill(pid, sig), tkill(tid, sig), rt_sigqueueinfo(tgid, sig, info). */
bool sysdec_kill_enter(struct ptv_tracer *tr, struct thread *t)
{
	sysdec_kill(tr, t, (long)(int)t->args[0], (int)t->args[1]);
	return false;
}

/* tgkill(tgid, tid, sig): the target is the thread group. */
bool sysdec_tgkill_enter(struct ptv_tracer *tr, struct thread *t)
{
	sysdec_kill(tr, t, (long)(int)t->args[0], (int)t->args[2]);
	return false;
}

/* pidfd_send_signal(pidfd, sig, info, flags): the target is the pid the pidfd refers to. */
bool sysdec_pidfd_send_signal_enter(struct ptv_tracer *tr, struct thread *t)
{
	sysdec_kill(tr, t, procfs_pidfd_pid(t->proc->pid, (int)t->args[0]), (int)t->args[1]);
	return false;
}

/* rt_sigaction(SIGCHLD, act, oldact, sigsetsize): follow the disposition that decides
 * auto-reaping and whether SIGCHLD deliveries are worth recording. Taken at entry, with no exit
 * stop: once the new action is readable here the call installs it (a bad sigsetsize aside; only
 * the old action's copy-out can still fail), and a SIGCHLD arriving meanwhile is delivered after
 * the call, under the new action. */
bool sysdec_sigaction_enter(struct ptv_tracer *tr, struct thread *t)
{
	struct proc *p = t->proc;
	unsigned long long act[2];   /* the kernel's struct sigaction: handler, flags, ... */
	if ((int)t->args[0] != SIGCHLD || !t->args[1] || t->args[3] != sizeof(uint64_t))
		return false;
	if (procfs_read_mem(t->tid, t->args[1], act, sizeof act) != sizeof act)
		return false;
	p->sigchld_ign = act[0] == (unsigned long long)(uintptr_t)SIG_IGN;
	p->nocldwait = (act[1] & SA_NOCLDWAIT) != 0;
	p->sigchld_caught = act[0] != (unsigned long long)(uintptr_t)SIG_IGN &&
	                    act[0] != (unsigned long long)(uintptr_t)SIG_DFL;
	return false;
}

/* ---- sessions ------------------------------------------------------------------------------- */

void sysdec_setsid_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	if (ret > 0)
		emit_setsid(tr->em, t->proc->pid, ret);
}

/* setpgid(pid, pgid): 0 means the caller, and pgid 0 means pid's own. */
void sysdec_setpgid_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	if (ret != 0)
		return;
	pid_t target = (pid_t)t->args[0] ? (pid_t)t->args[0] : t->proc->pid;
	emit_setpgid(tr->em, t->proc->pid, target, (pid_t)t->args[1] ? (pid_t)t->args[1] : target);
}

/* ---- --io: reads/writes on tracked pipe and FIFO ends, and what goes to stdout/stderr ------- */

static bool sysdec_tracked(struct thread *t, unsigned long long fd)
{
	return fdtab_find(&t->proc->fds, (int)fd) != NULL;
}

/* A non-blocking end never blocks: it fails with EAGAIN instead (its own io outcome). */
static void sysdec_io_block(struct ptv_tracer *tr, struct thread *t, enum emit_on on)
{
	const struct fdend *e = fdtab_find(&t->proc->fds, (int)t->args[0]);
	if (e && !e->nonblock)
		sysdec_block(tr, t, emit_on_names[on]);
}

bool sysdec_read_enter(struct ptv_tracer *tr, struct thread *t)
{
	if (!tr->opts.io || !sysdec_tracked(t, t->args[0]))
		return false;
	sysdec_io_block(tr, t, EMIT_ON_READ_PIPE);
	return true;
}

bool sysdec_write_enter(struct ptv_tracer *tr, struct thread *t)
{
	if (!tr->opts.io)
		return output_wants(tr, t);
	if (sysdec_tracked(t, t->args[0])) {
		sysdec_io_block(tr, t, EMIT_ON_WRITE_PIPE);
		return true;
	}
	return t->args[0] == 1 || t->args[0] == 2;
}

/* An io event for the call's fd; output that is no tracked end also gets its first bytes
 * (writev: of its first iovec). */
static void sysdec_io(struct ptv_tracer *tr, struct thread *t, long ret, ptv_io_op op, bool vec)
{
	int fd = (int)t->args[0];
	const struct fdend *e = fdtab_find(&t->proc->fds, fd);
	if (tr->opts.io && e && (ret < 0 || (ret == 0 && op == PTV_IO_READ))) {
		/* The outcomes the lessons are about: EAGAIN, EPIPE, end of file. */
		emit_io_outcome(tr->em, t->proc->pid, fd, e->ino, op, ret < 0 ? (int)-ret : 0);
		return;
	}
	/* Output (fd 1/2, not a tracked end; or anything without --io): output.c, capped. */
	if (op == PTV_IO_WRITE && (!tr->opts.io || (!e && (fd == 1 || fd == 2) && tr->opts.output_max > 0))) {
		output_record(tr, t, ret, vec);
		return;
	}
	if (!tr->opts.io || ret < 0 || (!e && !(op == PTV_IO_WRITE && (fd == 1 || fd == 2))))
		return;
	char buf[IO_DATA_MAX];
	ssize_t got = -1;
	if (!e && ret > 0) {
		unsigned long long addr = t->args[1];
		size_t n = (size_t)ret < IO_DATA_MAX ? (size_t)ret : IO_DATA_MAX;
		if (vec) {
			struct iovec iov;
			addr = 0;
			if (procfs_read_mem(t->tid, t->args[1], &iov, sizeof iov) == sizeof iov) {
				addr = (unsigned long long)(uintptr_t)iov.iov_base;
				n = iov.iov_len < n ? iov.iov_len : n;
			}
		}
		got = addr ? procfs_read_mem(t->tid, addr, buf, n) : -1;
	}
	emit_io(tr->em, t->proc->pid, fd, e ? e->ino : 0, op, ret, buf, got > 0 ? (size_t)got : 0);
}

void sysdec_read_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_io(tr, t, ret, PTV_IO_READ, false);
}

void sysdec_write_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_io(tr, t, ret, PTV_IO_WRITE, false);
}

void sysdec_writev_exit(struct ptv_tracer *tr, struct thread *t, long ret)
{
	sysdec_io(tr, t, ret, PTV_IO_WRITE, true);
}
