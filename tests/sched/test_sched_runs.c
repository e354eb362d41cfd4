/* tests/sched/test_sched_runs.c — the state builder and its coalescing, on hand-written records
 * (no perf). `test_sched_runs CASE`; every time below is in µs for readability. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sched_runs_int.h"

enum { US = 1000, MS = 1000 * 1000, MAXSEG = 4096 };

/* Everything taken from a builder, per tid, concatenated over takes. */
typedef struct got {
	struct { pid_t pid, tid; sched_seg seg; } v[MAXSEG];
	int n;
	int batches, ended;
	uint64_t ns[SCHED_STATE_COUNT];
} got;

static int collect(void *ctx, const sched_batch *b)
{
	got *g = ctx;
	g->batches++;
	g->ended += b->ended;
	for (int i = 0; i < b->nsegs && g->n < MAXSEG; i++) {
		g->v[g->n].pid = b->pid;
		g->v[g->n].tid = b->tid;
		g->v[g->n++].seg = b->segs[i];
	}
	for (int k = 0; k < SCHED_STATE_COUNT; k++)
		g->ns[k] += b->ns[k];
	return 0;
}

/* The letters of tid's segments, in order, e.g. "RSR". */
static const char *letters(const got *g, pid_t tid)
{
	static char buf[MAXSEG + 1];
	int n = 0;
	for (int i = 0; i < g->n; i++)
		if (g->v[i].tid == tid)
			buf[n++] = sched_state_letters[g->v[i].seg.state];
	buf[n] = 0;
	return buf;
}

/* The i-th segment of tid. */
static const sched_seg *seg_of(const got *g, pid_t tid, int i)
{
	for (int k = 0; k < g->n; k++)
		if (g->v[k].tid == tid && i-- == 0)
			return &g->v[k].seg;
	static const sched_seg none;
	return &none;
}

static sched_runs *runs(uint64_t coalesce_ns)
{
	sched_runs_opts o = SCHED_RUNS_OPTS_INIT;
	o.coalesce_ns = coalesce_ns;
	sched_runs *r = NULL;
	CHECK(sched_runs_new(&r, &o) == 0);
	return r;
}

static void rec(sched_runs *r, sched_rec_kind kind, pid_t pid, pid_t tid, uint64_t us, bool preempted)
{
	sched_rec x = { .kind = kind, .time = us * US, .pid = pid, .tid = tid, .preempted = preempted };
	sched_runs_record(r, &x);
}

static void in(sched_runs *r, pid_t tid, uint64_t us) { rec(r, SCHED_REC_SWITCH_IN, tid, tid, us, false); }
static void out(sched_runs *r, pid_t tid, uint64_t us) { rec(r, SCHED_REC_SWITCH_OUT, tid, tid, us, false); }
static void preempt(sched_runs *r, pid_t tid, uint64_t us) { rec(r, SCHED_REC_SWITCH_OUT, tid, tid, us, true); }
static void die(sched_runs *r, pid_t tid, uint64_t us) { rec(r, SCHED_REC_EXIT, tid, tid, us, false); }

static int asleep_cb(void *ctx, pid_t pid, pid_t tid, uint64_t since)
{
	uint64_t *v = ctx;
	v[0] = (uint64_t)tid;
	v[1] = since;
	v[2]++;
	return 0;
}

/* A process that runs 1 ms, sleeps 100 ms, runs 2 ms and exits: R S R with exact lengths.
 * While it sleeps, it is the one thread asleep, since 1 ms. */
static void case_sleep(void)
{
	got g = { 0 };
	uint64_t asleep[3] = { 0, 0, 0 };
	sched_runs *r = runs(0);
	in(r, 10, 0);
	preempt(r, 11, 0);
	CHECK(sched_runs_asleep(r, asleep_cb, asleep) == 0);
	CHECK_INT(asleep[2], 0);
	out(r, 10, 1000);
	CHECK(sched_runs_asleep(r, asleep_cb, asleep) == 0);
	CHECK_INT(asleep[2], 1);
	CHECK_INT(asleep[0], 10);
	CHECK_INT(asleep[1], 1 * MS);
	die(r, 11, 1500);
	in(r, 10, 101000);
	die(r, 10, 103000);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 10), "RSR");
	CHECK_INT(seg_of(&g, 10, 1)->end - seg_of(&g, 10, 1)->start, 100 * MS);
	CHECK_INT(g.ns[SCHED_ONCPU], 3 * MS);
	CHECK_INT(g.ns[SCHED_ASLEEP], 100 * MS);
	CHECK_INT(g.ended, 2);
	sched_runs_free(r);
}

