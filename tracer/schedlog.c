/* schedlog.c — the scheduler's records in the tracer's loop (see schedlog.h and
 * tracer/sched/README.md, "The API the tracer calls").
 *
 * Launch: the records are opened for the child after ptviz seized it and before it reads its go
 * byte, so inheritance covers every descendant from its creation. Attach: opened for the root's
 * main thread before the seize, then one event per CPU for every other thread seized (existing
 * tasks are not covered by inheritance); a task both inherited and opened gives each switch twice,
 * which the state builder drops (tracer/sched/README.md, "Attach"). Every ptrace stop ptviz
 * resumes is told to the state builder (it becomes `T`, ptviz's own cost); group-stops that
 * ptviz LISTENs to are the program's own `stopped` time and are not. */
#include "schedlog.h"

#include "internal.h"
#include "sched_blocked.h"
#include "sched_records.h"
#include "sched_runs.h"

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

/* How often the records are drained while the loop sleeps: a sleeping tracee's segments reach
 * the log this late at most, and a long sleep is looked at (sched_wait) this often. */
static const int64_t SCHEDLOG_DRAIN_NS = 100000000;
/* A thread asleep this long outside any call ptviz stops at gets a sched_wait. */
static const uint64_t SCHEDLOG_WAIT_MIN_NS = 20000000;
/* Drain in a busy stretch when a ring is this full (percent). */
static const unsigned SCHEDLOG_BACKLOG = 50;

struct schedlog {
	struct sched *s;
	struct sched_runs *runs;
	uint64_t t0;             /* CLOCK_MONOTONIC at the log's t = 0 */
	uint64_t coalesce_ns;
	int64_t last_drain;      /* log clock */
	pid_t opened;            /* the task sched_new opened (attach: sched_add_task for the others) */
	unsigned add_failed;     /* attach: threads whose events could not be opened */
	bool hup;                /* every covered task exited: the rings are not polled any more */
};

_Static_assert(sizeof PTV_SCHED_STATE_LETTERS == SCHED_STATE_COUNT + 1,
               "log.h's sched letters are the builder's states");

/* Whether the user turned the records off, and how (the header's reason). */
static bool schedlog_user_off(const struct ptv_tracer *tr, char *why, size_t len)
{
	const char *env = getenv("PTVIZ_SCHED");
	if (tr->opts.no_sched) {
		snprintf(why, len, "turned off with --no-sched");
		return true;
	}
	if (env && strcmp(env, "off") == 0) {
		snprintf(why, len, "turned off with PTVIZ_SCHED=off");
		return true;
	}
	return false;
}

void schedlog_open(struct schedlog **out, struct ptv_tracer *tr, pid_t pid, char *why,
                   size_t whylen, bool *refused)
{
	sched_opts so = SCHED_OPTS_INIT;
	sched_runs_opts ro = SCHED_RUNS_OPTS_INIT;
	struct schedlog *sl = NULL;
	*out = NULL;
	*refused = false;
	if (schedlog_user_off(tr, why, whylen))
		return;
	/* PTVIZ_SCHED=refuse: act as if the kernel refused (tests of the note and the fallback). */
	const char *env = getenv("PTVIZ_SCHED");
	if (env && strcmp(env, "refuse") == 0)
		so.refuse_errno = EACCES;
	/* Attach: every existing thread needs one event (fd) per CPU; 200 threads on 2 CPUs take
	 * about 412 descriptors. ptviz's own limit only: the attached program does not inherit it. */
	if (tr->attach) {
		struct rlimit rl;
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	if (!(sl = calloc(1, sizeof *sl))) {
		snprintf(why, whylen, "out of memory");
		*refused = true;
		return;
	}
	if (sched_new(&sl->s, pid, &so, why, whylen) < 0 || sched_runs_new(&sl->runs, &ro) < 0) {
		if (sl->s)
			snprintf(why, whylen, "out of memory");
		*refused = true;
		schedlog_free(sl);
		return;
	}
	sl->t0 = (uint64_t)writer_start_mono_ns(tr->w);
	sl->coalesce_ns = ro.coalesce_ns;
	int64_t now = writer_now(tr->w);
	sl->last_drain = now;
	sl->opened = pid;
	/* Launch: blocked in read() on the go pipe until ptviz writes the byte. Attach: the root's
	 * state is read when it is seized (schedlog_attach_thread). */
	if (!tr->attach)
		sched_runs_begin(sl->runs, pid, pid, sl->t0 + (uint64_t)now, SCHED_ASLEEP);
	*out = sl;
}

/* What an attached thread is doing as /proc says (proc(5) "state"), as a state to begin with:
 * read after its events are open, so a change after the read has its switch record. */
static sched_state schedlog_proc_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	FILE *f = fopen(path, "re");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = 0;
	const char *close = strrchr(buf, ')');   /* the name may hold spaces and parentheses */
	char st = close && close[1] == ' ' ? close[2] : '?';
	switch (st) {
	case 'S': case 'D': case 'I': case 'T':
		return SCHED_ASLEEP;   /* blocked, or stopped by job control: the program's own time */
	case 't':
		return SCHED_TRACED;   /* in a ptrace stop (--exact interrupted it) */
	default:
		return SCHED_UNKNOWN;  /* running or ready: the first switch-out proves on a CPU */
	}
}

