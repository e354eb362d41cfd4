/* tests/sched/live.c — the harness of the live tests: start a child blocked on a pipe (as the
 * tracer's launch does), open the events for it, let it go, wait for it, flush the rings into a
 * record list and a state builder (no coalescing), and answer questions about what was seen. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "live.h"

uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Burn ms of this thread's CPU time. */
void burn(long ms)
{
	struct timespec a, b;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
	volatile unsigned long spin = 0;
	do {
		for (int i = 0; i < 10000; i++)
			spin++;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000L + (b.tv_nsec - a.tv_nsec) / 1000000L < ms);
}

void nap(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

void read1(int fd)
{
	char c;
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
}

void write1(int fd)
{
	while (write(fd, "x", 1) < 0 && errno == EINTR)
		;
}


int seen_rec(void *ctx, const sched_rec *rec)
{
	seen *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = realloc(s->v, (size_t)s->cap * sizeof *s->v);
		s->comm = realloc(s->comm, (size_t)s->cap * sizeof *s->comm);
		if (!s->v || !s->comm)
			abort();
	}
	s->v[s->n] = *rec;
	snprintf(s->comm[s->n], sizeof s->comm[0], "%s", rec->comm ? rec->comm : "");
	s->v[s->n].comm = NULL; /* s->comm[i] holds it: the arrays move as they grow */
	s->n++;
	sched_runs_record(s->runs, rec);
	return 0;
}

int seen_batch(void *ctx, const sched_batch *b)
{
	seen *s = ctx;
	int i = 0;
	while (i < s->nt && s->t[i].tid != b->tid)
		i++;
	if (i == s->nt && s->nt < 64)
		s->t[s->nt++].tid = b->tid;
	if (i == 64)
		return 0;
	for (int k = 0; k < b->nsegs; k++) {
		const sched_seg *g = &b->segs[k];
		s->t[i].ns[g->state] += g->end - g->start;
		s->t[i].segs[g->state]++;
		if (g->end - g->start > s->t[i].longest[g->state])
			s->t[i].longest[g->state] = g->end - g->start;
	}
	return 0;
}

uint64_t ns_of(const seen *s, pid_t tid, sched_state st)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].tid == tid)
			return s->t[i].ns[st];
	return 0;
}

uint64_t longest_of(const seen *s, pid_t tid, sched_state st)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].tid == tid)
			return s->t[i].longest[st];
	return 0;
}

int segs_of(const seen *s, pid_t tid, sched_state st)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].tid == tid)
			return s->t[i].segs[st];
	return 0;
}

int count(const seen *s, sched_rec_kind kind, pid_t tid)
{
	int n = 0;
	for (int i = 0; i < s->n; i++)
		n += s->v[i].kind == kind && (tid < 0 || s->v[i].tid == tid);
	return n;
}

void seen_free(seen *s)
{
	free(s->v);
	free(s->comm);
	sched_runs_free(s->runs);
}


/* Fork a child that waits for a byte on a pipe and then runs fn; *go gets the write end. */
pid_t spawn(child_fn fn, void *arg, int *go)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		read1(p[0]);
		fn(arg);
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

/* Open the events for a new child running fn (options o), let it run to its end, flush. The
 * child is known asleep from the open (it waits on the pipe). Returns 0, SKIP when refused. */
int run(child_fn fn, void *arg, const sched_opts *o, seen *s, pid_t *child)
{
	char err[512];
	sched *sc = NULL;
	sched_runs_opts ro = SCHED_RUNS_OPTS_INIT;
	int go = -1, st;
	ro.coalesce_ns = 0;
	memset(s, 0, sizeof *s);
	if (sched_runs_new(&s->runs, &ro) < 0)
		abort();
	pid_t pid = spawn(fn, arg, &go);
	uint64_t t_open = now_ns();
	int rc = sched_new(&sc, pid, o, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "sched_new: %s\n", err);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		close(go);
		return rc == -EACCES || rc == -EPERM || rc == -ENOENT || rc == -ENODEV ||
		       rc == -ENOSYS || rc == -EOPNOTSUPP ? SKIP : 1;
	}
	sched_runs_begin(s->runs, pid, pid, t_open, SCHED_ASLEEP);
	write1(go);
	close(go);
	rc = 0;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "live: the child failed (wait status %#x)\n", st);
		rc = 1;
	}
	if (sched_flush(sc, seen_rec, s) != 0)
		rc = 1;
	sched_runs_finish(s->runs, now_ns());
	if (sched_runs_take(s->runs, seen_batch, s) != 0)
		rc = 1;
	sched_free(sc);
	*child = pid;
	return rc;
}

int run_default(child_fn fn, void *arg, seen *s, pid_t *child)
{
	sched_opts o = SCHED_OPTS_INIT;
	return run(fn, arg, &o, s, child);
}

void child_sleep(void *arg) { nap(100); }

void child_fork(void *arg)
{
	pid_t g = fork();
	if (g == 0) {
		nap(10);
		_exit(0);
	}
	int st;
	_exit(waitpid(g, &st, 0) == g && WIFEXITED(st) ? 0 : 1);
}