/* A preempted thread is ready until it is back on a CPU; a new one is ready from its fork. */
static void case_ready_fork(void)
{
	got g = { 0 };
	sched_runs *r = runs(0);
	in(r, 10, 0);
	rec(r, SCHED_REC_FORK, 11, 11, 500, false);
	preempt(r, 10, 1000);
	in(r, 11, 1000);
	preempt(r, 11, 5000);
	in(r, 10, 5000);
	in(r, 11, 9000);
	die(r, 11, 9500);
	die(r, 10, 9800);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 10), "RrR");
	CHECK_STR(letters(&g, 11), "rRrR");
	CHECK_INT(seg_of(&g, 11, 0)->start, 500 * US);
	CHECK_INT(seg_of(&g, 11, 2)->end - seg_of(&g, 11, 2)->start, 4 * MS);
	sched_runs_free(r);
}

/* Coalescing: short intervals between long ones join the segment before; a long burst of
 * short ones is one segment in its plurality state; totals stay exact. */
static void case_coalesce(void)
{
	got g = { 0 };
	sched_runs *r = runs(1 * MS);
	in(r, 10, 0);           /* R 10 ms */
	out(r, 10, 10000);      /* S 0.2 ms (short) */
	in(r, 10, 10200);       /* R 0.1 ms (short) */
	preempt(r, 10, 10300);  /* r 0.3 ms (short): burst of 0.6 ms < 1 ms joins the R before */
	in(r, 10, 10600);       /* R 20 ms */
	out(r, 10, 30600);      /* then a burst of 5 ms: 100 × (S 40 µs, R 10 µs): mostly S */
	uint64_t t = 30600;
	for (int i = 0; i < 100; i++) {
		in(r, 10, t + 40);
		out(r, 10, t + 50);
		t += 50;
	}
	/* the last out above starts S; make it long: 50 ms */
	in(r, 10, t + 50000);
	die(r, 10, t + 52000);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	/* R (10+0.6+20 ms) | burst: S plurality, 5 ms | S 50 ms joins it | R 2 ms */
	CHECK_STR(letters(&g, 10), "RSR");
	const sched_seg *first = seg_of(&g, 10, 0), *sleep = seg_of(&g, 10, 1);
	CHECK_INT(first->start, 0);
	CHECK_INT(first->end, 30600 * US);
	CHECK_INT(first->ns[SCHED_ONCPU], (10000 + 100 + 20000) * US);
	CHECK_INT(first->ns[SCHED_ASLEEP], 200 * US);
	CHECK_INT(first->ns[SCHED_READY], 300 * US);
	CHECK_INT(sleep->start, 30600 * US);
	CHECK_INT(sleep->ns[SCHED_ONCPU], 100 * 10 * US);
	CHECK_INT(sleep->ns[SCHED_ASLEEP], (100 * 40 + 50000) * US);
	/* exact totals: R = 30.1 + 1 + 2 ms, S = 0.2 + 4 + 50 ms, r = 0.3 ms, over 87.6 ms */
	CHECK_INT(g.ns[SCHED_ONCPU], (30100 + 1000 + 2000) * US);
	CHECK_INT(g.ns[SCHED_ASLEEP], (200 + 4000 + 50000) * US);
	CHECK_INT(g.ns[SCHED_READY], 300 * US);
	uint64_t sum = 0;
	for (int k = 0; k < SCHED_STATE_COUNT; k++)
		sum += g.ns[k];
	CHECK_INT(sum, seg_of(&g, 10, 2)->end - first->start);
	sched_runs_free(r);
}

/* A short burst at the very start of a life joins the segment after it; a life that is only
 * a short burst is one segment in its plurality state. */