void schedlog_attach_thread(struct schedlog *sl, struct ptv_tracer *tr, pid_t pid, pid_t tid)
{
	char err[256];
	if (!sl)
		return;
	if (tid != sl->opened && sched_add_task(sl->s, tid, err, sizeof err) < 0) {
		/* Not covered: no begin, so the thread gets no scheduler state at all. */
		sl->add_failed++;
		tracee_debug(tr, "sched: thread %d not covered: %s", (int)tid, err);
		return;
	}
	uint64_t at = sl->t0 + (uint64_t)writer_now(tr->w);
	sched_runs_begin(sl->runs, pid, tid, at, schedlog_proc_state(pid, tid));
}

unsigned schedlog_attach_failures(const struct schedlog *sl)
{
	return sl ? sl->add_failed : 0;
}

void schedlog_free(struct schedlog *sl)
{
	if (!sl)
		return;
	sched_free(sl->s);
	sched_runs_free(sl->runs);
	free(sl);
}

uint64_t schedlog_coalesce_ns(const struct schedlog *sl)
{
	return sl ? sl->coalesce_ns : 0;
}

void schedlog_stop_seen(struct schedlog *sl, pid_t tid, int64_t t)
{
	if (sl)
		sched_runs_tracer_stop(sl->runs, tid, sl->t0 + (uint64_t)t);
}

/* ---- drain ------------------------------------------------------------------------------- */

struct schedlog_ctx {
	struct schedlog *sl;
	struct ptv_tracer *tr;
};

static int schedlog_record(void *ctx, const sched_rec *rec)
{
	struct schedlog_ctx *c = ctx;
	sched_runs_record(c->sl->runs, rec);
	if (rec->kind == SCHED_REC_LOST)
		emit_sched_lost(c->tr->em, c->tr->root, rec->cpu,
		                (int64_t)(rec->since - c->sl->t0), (int64_t)(rec->time - c->sl->t0),
		                (unsigned long long)rec->lost);
	return 0;
}

static int schedlog_batch(void *ctx, const sched_batch *b)
{
	struct schedlog_ctx *c = ctx;
	emit_sched(c->tr->em, b, c->sl->t0);
	return 0;
}

/* The syscall file's first argument as a descriptor of pid, when the call takes one. */
static void schedlog_wait_fd(pid_t pid, long nr, const sched_blocked *b, struct emit_sched_wait *w,
                             char *target, size_t len)
{
	const struct sc_info *sc = sc_lookup(nr);
	if (!sc || !(sc->flags & SC_FD_ARG) || b->args[0] > 0x7fffffff)
		return;
	w->fd = (int)b->args[0];
	if (sched_blocked_fd(pid, w->fd, target, len) == 0)
		w->fd_target = target;
}

/* A thread asleep since `since` as far as the records say: is it inside a call ptviz does not
 * stop at? Then say which, once per sleep. */
