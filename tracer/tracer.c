/* tracer.c — the public API and THE event loop.
 *
 * One loop: waitpid(-1, __WALL|WNOHANG) → stop_classify() (pure, stop.c) → dispatch to the
 * handler of that stop kind. When nothing is ready, the loop sleeps in poll() on a signalfd for
 * SIGCHLD (blocked while tracing; every ptrace stop and exit notifies the tracer with SIGCHLD) and
 * the other signals ptviz takes while tracing (signals.c), and on a self-pipe written by ptv_tracer_request_stop(). The poll has a timeout only while
 * something must be polled: orphans reaped outside the trace (/proc/PID vanishing), the time
 * limit, the progress callback, log lines waiting to be written. */
#include "filter.h"
#include "internal.h"
#include "procfs.h"
#include "stop.h"
#include "stopstats.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
	WATCH_POLL_MS = 5,          /* how often to look for orphans vanishing under an outside reaper */
	FLUSH_MS = 100,             /* the longest a log line waits in the buffer (while ptviz sleeps) */
	PROGRESS_MS = 200,
	SUSPEND_SETTLE_MS = 20,     /* Ctrl-Z: quiet time before ptviz stops itself */
};
/* After the tree ended, how long to wait for reapers outside the trace (init may be slow: in
 * containers it is often a plain program that polls for orphans every second or two). */
static const int64_t OUTSIDE_GRACE_NS = 10000000000LL;

/* What ptv_tracer_new refuses before anything is set up; 0 or a PTV_ERR_* with err. */
static int tracer_check_opts(const ptv_tracer_opts *opts, char *err, size_t errlen)
{
	if (opts->log_fd < 0) {
		snprintf(err, errlen, "no log to write to (log_fd)");
		return PTV_ERR_OUTPUT;
	}
	if ((!opts->argv || !opts->argv[0]) && opts->attach_pid <= 0) {
		snprintf(err, errlen, "nothing to trace: give a program or -p PID");
		return PTV_ERR_USAGE;
	}
	if (opts->argv && opts->argv[0] && opts->attach_pid > 0) {
		snprintf(err, errlen, "give either a program or -p PID, not both");
		return PTV_ERR_USAGE;
	}
	return 0;
}