static void case_coalesce_edges(void)
{
	got g = { 0 };
	sched_runs *r = runs(1 * MS);
	rec(r, SCHED_REC_FORK, 20, 20, 0, false);  /* r 0.1 ms */
	in(r, 20, 100);                            /* R 0.2 ms */
	out(r, 20, 300);                           /* S 10 ms */
	in(r, 20, 10300);
	die(r, 20, 10400);                         /* R 0.1 ms at the end joins the S */
	rec(r, SCHED_REC_FORK, 21, 21, 0, false);  /* r 0.1 ms */
	in(r, 21, 100);                            /* R 0.3 ms */
	die(r, 21, 400);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 20), "S");
	CHECK_INT(seg_of(&g, 20, 0)->start, 0);
	CHECK_INT(seg_of(&g, 20, 0)->end, 10400 * US);
	CHECK_STR(letters(&g, 21), "R");
	CHECK_INT(seg_of(&g, 21, 0)->ns[SCHED_READY], 100 * US);
	sched_runs_free(r);
}

/* The tracer's own stops become T: even when its waitpid returned before the switch-out. */
static void case_tracer_stop(void)
{
	got g = { 0 };
	sched_runs *r = runs(0);
	in(r, 10, 0);
	sched_runs_tracer_stop(r, 10, 900);   /* seen while the record still says on-CPU */
	out(r, 10, 1000);
	in(r, 10, 1080);
	out(r, 10, 2000);                     /* a real sleep: no mark */
	in(r, 10, 50000);
	out(r, 10, 50100);
	sched_runs_tracer_stop(r, 10, 50120); /* seen during the stop */
	in(r, 10, 50200);
	die(r, 10, 51000);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 10), "RTRSRTR");
	CHECK_INT(g.ns[SCHED_TRACED], (80 + 100) * US);
	sched_runs_free(r);
}

/* Missing records: a LOST record makes every live thread unknown from the ring's last record;
 * two switch-ins in a row make the time between them unknown. */
static void case_lost(void)
{
	got g = { 0 };
	sched_runs *r = runs(0);
	in(r, 10, 0);
	in(r, 11, 0);
	out(r, 11, 500);
	sched_rec lost = { .kind = SCHED_REC_LOST, .time = 3000 * US, .since = 1000 * US, .lost = 7 };
	sched_runs_record(r, &lost);
	out(r, 10, 4000);   /* 10: R 0-1 ms, ? 1-4 ms, then S */
	in(r, 10, 5000);
	in(r, 11, 6000);    /* 11: R, S 0.5-1 ms, ? 1-6 ms, R */
	in(r, 11, 7000);    /* again: ? 6-7 ms */
	die(r, 10, 8000);
	die(r, 11, 8000);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 10), "R?SR");
	CHECK_INT(seg_of(&g, 10, 1)->start, 1 * MS);
	CHECK_STR(letters(&g, 11), "RS?R");
	CHECK_INT(seg_of(&g, 11, 2)->end, 7 * MS);
	sched_runs_stats st;
	sched_runs_get_stats(r, &st);
	CHECK_INT(st.inconsistent, 1);
	sched_runs_free(r);
}

/* A thread begun in an unknown state: a first switch-out proves it was on the CPU. exec from a
 * non-leader thread ends that thread and starts the leader's tid anew. */
static void case_begin_exec(void)
{
	got g = { 0 };
	sched_runs *r = runs(0);
	sched_runs_begin(r, 30, 30, 0, SCHED_UNKNOWN);
	sched_runs_begin(r, 30, 31, 0, SCHED_UNKNOWN);
	rec(r, SCHED_REC_SWITCH_IN, 30, 31, 1000, false);
	out(r, 30, 2000);
	die(r, 30, 3000);                              /* the leader exits (de_thread) */
	sched_rec comm = { .kind = SCHED_REC_COMM, .time = 4000 * US, .pid = 30, .tid = 30,
	                   .comm = "ls", .exec = true };
	sched_runs_record(r, &comm);                   /* 31 exec'd and is now 30 */
	out(r, 30, 5000);
	die(r, 30, 6000);
	sched_runs_finish(r, 9000 * US);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 31), "?R");
	CHECK_INT(seg_of(&g, 31, 1)->end, 4 * MS);
	CHECK_STR(letters(&g, 30), "RSRS");  /* R 0-2, S 2-3 (first life), R 4-5, S 5-6 */
	CHECK_INT(g.ended, 3);
	sched_runs_free(r);
}