static int schedlog_asleep(void *ctx, pid_t pid, pid_t tid, uint64_t since)
{
	struct schedlog_ctx *c = ctx;
	struct ptv_tracer *tr = c->tr;
	uint64_t now = c->sl->t0 + (uint64_t)writer_now(tr->w);
	struct thread *t = tracee_thread_get(tr, tid);
	sched_blocked b;
	char err[160], name[64], target[256];

	if (now - since < SCHEDLOG_WAIT_MIN_NS || !t || t->pending || t->blocked || t->listening ||
	    t->proc->dead || t->proc->state != PTV_STATE_RUNNING || t->waited_since == since)
		return 0;
	t->waited_since = since;
	if (sched_blocked_read(pid, tid, &b, err, sizeof err) < 0 || b.running || b.nr < 0)
		return 0;
	/* Stopped for ptviz (a stop not collected yet) or by job control: not the program's wait. */
	if (strstr(b.wchan, "ptrace_stop") || strstr(b.wchan, "signal_stop"))
		return 0;
	struct emit_sched_wait w = {
		.pid = t->proc->pid, .tid = tid, .since = (int64_t)(since - c->sl->t0), .nr = b.nr,
		.call = sc_call_name(b.nr, name, sizeof name),
		.args = { b.args[0], b.args[1], b.args[2] }, .fd = -1, .wchan = b.wchan,
	};
	schedlog_wait_fd(pid, b.nr, &b, &w, target, sizeof target);
	emit_sched_wait(tr->em, &w);
	return 0;
}

/* Hand the records out (all of them with flush), write the segments made final. */
static void schedlog_drain(struct schedlog *sl, struct ptv_tracer *tr, bool flush)
{
	struct schedlog_ctx c = { sl, tr };
	if (flush)
		sched_flush(sl->s, schedlog_record, &c);
	else
		sched_drain(sl->s, schedlog_record, &c);
	sl->last_drain = writer_now(tr->w);
	if (flush)
		sched_runs_finish(sl->runs, sl->t0 + (uint64_t)sl->last_drain);
	sched_runs_take(sl->runs, schedlog_batch, &c);
	if (!flush)
		sched_runs_asleep(sl->runs, schedlog_asleep, &c);
}

int schedlog_poll_fds(const struct schedlog *sl, struct pollfd *fds)
{
	int n = 0;
	if (!sl || sl->hup)
		return 0;
	const int *v = sched_fds(sl->s, &n);
	if (n > SCHEDLOG_MAX_FDS)
		n = SCHEDLOG_MAX_FDS;
	for (int i = 0; i < n; i++)
		fds[i] = (struct pollfd){ v[i], POLLIN, 0 };
	return n;
}

void schedlog_after_poll(struct schedlog *sl, struct ptv_tracer *tr, const struct pollfd *fds,
                         int n)
{
	bool ready = false;
	int hung = 0;
	if (!sl)
		return;
	for (int i = 0; i < n; i++) {
		ready |= (fds[i].revents & POLLIN) != 0;
		hung += (fds[i].revents & POLLHUP) != 0;
	}
	/* A hung-up perf fd stays readable: polling it again would spin. */
	if (n > 0 && hung == n)
		sl->hup = true;
	if (ready || writer_now(tr->w) - sl->last_drain >= SCHEDLOG_DRAIN_NS)
		schedlog_drain(sl, tr, false);
}

void schedlog_busy(struct schedlog *sl, struct ptv_tracer *tr)
{
	if (sl && sched_backlog(sl->s) >= SCHEDLOG_BACKLOG)
		schedlog_drain(sl, tr, false);
}

int schedlog_timeout_ms(const struct schedlog *sl, const struct ptv_tracer *tr)
{
	if (!sl || tr->nthreads == 0)
		return -1;
	int64_t left = sl->last_drain + SCHEDLOG_DRAIN_NS - writer_now(tr->w);
	return left <= 0 ? 0 : (int)(left / 1000000) + 1;
}

void schedlog_finish(struct schedlog *sl, struct ptv_tracer *tr)
{
	if (sl)
		schedlog_drain(sl, tr, true);
}
