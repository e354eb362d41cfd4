/* tests/sched/sched_stat.c — measure what the scheduler records of a program cost.
 *
 *   sched_stat [-r PAGES] [-c US[,US...]] [-i MS] [-s] [-o LOG] -- PROG [ARGS...]
 *
 * Starts PROG blocked on a pipe (as the tracer launches), opens the context-switch events for
 * it, lets it go, drains the rings whenever one is half full (and every -i ms, default 1000),
 * until every covered task has exited (POLLHUP on every ring), then prints what arrived: records
 * by kind and per second, switches, how full a ring got, and for each coalescing threshold (-c,
 * in µs; default 0,100,1000,5000) the segments and the bytes of the `sched` log lines they make
 * (one line per thread per drain, as README.md proposes). -s leaves PROG's own process out of
 * the size figures (when PROG is a tracer running the real workload). -o writes the log lines
 * of the first threshold to LOG. Exit status: PROG's.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sched_runs.h"

enum { MAX_THRESHOLDS = 8 };

typedef struct level {
	uint64_t coalesce_ns;
	sched_runs *runs;
	uint64_t events, bytes, segments;
	uint64_t ns[SCHED_STATE_COUNT];
} level;

typedef struct stat_ctx {
	level lv[MAX_THRESHOLDS];
	int nlv;
	pid_t skip;        /* process left out of the size figures, 0: none */
	uint64_t t0;       /* trace start (CLOCK_MONOTONIC ns) */
	uint64_t now;      /* the drain's time: each line's t */
	FILE *log;
	level *cur;
} stat_ctx;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int stat_rec(void *ctx, const sched_rec *rec)
{
	stat_ctx *c = ctx;
	for (int i = 0; i < c->nlv; i++)
		sched_runs_record(c->lv[i].runs, rec);
	return 0;
}

/* One `sched` line as the tracer would write it; counts its bytes. */
static int stat_batch(void *ctx, const sched_batch *b)
{
	stat_ctx *c = ctx;
	level *l = c->cur;
	if (b->pid == c->skip)
		return 0;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return -1;
	cJSON_AddNumberToObject(o, "t", (double)(c->now - c->t0));
	cJSON_AddStringToObject(o, "type", "sched");
	cJSON_AddNumberToObject(o, "pid", b->pid);
	if (b->tid != b->pid)
		cJSON_AddNumberToObject(o, "tid", b->tid);
	int rc = sched_runs_to_json(b, c->t0, o);
	char *line = rc == 0 ? cJSON_PrintUnformatted(o) : NULL;
	if (line) {
		l->events++;
		l->bytes += strlen(line) + 1;
		l->segments += (uint64_t)b->nsegs;
		for (int k = 0; k < SCHED_STATE_COUNT; k++)
			l->ns[k] += b->ns[k];
		if (c->log && l == &c->lv[0])
			fprintf(c->log, "%s\n", line);
	}
	cJSON_free(line);
	cJSON_Delete(o);
	return line ? 0 : -1;
}

static void stat_take(stat_ctx *c)
{
	c->now = now_ns();
	for (int i = 0; i < c->nlv; i++) {
		c->cur = &c->lv[i];
		sched_runs_take(c->lv[i].runs, stat_batch, c);
	}
}

static void stat_print(const char *prog, const sched_stats *st, const stat_ctx *c, double secs,
                       uint64_t threads)
{
	uint64_t sw = st->records[SCHED_REC_SWITCH_IN] + st->records[SCHED_REC_SWITCH_OUT];
	uint64_t all = 0;
	for (int k = 0; k < SCHED_REC_KIND_COUNT; k++)
		all += st->records[k];
	printf("program: %s\n", prog);
	printf("wall time: %.3f s, cpus: %d, ring: %zu KiB each, drains: %llu\n", secs, st->cpus,
	       st->ring_bytes / 1024, (unsigned long long)st->drains);
	printf("records: %llu (%.0f/s), ring bytes: %llu\n", (unsigned long long)all, all / secs,
	       (unsigned long long)st->bytes);
	printf("switch records: %llu (in %llu, out %llu, preempted %llu)\n", (unsigned long long)sw,
	       (unsigned long long)st->records[SCHED_REC_SWITCH_IN],
	       (unsigned long long)st->records[SCHED_REC_SWITCH_OUT],
	       (unsigned long long)st->preempted);
	printf("fork: %llu, exit: %llu, comm: %llu (threads: %llu)\n",
	       (unsigned long long)st->records[SCHED_REC_FORK],
	       (unsigned long long)st->records[SCHED_REC_EXIT],
	       (unsigned long long)st->records[SCHED_REC_COMM], (unsigned long long)threads);
	printf("lost records: %llu (LOST records: %llu), late: %llu\n", (unsigned long long)st->lost,
	       (unsigned long long)st->records[SCHED_REC_LOST], (unsigned long long)st->late);
	printf("fullest ring at a drain: %llu bytes (%.0f%%)\n", (unsigned long long)st->max_fill,
	       100.0 * (double)st->max_fill / (double)st->ring_bytes);
	for (int i = 0; i < c->nlv; i++) {
		const level *l = &c->lv[i];
		printf("coalesce %llu us: %llu segments, %llu lines, %llu bytes; ms R %.1f r %.1f "
		       "S %.1f T %.1f ? %.1f\n",
		       (unsigned long long)(l->coalesce_ns / 1000), (unsigned long long)l->segments,
		       (unsigned long long)l->events, (unsigned long long)l->bytes,
		       l->ns[SCHED_ONCPU] / 1e6, l->ns[SCHED_READY] / 1e6, l->ns[SCHED_ASLEEP] / 1e6,
		       l->ns[SCHED_TRACED] / 1e6, l->ns[SCHED_UNKNOWN] / 1e6);
	}
}