/* A non-leader thread exec'd: the leader's old life ends (de_thread) before ptviz sees the exec
 * stop under the leader's tid; that stop belongs to the new life the exec starts, whose asleep
 * interval holding it is ptviz's (T), not the program's. A stale stop of an earlier process with
 * the same tid does not make a later life's sleep T. */
static void case_exec_stop(void)
{
	got g = { 0 };
	sched_runs *r = runs(0);
	sched_runs_begin(r, 30, 30, 0, SCHED_ASLEEP);
	rec(r, SCHED_REC_SWITCH_IN, 30, 31, 500, false);
	in(r, 30, 1000);
	out(r, 30, 2000);
	sched_runs_tracer_stop(r, 30, 3500 * US);     /* the exec stop, seen before the drain */
	die(r, 30, 3000);                              /* the old leader goes (de_thread) */
	sched_rec comm = { .kind = SCHED_REC_COMM, .time = 3200 * US, .pid = 30, .tid = 30,
	                   .comm = "sh", .exec = true };
	sched_runs_record(r, &comm);                   /* 31 exec'd and is now 30 */
	out(r, 30, 3400);                              /* into ptviz's exec stop */
	in(r, 30, 3600);
	out(r, 30, 4000);                              /* a sleep of its own */
	in(r, 30, 9000);
	die(r, 30, 9500);
	/* tid 40: a process that ended with a stop seen after its end; its tid comes back 50 ms
	 * later for another process, whose first sleep is its own */
	in(r, 40, 100);
	sched_runs_tracer_stop(r, 40, 1200 * US);
	die(r, 40, 1000);
	rec(r, SCHED_REC_FORK, 40, 40, 50000, false);
	in(r, 40, 50100);
	out(r, 40, 50200);
	in(r, 40, 52000);
	die(r, 40, 52100);
	sched_runs_finish(r, 60000 * US);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 30), "SRSRTRSR");  /* first life S R S; new life R T R S R */
	CHECK_STR(letters(&g, 40), "RrRSR");
	sched_runs_free(r);
}

/* Taking after every record gives the same segments as taking once at the end. */
static void case_streaming(void)
{
	static got once, often;
	memset(&once, 0, sizeof once);
	memset(&often, 0, sizeof often);
	sched_runs *a = runs(1 * MS), *b = runs(1 * MS);
	uint64_t t = 0, seed = 42;
	bool on[4] = { false };
	for (int i = 0; i < 3000; i++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		pid_t tid = 40 + (pid_t)(seed >> 60 & 3);
		t += (seed >> 33) % 3000;  /* up to 3 ms apart: long and short intervals */
		sched_rec x = { .kind = on[tid - 40] ? SCHED_REC_SWITCH_OUT : SCHED_REC_SWITCH_IN,
		                .time = t * US, .pid = tid, .tid = tid, .preempted = (seed >> 20) & 1 };
		on[tid - 40] = !on[tid - 40];
		sched_runs_record(a, &x);
		sched_runs_record(b, &x);
		CHECK(sched_runs_take(b, collect, &often) == 0);
	}
	sched_runs_finish(a, (t + 1) * US);
	sched_runs_finish(b, (t + 1) * US);
	CHECK(sched_runs_take(a, collect, &once) == 0);
	CHECK(sched_runs_take(b, collect, &often) == 0);
	CHECK(once.batches < often.batches);
	for (pid_t tid = 40; tid < 44; tid++) {
		char want[MAXSEG + 1];
		snprintf(want, sizeof want, "%s", letters(&once, tid));
		CHECK_STR(letters(&often, tid), want);
		CHECK(strlen(want) > 10);
		/* segments are contiguous and at least 1 ms long */
		for (int i = 1; seg_of(&once, tid, i)->end; i++) {
			CHECK_INT(seg_of(&once, tid, i)->start, seg_of(&once, tid, i - 1)->end);
			CHECK(seg_of(&once, tid, i - 1)->end - seg_of(&once, tid, i - 1)->start >= 1 * MS);
		}
	}
	for (int k = 0; k < SCHED_STATE_COUNT; k++)
		CHECK_INT(often.ns[k], once.ns[k]);
	sched_runs_free(a);
	sched_runs_free(b);
}