int ptv_tracer_new(ptv_tracer **out, const ptv_tracer_opts *opts, char *err, size_t errlen)
{
	int rc = tracer_check_opts(opts, err, errlen);
	ptv_tracer *tr = NULL;
	*out = NULL;
	/* The log's descriptor is ours whatever happens: the writer takes it, or it is closed. */
	if (rc == 0 && !(tr = calloc(1, sizeof *tr))) {
		snprintf(err, errlen, "out of memory");
		rc = PTV_ERR_SYSTEM;
	}
	if (rc < 0) {
		if (opts->log_fd >= 0)
			close(opts->log_fd);
		return rc;
	}
	if (writer_new(&tr->w, opts->log_fd, opts->log_new_file, err, errlen) < 0) {
		free(tr);
		return PTV_ERR_SYSTEM;
	}
	tr->opts = *opts;
	tr->self = getpid();
	tr->attach = opts->attach_pid > 0;
	tr->use_seccomp = !tr->attach && opts->seccomp;
	tr->events_only = tr->attach && !opts->exact;
	/* The per-stop profile: with --debug, or alone (PTVIZ_PROFILE=1) without the per-stop lines,
	 * whose own writes would be most of what it measures. */
	tr->profile = opts->debug || getenv("PTVIZ_PROFILE");
	tr->late_fifos = tr->use_seccomp && !opts->every_open;
	/* The exit stop is where -k takes the exit's stack, attach mode snapshots the fds, and a
	 * FIFO the filter let a process open untrapped (like a library) is learnt, if it holds it to
	 * its end: nothing else sees it then. So every tracee stops there unless every open is seen
	 * (--every-open, --no-seccomp); then only processes that have had children do
	 * (tracee_wants_exit_stop), and the others' exits come from their death reports. */
	tr->exit_stops = tr->attach || opts->stacks || tr->late_fifos;
	tr->sigfd = -1;
	tr->stop_pipe[0] = tr->stop_pipe[1] = -1;
	tr->err_pipe = -1;
	tr->pfs = &procfs_ops_real;
	if (pipe2(tr->stop_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		rc = PTV_ERR_SYSTEM;
		goto out;
	}
	if (opts->stacks && stacks_new(&tr->stacks, opts->stack_depth, err, errlen) < 0) {
		rc = PTV_ERR_USAGE;
		goto out;
	}
	if (emit_new(&tr->em, tr->w, tr->stacks) < 0) {
		snprintf(err, errlen, "out of memory");
		rc = PTV_ERR_SYSTEM;
		goto out;
	}
	if (tr->use_seccomp && filter_build(&tr->filter, opts, err, errlen) < 0) {
		rc = PTV_ERR_SYSTEM;
		goto out;
	}
out:
	if (rc < 0) {
		ptv_tracer_free(tr);
		return rc;
	}
	*out = tr;
	return 0;
}

void ptv_tracer_free(ptv_tracer *tr)
{
	if (!tr)
		return;
	tracee_free_all(tr);
	schedlog_free(tr->sched);
	attev_free(tr);
	facts_free(&tr->facts);
	emit_free(tr->em);
	stacks_free(tr->stacks);
	writer_free(tr->w);
	free(tr->filter.filter);
	for (int i = 0; i < 2; i++)
		if (tr->stop_pipe[i] >= 0)
			close(tr->stop_pipe[i]);
	signals_give_back(&tr->sig, tr->sigfd);
	signals_free(&tr->sig);
	if (tr->err_pipe >= 0)
		close(tr->err_pipe);
	free(tr);
}

void ptv_tracer_request_stop(ptv_tracer *tr)
{
	int saved = errno;
	tr->stop_requested = 1;
	(void)!write(tr->stop_pipe[1], "s", 1);
	errno = saved;
}

static void tracer_write_header(ptv_tracer *tr)
{
	struct procfs_image img = { .cmdline = NULL };
	struct emit_header h = {
		.root = tr->root, .tracer_pid = tr->self,
		.mode = tr->attach ? PTV_MODE_ATTACH : PTV_MODE_LAUNCH,
		.argv = tr->opts.argv,
		.io = tr->opts.io, .stacks = tr->stacks != NULL,
		.subreaper = tr->opts.subreaper && !tr->attach, .seccomp = tr->use_seccomp,
		.sched = tr->sched != NULL, .sched_coalesce_ns = schedlog_coalesce_ns(tr->sched),
		.sched_reason = tr->sched_reason,
		.output_max = tr->opts.output_max,
		.attach_mode = !tr->attach ? -1 : tr->events_only ? PTV_ATTACH_MODE_EVENTS
		                                                   : PTV_ATTACH_MODE_EXACT,
	};
	if (tr->attach) {
		tracee_image(tr->root, &img);
		h.image = &img;
	}
	emit_header(tr->em, &h);
	procfs_image_free(&img);
}

static void tracer_write_end(ptv_tracer *tr)
{
	emit_end(tr->em, tr->root, tr->root_status, tr->end_reason);
	writer_flush(tr->w);
}

/* Stop requested or time is up: launched tracees are killed (under the RET_TRACE filter they
 * could not run on untraced: trapped calls would fail with ENOSYS), attached ones let go. */
static void tracer_begin_stop(ptv_tracer *tr)
{
	tr->stopping = true;
	tracee_debug(tr, "stop: %s", tr->attach ? "detaching" : "killing the tree");
	if (tr->attach) {
		attach_detach_all(tr);
		return;
	}
	for (struct proc *p = tr->procs; p; p = p->next)
		if (!p->dead)
			kill(p->pid, SIGKILL);
}

static void tracer_dispatch(ptv_tracer *tr, pid_t tid, int status);
static int tracer_status_of(const siginfo_t *si);

/* p is at its exit stop, held before the kernel hands its children to their adopter. Without
 * exit stops for every tracee, a child of p that is already dead may still have its death report
 * waiting; it died first, so it is recorded first (a zombie p leaves behind, not an orphan). One
 * still on its way out began its exit first (it would have stopped at its exit before p did): its
 * exit is written now too, from /proc (exit_code), and its death report finishes it later.
 * Pids first: handling a death may free other records. */
static void tracer_dead_children_first(ptv_tracer *tr, const struct proc *p)
{
	pid_t pid = p->pid, *kids = NULL;
	int n = 0, cap = 0;
	for (struct proc *c = tr->procs; c; c = c->next) {
		if (c->parent != pid || c->dead)
			continue;
		if (n == cap) {
			pid_t *k = realloc(kids, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *k);
			if (!k)
				break;
			kids = k;
		}
		kids[n++] = c->pid;
	}
	for (int i = 0; i < n; i++) {
		siginfo_t si;
		int status;
		si.si_pid = 0;
		if (waitid(P_PID, (id_t)kids[i], &si, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0 ||
		    si.si_pid != kids[i] || (si.si_code != CLD_EXITED && si.si_code != CLD_KILLED &&
		                             si.si_code != CLD_DUMPED)) {
			if (procfs_exiting(kids[i], &status))
				tracee_on_dying(tr, kids[i], status);
			continue;
		}
		tracee_on_dying(tr, kids[i], tracer_status_of(&si));
		if (waitpid(kids[i], &status, __WALL | WNOHANG) == kids[i])
			tracer_dispatch(tr, kids[i], status);
	}
	free(kids);
}

/* One wait status: classify, then dispatch to the handler of that kind of stop. */
static void tracer_dispatch(ptv_tracer *tr, pid_t tid, int status)
{
	struct stop s = stop_classify(status);
	struct thread *t = tracee_thread_get(tr, tid);
	/* Every stop ptviz resumes is its own cost (T), not the program's; a group-stop it LISTENs
	 * to is the program's stopped time. */
	if (s.kind != STOP_EXITED && s.kind != STOP_KILLED && s.kind != STOP_GROUP)
		schedlog_stop_seen(tr->sched, tid, tr->last_event_t);
	tracee_debug(tr, "%d: %s sig=%d (status 0x%x)", tid, stop_kind_name(s.kind), s.sig, status);
	if (s.kind == STOP_EXITED || s.kind == STOP_KILLED) {
		if (t)
			tracee_on_death(tr, t, status);
		else if (reap_on_tracer_wait(tr, tid, status, &tr->facts))
			tracee_emit_facts(tr, NULL);
		return;
	}
	if (!t && s.kind != STOP_EXEC) {
		tracee_on_new_stop(tr, tid, status);
		return;
	}
	if (t && (t->detaching || tr->detaching)) {
		attach_detach_thread(tr, t, s.kind == STOP_SIGNAL ? s.sig : 0);
		return;
	}
	switch (s.kind) {
	case STOP_SYSCALL:
		sysev_on_stop(tr, t, false);
		break;
	case STOP_SECCOMP:
		sysev_on_stop(tr, t, true);
		break;
	case STOP_FORK:
	case STOP_VFORK:
	case STOP_CLONE:
		tracee_on_fork(tr, t, s.kind);
		break;
	case STOP_EXEC:
		tracee_on_exec(tr, tid);
		t = tracee_thread_get(tr, tid);
		break;
	case STOP_EXIT:
		if (!tr->exit_stops)
			tracer_dead_children_first(tr, t->proc);
		tracee_on_exit(tr, t);
		break;
	case STOP_GROUP:
		tracee_on_group_stop(tr, t, s.sig);
		return;
	case STOP_TRAP:
		tracee_on_trap(tr, t);
		return;
	case STOP_SIGNAL:
		tracee_on_signal(tr, t, s.sig);
		return;
	default:
		break;
	}
	if (t)
		tracee_resume(tr, t, 0);
}

/* Collect tid's next report now and handle it, ahead of the loop: for a report that is surely on
 * its way and that the log needs before what is being written (reap.c). */
void tracer_take_report(ptv_tracer *tr, pid_t tid)
{
	int status;
	pid_t got;
	do
		got = waitpid(tid, &status, __WALL);
	while (got < 0 && errno == EINTR);
	if (got == tid)
		tracer_dispatch(tr, tid, status);   /* else not a tracee of ptviz (ECHILD) */
}

/* A waitid report as wait4's status word. */
static int tracer_status_of(const siginfo_t *si)
{
	switch (si->si_code) {
	case CLD_EXITED:
		return (si->si_status & 0xff) << 8;
	case CLD_KILLED:
		return si->si_status & 0x7f;
	case CLD_DUMPED:
		return (si->si_status & 0x7f) | 0x80;
	default:   /* CLD_TRAPPED, CLD_STOPPED: the stop's code (signal, ptrace event) */
		return ((si->si_status & 0xffff) << 8) | 0x7f;
	}
}

/* The next wait report (0: none), its raw wait status in *status. Without exit stops, a death is
 * looked at before it is collected: once ptviz collects a tracee's death report its real parent
 * may reap it at once, and its /proc figures (schedstat, NSpid) go with it. So the next report is
 * peeked at (WNOWAIT; the one scan over the tracees that waitpid(-1) makes), a death's exit is
 * written, and the report is collected by pid (no scan). */
static pid_t tracer_wait(ptv_tracer *tr, int *status)
{
	if (tr->exit_stops)
		return waitpid(-1, status, __WALL | WNOHANG);
	siginfo_t si;
	si.si_pid = 0;
	if (waitid(P_ALL, 0, &si, WEXITED | WSTOPPED | WNOHANG | WNOWAIT | __WALL) < 0)
		return errno == EINTR ? -1 : 0;
	if (si.si_pid <= 0)
		return 0;
	int st = tracer_status_of(&si);
	if (WIFEXITED(st) || WIFSIGNALED(st))
		tracee_on_dying(tr, si.si_pid, st);
	return waitpid(si.si_pid, status, __WALL | WNOHANG);
}

/* Sleep until a tracee changes state, a stop is requested, or timeout_ms passes. */
static void tracer_sleep(ptv_tracer *tr, int timeout_ms)
{
	struct pollfd own[2 + SCHEDLOG_MAX_FDS];
	int n = 0, nsched = 0;
	/* Attach events mode: watched zombies' pidfds wake the sleep when they are reaped. */
	struct pollfd *fds = attev_pollfds(tr, 2, &n);
	if (!fds) {
		/* Launch and --exact attach: the scheduler's rings (attach events mode drains them on
		 * the 100 ms timeout and in busy stretches: its stops are rare, a ring holds ~0.7 s). */
		fds = own;
		nsched = schedlog_poll_fds(tr->sched, own + 2);
		n = 2 + nsched;
	}
	fds[0] = (struct pollfd){ tr->sigfd, POLLIN, 0 };
	fds[1] = (struct pollfd){ tr->stop_pipe[0], POLLIN, 0 };
	if (poll(fds, (nfds_t)n, timeout_ms) < 0) {
		if (errno != EINTR)
			tracee_debug(tr, "poll: %s", strerror(errno));
		return;
	}
	schedlog_after_poll(tr->sched, tr, fds + 2, nsched);
	/* This runs once per ptrace stop: one read each, and only of what is ready. */
	if (fds[0].revents & POLLIN)
		signals_read(tr);
	if (fds[1].revents & POLLIN) {
		char buf[16];
		while (read(tr->stop_pipe[0], buf, sizeof buf) > 0)
			;
	}
}

static void tracer_progress(ptv_tracer *tr, bool force)
{
	if (!tr->opts.on_progress)
		return;
	int64_t now = writer_now(tr->w);
	if (!force && now - tr->last_progress < (int64_t)PROGRESS_MS * 1000000)
		return;
	tr->last_progress = now;
	tr->opts.on_progress(tr->opts.progress_ctx, tr->nprocs_alive, writer_events(tr->w));
}

/* Ctrl-Z sends SIGTSTP to the whole foreground job, ptviz and the programs alike. ptviz keeps
 * SIGTSTP blocked (it arrives through the signalfd), so it first sees each program take its
 * job-control stop and records it; once the stops have settled and no tracee has a stop signal
 * still pending (a loaded machine may not have run it yet) it stops itself, as the shell
 * expects of the job it started, and `fg`'s SIGCONT resumes everyone. Without this, ptviz would
 * stop at once and the programs' stops would never be recorded. Returns true when it stopped. */
static bool tracer_suspend(ptv_tracer *tr)
{
	int64_t quiet = writer_now(tr->w) - tr->last_event_t;
	if (quiet < (int64_t)SUSPEND_SETTLE_MS * 1000000 || signals_tree_stop_pending(tr))
		return false;
	tr->suspend_pending = false;
	tracee_debug(tr, "Ctrl-Z: stopping ptviz");
	writer_flush(tr->w);
	raise(SIGSTOP);   /* returns when the job is continued */
	tr->last_event_t = writer_now(tr->w);
	return true;
}

/* Tracing has begun (the program exec'd, or the tree is seized): the caller may put the log
 * under its name now, replacing an older one only now. The lines so far go out first: a log
 * that cannot even take its header replaces nothing. */
static void tracer_log_begun(ptv_tracer *tr)
{
	const char *name = tr->opts.log_name ? tr->opts.log_name : "the log";
	int e;

	tr->log_begun = true;
	if (writer_flush(tr->w) != 0) {
		tracee_debug(tr, "%s: %s: left unnamed", name, strerror(writer_error(tr->w)));
		return;
	}
	e = tr->opts.on_log_begun ? tr->opts.on_log_begun(tr->opts.log_ctx) : 0;
	if (e < 0) {
		writer_stop(tr->w, -e);
		tracee_debug(tr, "%s: cannot be put under its name: %s", name, strerror(-e));
		return;
	}
	tr->log_named = true;
}

/* The loop; returns when no tracee is left and nobody outside is still to reap one. */
static void tracer_loop(ptv_tracer *tr)
{
	int64_t deadline = tr->opts.time_limit > 0 ? (int64_t)(tr->opts.time_limit * 1e9) : 0;
	long since_progress = 0;
	for (;;) {
		if (tr->stop_requested && !tr->stopping)
			tracer_begin_stop(tr);
		if (deadline && !tr->stopping && writer_now(tr->w) >= deadline) {
			tr->time_up = true;
			tracer_begin_stop(tr);
		}
		int status;
		pid_t tid = tracer_wait(tr, &status);
		if (tid > 0) {
			int64_t t0 = tr->profile ? stopstats_cpu() : 0;
			tr->last_event_t = writer_now(tr->w);
			tracer_dispatch(tr, tid, status);
			attev_tick(tr, tr->last_event_t);
			if (tr->profile)
				stopstats_add(&tr->prof, stop_classify(status).kind, stopstats_cpu() - t0);
			if (tr->root_execd && !tr->log_begun)
				tracer_log_begun(tr);
			if (++since_progress >= 64) {
				/* A busy trace never sleeps: Ctrl-C and SIGTERM are read here too. */
				since_progress = 0;
				signals_read(tr);
				tracer_progress(tr, false);
				schedlog_busy(tr->sched, tr);
			}
			continue;
		}
		if (tid < 0 && errno == EINTR)
			continue;
		reap_poll_outside(tr, &tr->facts);
		tracee_emit_facts(tr, NULL);
		attev_tick(tr, writer_now(tr->w));
		if (tr->nthreads > 0 && tr->npending == tr->nthreads) {
			/* Only held new tracees are left: their creators' events cannot come any more
			 * (e.g. a CLONE_PARENT creator killed mid-clone). Let them run. */
			tracee_release_pending(tr, NULL);
			continue;
		}
		if (tr->nthreads == 0) {
			if (tr->tree_end_t == 0)
				tr->tree_end_t = writer_now(tr->w);
			if ((tr->nwatch == 0 && attev_watching(tr) == 0) || tr->stopping ||
			    writer_now(tr->w) - tr->tree_end_t > OUTSIDE_GRACE_NS)
				break;
		}
		if (tr->suspend_pending && tracer_suspend(tr))
			continue;
		int timeout = -1;
		if (tr->suspend_pending)
			timeout = SUSPEND_SETTLE_MS;
		else if (tr->nwatch > 0)
			timeout = WATCH_POLL_MS;
		else if (tr->opts.on_progress)
			timeout = PROGRESS_MS;
		timeout = attev_timeout(tr, timeout);
		/* Whoever reads the log live is never more than FLUSH_MS behind. */
		int64_t waited = writer_pending_ns(tr->w);
		if (waited >= (int64_t)FLUSH_MS * 1000000) {
			writer_flush(tr->w);
		} else if (waited >= 0) {
			int left_ms = FLUSH_MS - (int)(waited / 1000000);
			if (timeout < 0 || left_ms < timeout)
				timeout = left_ms;
		}
		int drain_ms = schedlog_timeout_ms(tr->sched, tr);
		if (drain_ms >= 0 && (timeout < 0 || drain_ms < timeout))
			timeout = drain_ms;
		if (deadline && !tr->stopping) {
			int64_t left_ms = (deadline - writer_now(tr->w)) / 1000000 + 1;
			if (timeout < 0 || left_ms < timeout)
				timeout = (int)left_ms;
		}
		int64_t s0 = tr->profile ? stopstats_now() : 0;
		tracer_sleep(tr, timeout);
		if (tr->profile) {
			tr->prof.sleeps++;
			tr->prof.sleep_ns += stopstats_now() - s0;
		}
		tracer_progress(tr, false);
	}
	tracer_progress(tr, true);
	if (tr->profile)
		stopstats_print(&tr->prof, tr->opts.debug ? tr->opts.debug : stderr);
}

int ptv_tracer_run(ptv_tracer *tr, ptv_trace_result *res, char *err, size_t errlen)
{
	int rc = 0;
	bool subreaper = false;
	memset(res, 0, sizeof *res);
	tr->sigfd = signals_take(&tr->sig);
	if (tr->sigfd < 0) {
		snprintf(err, errlen, "signalfd: %s", strerror(errno));
		return PTV_ERR_SYSTEM;
	}
	if (tr->opts.subreaper && !tr->attach) {
		if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
			snprintf(err, errlen, "PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
			rc = PTV_ERR_SYSTEM;
			goto out;
		}
		subreaper = true;
	}
	writer_start_clock(tr->w);
	if (tr->attach) {
		tr->root = tr->opts.attach_pid;
		char state;
		if (!procfs_stat(tr->root, &state, NULL, NULL)) {
			snprintf(err, errlen, "%d: no such process", (int)tr->root);
			rc = PTV_ERR_NOPROC;
			goto out;
		}
		/* The records are opened for the root's main thread before it is seized; attach.c
		 * covers every other thread it seizes (a refusal only makes the states approximate). */
		schedlog_open(&tr->sched, tr, tr->root, tr->sched_reason, sizeof tr->sched_reason,
		              &tr->sched_refused);
		tracer_write_header(tr);
		rc = attach_start(tr, err, errlen);
		if (rc == 0)
			tracer_log_begun(tr);
	} else {
		rc = launch_start(tr, err, errlen);
		if (rc == 0)
			tracer_write_header(tr);
	}
	if (rc < 0) {
		/* Let go of whatever was seized before the failure; never leave a stopped process. */
		if (tr->attach) {
			tr->stopping = true;
			attach_detach_all(tr);
			tracer_loop(tr);
			tr->end_reason = PTV_END_ERROR;
			tracer_write_end(tr);   /* the header is out: close the log properly */
		}
		goto out;
	}
	tracer_loop(tr);
	schedlog_finish(tr->sched, tr);

	if (!tr->attach && !tr->root_execd) {
		rc = launch_failure(tr, err, errlen);
		if (rc < 0)
			tr->root_status = rc == PTV_ERR_NOTFOUND ? 127 : 126;
	}
	if (rc < 0)
		tr->end_reason = PTV_END_ERROR;
	else if (tr->stopping)
		tr->end_reason = tr->attach ? PTV_END_DETACHED : PTV_END_INTERRUPTED;
	else if (tr->root_status > 128 && !tr->attach)
		tr->end_reason = PTV_END_SIGNALED;
	else
		tr->end_reason = PTV_END_EXITED;
	tracer_write_end(tr);
	res->status = tr->root_status;
	res->root = tr->root;
	res->events = writer_events(tr->w);
	res->processes = tr->processes_seen;
	res->interrupted = tr->stopping;
	if (tr->sched_refused)
		snprintf(res->sched_refused, sizeof res->sched_refused, "%s", tr->sched_reason);
	/* A log that failed is kept to its last whole line; the run itself went on to its end. */
	res->log_error = writer_finish(tr->w);
	res->log_events_kept = res->log_error ? writer_kept_events(tr->w) : res->events;
	res->log_empty = !tr->log_named || writer_kept_nothing(tr->w);
out:
	if (subreaper)
		prctl(PR_SET_CHILD_SUBREAPER, 0);
	signals_give_back(&tr->sig, tr->sigfd);
	tr->sigfd = -1;
	return rc;
}