/* Fork PROG blocked on a pipe; *go gets the write end. */
static pid_t stat_spawn(char **argv, int *go)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "sched_stat: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

/* Poll the rings, draining as they fill, until all hang up; returns PROG's wait status. */
static int stat_loop(sched *s, stat_ctx *c, pid_t pid, int interval_ms)
{
	int n, status = 0;
	bool reaped = false;
	const int *fds = sched_fds(s, &n);
	struct pollfd *pf = calloc((size_t)n, sizeof *pf);
	if (!pf)
		return -1;
	for (int i = 0; i < n; i++)
		pf[i] = (struct pollfd){ fds[i], POLLIN, 0 };
	for (;;) {
		int hup = 0;
		if (poll(pf, (nfds_t)n, interval_ms) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++)
			hup += (pf[i].revents & POLLHUP) != 0;
		if (!reaped && waitpid(pid, &status, WNOHANG) == pid)
			reaped = true;
		if (hup == n)
			break;
		sched_drain(s, stat_rec, c);
		stat_take(c);
	}
	if (!reaped)
		waitpid(pid, &status, 0);
	free(pf);
	return status;
}

int main(int argc, char **argv)
{
	sched_opts so = SCHED_OPTS_INIT;
	stat_ctx c = { .nlv = 0 };
	const char *levels = "0,100,1000,5000", *logpath = NULL;
	int interval_ms = 1000, opt, go = -1, rc = 1;
	bool skip_root = false;
	sched *s = NULL;
	char err[512];
	while ((opt = getopt(argc, argv, "+r:c:i:so:")) != -1) {
		switch (opt) {
		case 'r': so.ring_pages = (unsigned)atoi(optarg); break;
		case 'c': levels = optarg; break;
		case 'i': interval_ms = atoi(optarg); break;
		case 's': skip_root = true; break;
		case 'o': logpath = optarg; break;
		default: goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	for (const char *p = levels; *p && c.nlv < MAX_THRESHOLDS; p += strcspn(p, ","), p += *p == ',') {
		sched_runs_opts ro = { .coalesce_ns = strtoull(p, NULL, 10) * 1000 };
		c.lv[c.nlv].coalesce_ns = ro.coalesce_ns;
		if (sched_runs_new(&c.lv[c.nlv++].runs, &ro) < 0)
			goto out;
	}
	if (logpath && !(c.log = fopen(logpath, "w"))) {
		fprintf(stderr, "sched_stat: %s: %s\n", logpath, strerror(errno));
		goto out;
	}
	c.t0 = now_ns();
	pid_t pid = stat_spawn(argv + optind, &go);
	if (pid < 0 || sched_new(&s, pid, &so, err, sizeof err) < 0) {
		fprintf(stderr, "sched_stat: %s\n", pid < 0 ? strerror(errno) : err);
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		goto out;
	}
	c.skip = skip_root ? pid : 0;
	uint64_t t_open = now_ns();
	for (int i = 0; i < c.nlv; i++)
		sched_runs_begin(c.lv[i].runs, pid, pid, t_open, SCHED_ASLEEP);
	(void)!write(go, "x", 1);
	int status = stat_loop(s, &c, pid, interval_ms);
	double secs = (double)(now_ns() - c.t0) / 1e9;
	sched_flush(s, stat_rec, &c);
	uint64_t t_end = now_ns();
	for (int i = 0; i < c.nlv; i++)
		sched_runs_finish(c.lv[i].runs, t_end);
	stat_take(&c);
	sched_stats st;
	sched_runs_stats rs;
	sched_get_stats(s, &st);
	sched_runs_get_stats(c.lv[0].runs, &rs);
	stat_print(argv[optind], &st, &c, secs, rs.threads);
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	if (go >= 0)
		close(go);
	if (c.log)
		fclose(c.log);
	sched_free(s);
	for (int i = 0; i < c.nlv; i++)
		sched_runs_free(c.lv[i].runs);
	return rc;
usage:
	fprintf(stderr, "usage: sched_stat [-r PAGES] [-c US[,US...]] [-i MS] [-s] [-o LOG] -- PROG [ARGS...]\n");
	return 2;
}