static int json_cb(void *ctx, const sched_batch *b)
{
	cJSON *o = cJSON_CreateObject();
	CHECK(sched_runs_to_json(b, 1 * MS, o) == 0);
	char *s = cJSON_PrintUnformatted(o);
	snprintf(ctx, 512, "%s", s);
	cJSON_free(s);
	cJSON_Delete(o);
	return 0;
}

/* The log fields: start relative to t0, one letter and one duration per segment, totals in
 * the order R r S T ?, and the mix of a merged segment. */
static void case_json(void)
{
	char line[512] = "";
	sched_runs *r = runs(1 * MS);
	in(r, 10, 2000);
	preempt(r, 10, 4000);
	in(r, 10, 4100);
	out(r, 10, 6000);
	in(r, 10, 16000);
	die(r, 10, 18000);
	CHECK(sched_runs_take(r, json_cb, line) == 0);
	CHECK_STR(line, "{\"start\":1000000,\"states\":\"RSR\",\"durs\":[4000000,10000000,2000000],"
	                "\"ns\":[5900000,100000,10000000,0,0],\"mix\":[[0,3900000,100000,0,0,0]],"
	                "\"end\":true}");
	sched_runs_free(r);
}

/* Attach mode: a task both inherited and opened on its own writes every switch twice, a few
 * hundred ns apart, on the same CPU. The copies are dropped: the thread is R S R, not unknown
 * (two switch-ins in a row would otherwise read as lost records). A later switch in the same
 * direction that is not a copy (another CPU, or far apart) still says records were lost. */
static void case_duplicates(void)
{
	got g = { 0 };
	sched_runs_stats st;
	sched_runs *r = runs(0);
	sched_runs_begin(r, 10, 10, 0, SCHED_ASLEEP);
	in(r, 10, 1000);
	rec(r, SCHED_REC_SWITCH_IN, 10, 10, 1000, false);  /* the same µs */
	out(r, 10, 2000);
	sched_rec copy = { .kind = SCHED_REC_SWITCH_OUT, .time = 2000 * US + 350, .pid = 10, .tid = 10 };
	sched_runs_record(r, &copy);                        /* 350 ns later */
	in(r, 10, 102000);
	sched_rec again = { .kind = SCHED_REC_SWITCH_IN, .time = 102000 * US + 200, .pid = 10,
	                    .tid = 10, .cpu = 1 };
	sched_runs_record(r, &again);                       /* another CPU: not a copy */
	die(r, 10, 103000);
	CHECK(sched_runs_take(r, collect, &g) == 0);
	CHECK_STR(letters(&g, 10), "SRS?R");
	CHECK_INT(seg_of(&g, 10, 2)->end - seg_of(&g, 10, 2)->start, 100 * MS);
	CHECK_INT(g.ns[SCHED_ASLEEP], 101 * MS);
	sched_runs_get_stats(r, &st);
	CHECK_INT(st.duplicates, 2);
	CHECK_INT(st.inconsistent, 1);
	sched_runs_free(r);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } cases[] = {
		{ "sleep", case_sleep }, { "ready_fork", case_ready_fork }, { "coalesce", case_coalesce },
		{ "coalesce_edges", case_coalesce_edges }, { "tracer_stop", case_tracer_stop },
		{ "lost", case_lost }, { "begin_exec", case_begin_exec }, { "streaming", case_streaming },
		{ "json", case_json }, { "duplicates", case_duplicates }, { "exec_stop", case_exec_stop },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (argc < 2 || strcmp(argv[1], cases[i].name) == 0)
			cases[i].fn();
	return check_done(argv[0]);
}
