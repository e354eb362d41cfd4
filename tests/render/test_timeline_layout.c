/* test_timeline_layout.c — the timeline's layout from hand-written logs: lanes in tree order,
 * the state bars a user reads (a zombie from exit to reap, a parent blocked in wait4, an orphan
 * marked from its adoption), compact time with the idle pause cut and every event still visible,
 * linear time without cuts, ticks, markers, and 1000 identical siblings folded into one lane. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "timeline.h"

static ptv_model *load(const char *path)
{
	ptv_model *m = NULL;
	ptv_diag d = { 0 };

	if (ptv_model_load(&m, path, &d) < 0) {
		fprintf(stderr, "cannot load %s: %s\n", path, d.error);
		return NULL;
	}
	return m;
}

static timeline_layout *layout(const ptv_model *m, ptv_time_mode mode, int siblings)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	timeline_layout *L = NULL;
	char err[256] = "";

	o.time_mode = mode;
	o.fold = siblings;
	if (timeline_layout_new(&L, m, &o, err, sizeof(err)) < 0)
		fprintf(stderr, "layout failed: %s\n", err);
	return L;
}

static pid_t lane_pid(const ptv_model *m, const timeline_layout *L, int lane)
{
	return ptv_model_process(m, L->lanes[lane].proc)->pid;
}

static int lane_of_pid(const ptv_model *m, const timeline_layout *L, pid_t pid)
{
	for (int l = 0; l < L->nlanes; l++)
		if (lane_pid(m, L, l) == pid)
			return l;
	return -1;
}

/* The segment of a lane covering time t, or NULL. */
static const timeline_seg *seg_at(const timeline_lane *ln, int64_t t)
{
	for (int s = 0; s < ln->nsegs; s++)
		if (ln->segs[s].start <= t && t < ln->segs[s].end)
			return &ln->segs[s];
	return NULL;
}

static const timeline_mark *find_mark(const timeline_layout *L, timeline_mark_kind kind, int lane,
                                      const char *label)
{
	for (int i = 0; i < L->nmarks; i++)
		if (L->marks[i].kind == kind && L->marks[i].lane == lane &&
		    (!label || strcmp(L->marks[i].label, label) == 0))
			return &L->marks[i];
	return NULL;
}

static void test_fork_loop(void)
{
	ptv_model *m = load("data/timeline_fork_loop.jsonl");
	timeline_layout *L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;

	CHECK(L != NULL);
	if (!L)
		goto out;
	/* Parent above its children, children in fork order. */
	CHECK_INT(L->nlanes, 4);
	CHECK_INT(lane_pid(m, L, 0), 1234);
	CHECK_INT(lane_pid(m, L, 1), 1235);
	CHECK_INT(lane_pid(m, L, 2), 1236);
	CHECK_INT(lane_pid(m, L, 3), 1237);
	CHECK_INT(L->lanes[0].depth, 0);
	CHECK_INT(L->lanes[3].depth, 1);
	CHECK_STR(L->lanes[0].label, "1234 fork_loop");

	/* Each child is a zombie from its exit until init reaps it, and an orphan after adoption. */
	const timeline_lane *c0 = &L->lanes[1];
	const timeline_seg *z = seg_at(c0, 300000);
	CHECK(z && z->state == PTV_STATE_ZOMBIE && z->start == 140000);
	CHECK_INT(c0->segs[c0->nsegs - 1].state, PTV_STATE_ZOMBIE);
	CHECK_INT(c0->segs[c0->nsegs - 1].end, 500400000);
	CHECK_INT(c0->end, 500400000);
	CHECK(z && !z->orphan);
	const timeline_seg *zo = seg_at(c0, 500350000);
	CHECK(zo && zo->orphan && zo->state == PTV_STATE_ZOMBIE);
	CHECK(strstr(c0->label, "(orphan)") != NULL);

	/* The parent sleeps in nanosleep through the pause. */
	const timeline_seg *b = seg_at(&L->lanes[0], 300000000);
	CHECK(b && b->state == PTV_STATE_BLOCKED && b->on && strcmp(b->on, "nanosleep") == 0);

	/* Compact time by default: one cut of about the 500 ms pause, no event inside it. */
	CHECK_INT(L->mode, PTV_TIME_COMPACT);
	CHECK_INT(L->axis.ncuts, 1);
	if (L->axis.ncuts == 1) {
		int64_t len = L->axis.cuts[0].end - L->axis.cuts[0].start;
		CHECK(len > 480000000 && len <= 500020000);
	}
	for (int l = 0; l < L->nlanes; l++)
		for (int s = 0; s < L->lanes[l].nsegs; s++) {
			CHECK(timeline_axis_in_cut(&L->axis, L->lanes[l].segs[s].start) < 0);
			CHECK(timeline_axis_in_cut(&L->axis, L->lanes[l].segs[s].end) < 0);
		}
	for (int i = 0; i < L->nmarks; i++) {
		CHECK(timeline_axis_in_cut(&L->axis, L->marks[i].t) < 0);
		CHECK(L->marks[i].x >= L->axis.x0 && L->marks[i].x <= L->axis.x0 + L->axis.width);
	}

	/* Markers: three fork arrows from the parent, exits, adoption, reaps by init, output. */
	int forks = 0;
	for (int i = 0; i < L->nmarks; i++)
		if (L->marks[i].kind == TIMELINE_MARK_FORK && L->marks[i].from_lane == 0)
			forks++;
	CHECK_INT(forks, 3);
	CHECK(find_mark(L, TIMELINE_MARK_EXIT, 1, "exit 0") != NULL);
	CHECK(find_mark(L, TIMELINE_MARK_ADOPT, 2, "orphan → init") != NULL);
	CHECK(find_mark(L, TIMELINE_MARK_REAP, 3, "init") != NULL);
	CHECK(find_mark(L, TIMELINE_MARK_OUTPUT, 1, "\"child 0\"") != NULL);
	/* the call in the course's words, the syscall in the tooltip */
	const timeline_mark *sl = find_mark(L, TIMELINE_MARK_BLOCKED, 0, "sleep");
	CHECK(sl && strstr(sl->tip, "nanosleep") != NULL);

	/* Labels that are drawn never overlap, within a row or across the band between lanes. */
	for (int i = 0; i < L->nmarks; i++)
		for (int j = i + 1; j < L->nmarks; j++) {
			const timeline_mark *a = &L->marks[i], *c = &L->marks[j];
			bool same = a->row == c->row && a->lane == c->lane;
			/* Below one bar and above the next share the band between the lanes. */
			bool band = (a->row == TIMELINE_ROW_BELOW && c->row == TIMELINE_ROW_ABOVE &&
			             c->lane == a->lane + 1) ||
			            (c->row == TIMELINE_ROW_BELOW && a->row == TIMELINE_ROW_ABOVE &&
			             a->lane == c->lane + 1);
			if (a->row < 0 || c->row < 0 || (!same && !band))
				continue;
			CHECK(a->label_x0 + a->label_w <= c->label_x0 || c->label_x0 + c->label_w <= a->label_x0);
		}

	/* Ticks: µs before the cut, ms after it, none inside. */
	bool us = false, ms = false;
	for (int i = 0; i < L->nticks; i++) {
		us |= strstr(L->ticks[i].label, "µs") != NULL;
		ms |= strstr(L->ticks[i].label, "ms") != NULL;
		CHECK(timeline_axis_in_cut(&L->axis, L->ticks[i].t) < 0);
	}
	CHECK(us && ms);
	timeline_layout_free(L);

	/* Linear time: no cut at all. */
	L = layout(m, PTV_TIME_LINEAR, 8);
	CHECK(L && L->mode == PTV_TIME_LINEAR && L->axis.ncuts == 0);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

static void test_zombie_and_wait(void)
{
	ptv_model *m = load("data/timeline_zombie.jsonl");
	timeline_layout *L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;

	CHECK(L != NULL);
	if (!L)
		goto out;
	int child = lane_of_pid(m, L, 2001), parent = lane_of_pid(m, L, 2000);
	CHECK_INT(parent, 0);
	CHECK_INT(child, 1);
	if (child != 1 || parent != 0)
		goto out;
	/* The zombie bar runs from the exit (120 µs) to the reap (200.12 ms). */
	const timeline_seg *z = seg_at(&L->lanes[child], 1000000);
	CHECK(z && z->state == PTV_STATE_ZOMBIE);
	CHECK(z && z->start == 120000 && z->end == 200120000);
	/* The parent's wait4 is a blocked bar labelled with the call. */
	const timeline_seg *w = seg_at(&L->lanes[parent], 200115000);
	CHECK(w && w->state == PTV_STATE_BLOCKED && w->on && strcmp(w->on, "wait4") == 0);
	const timeline_mark *r = find_mark(L, TIMELINE_MARK_REAP, parent, "waitpid");
	CHECK(r && r->from_lane == child && r->to_lane == parent && r->t == 200120000);
	CHECK_INT(L->mode, PTV_TIME_COMPACT);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

static void test_orphan(void)
{
	ptv_model *m = load("data/timeline_orphan.jsonl");
	timeline_layout *L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;

	CHECK(L != NULL);
	if (!L)
		goto out;
	CHECK_INT(L->nlanes, 2);
	const timeline_lane *o = &L->lanes[1];
	const timeline_seg *before = seg_at(o, 80000), *after = seg_at(o, 150000);
	/* The nanosleep that began before the parent died is split at the adoption. */
	CHECK(before && !before->orphan && before->state == PTV_STATE_BLOCKED);
	CHECK(after && after->orphan && after->state == PTV_STATE_BLOCKED);
	CHECK(before && before->end == 100000);
	CHECK(find_mark(L, TIMELINE_MARK_ADOPT, 1, "orphan → init") != NULL);
	CHECK(strstr(o->label, "3001 orphan (orphan)") == o->label);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

static void test_states_linear(void)
{
	ptv_model *m = load("data/timeline_states.jsonl");
	timeline_layout *L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;

	CHECK(L != NULL);
	if (!L)
		goto out;
	/* 4001 burns CPU throughout: no stretch is idle, so auto stays linear. */
	CHECK_INT(L->mode, PTV_TIME_LINEAR);
	CHECK_INT(L->axis.ncuts, 0);
	/* 30 ms on ~800 pt: a 5 ms step, labelled in ms; the picture starts at the root's exec
	 * (40 µs), so the first tick is 5 ms. */
	CHECK_INT(L->axis.t0, 40000);
	CHECK(L->nticks >= 5);
	if (L->nticks >= 3) {
		CHECK_STR(L->ticks[0].label, "5 ms");
		CHECK_STR(L->ticks[1].label, "10 ms");
		CHECK_STR(L->ticks[2].label, "15 ms");
	}
	int cpu = lane_of_pid(m, L, 4001), stop = lane_of_pid(m, L, 4003);
	CHECK(cpu >= 0 && stop >= 0);
	if (cpu < 0 || stop < 0)
		goto out;
	/* The CPU burner spent 4 of 29.9 ms on a run queue: without scheduler records that is a
	 * figure of the stretch, never a place in it (no ready segment is drawn). */
	const timeline_seg *r = seg_at(&L->lanes[cpu], 10000000);
	CHECK(r && r->state == PTV_STATE_RUNNING && !r->ready && !r->exact &&
	      r->ns[PTV_CPU_READY] == 4000000);
	const timeline_seg *s = seg_at(&L->lanes[stop], 5000000);
	CHECK(s && s->state == PTV_STATE_STOPPED);
	const timeline_mark *sig = find_mark(L, TIMELINE_MARK_SIGNAL, stop, "SIGSTOP");
	CHECK(sig && sig->from_lane == 0 && sig->to_lane == stop);
	CHECK(find_mark(L, TIMELINE_MARK_SIGNAL, stop, "SIGCONT") != NULL);
	/* A kill() whose delivery is not in the log is drawn from the sender's side; one that was
	 * delivered is drawn once, as its delivery. */
	int sleeper = lane_of_pid(m, L, 4002);
	const timeline_mark *usr = find_mark(L, TIMELINE_MARK_SIGNAL, sleeper, "SIGUSR1");
	CHECK(usr && usr->from_lane == 0 && usr->t == 15005000);
	int stops = 0;
	for (int i = 0; i < L->nmarks; i++)
		stops += L->marks[i].kind == TIMELINE_MARK_SIGNAL && strcmp(L->marks[i].label, "SIGSTOP") == 0;
	CHECK_INT(stops, 1);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

static void test_pipeline(void)
{
	ptv_model *m = load("data/timeline_pipeline.jsonl");
	timeline_layout *L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;

	CHECK(L != NULL);
	if (!L)
		goto out;
	CHECK_INT(L->nlanes, 3);
	CHECK_STR(L->lanes[1].label, "101 sh → ps");
	CHECK_STR(L->lanes[2].label, "102 sh → grep");
	/* Pipe arrows mean data (--io): one per write grep read later (ps wrote twice, 50 µs
	 * apart, far more than 2 pt here), at the write's time, writer (ps) → reader (grep); none
	 * from the shell, which only set the pipe up. */
	int pipes = 0;
	for (int i = 0; i < L->nmarks; i++)
		if (L->marks[i].kind == TIMELINE_MARK_PIPE) {
			pipes++;
			CHECK(L->marks[i].from_lane == 1 && L->marks[i].to_lane == 2);
			CHECK(L->marks[i].t == 600000 || L->marks[i].t == 650000);
		}
	CHECK_INT(pipes, 2);
	const timeline_mark *p = find_mark(L, TIMELINE_MARK_PIPE, 2, "pipe");
	CHECK(p && p->t == 600000 && strstr(p->tip, "512 B") != NULL);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

/* An interrupted trace: a zombie nobody reaped, processes still alive at the end. */
static void test_leak(void)
{
	ptv_model *m = load("data/timeline_leak.jsonl");
	timeline_layout *L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;

	CHECK(L != NULL);
	if (!L)
		goto out;
	int z = lane_of_pid(m, L, 6001), alive = lane_of_pid(m, L, 6002);
	CHECK(z == 1 && alive == 2);
	if (z != 1 || alive != 2)
		goto out;
	/* The zombie bar runs to the end of the log and says so. */
	CHECK_INT(L->lanes[z].end, 2000000);
	const timeline_seg *zs = seg_at(&L->lanes[z], 1999999);
	CHECK(zs && zs->state == PTV_STATE_ZOMBIE);
	const timeline_mark *nr = find_mark(L, TIMELINE_MARK_REAP, z, "never reaped");
	CHECK(nr && nr->t == 2000000 && nr->to_lane < 0);
	CHECK(find_mark(L, TIMELINE_MARK_EXIT, alive, "still running") != NULL);
	CHECK(find_mark(L, TIMELINE_MARK_EXIT, 0, "still running") != NULL);
	CHECK(find_mark(L, TIMELINE_MARK_EXIT, z, "exit 0") != NULL);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

/* A root forking n children that each exec /bin/true, exit 0 and are reaped. */
static char *many_children_log(int n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int64_t t = 1000;

	fprintf(f, "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,"
	           "\"root\":10,\"tracer_pid\":9,\"mode\":\"launch\",\"argv\":[\"./many\"],"
	           "\"start_unix_ns\":0,\"kernel\":\"6.1\",\"options\":{}}\n");
	fprintf(f, "{\"t\":%lld,\"type\":\"exec\",\"pid\":10,\"path\":\"/src/many\",\"argv\":[\"many\"]}\n",
	        (long long)t);
	for (int i = 0; i < n; i++) {
		int pid = 11 + i;
		fprintf(f, "{\"t\":%lld,\"type\":\"fork\",\"pid\":10,\"child\":%d,\"via\":\"fork\"}\n",
		        (long long)(t += 1000), pid);
		fprintf(f, "{\"t\":%lld,\"type\":\"exec\",\"pid\":%d,\"path\":\"/bin/true\",\"argv\":[\"true\"]}\n",
		        (long long)(t += 1000), pid);
		fprintf(f, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":0}\n", (long long)(t += 1000), pid);
		fprintf(f, "{\"t\":%lld,\"type\":\"reap\",\"pid\":10,\"child\":%d,\"via\":\"wait4\"}\n",
		        (long long)(t += 1000), pid);
	}
	fprintf(f, "{\"t\":%lld,\"type\":\"exit\",\"pid\":10,\"code\":0}\n", (long long)(t += 1000));
	fprintf(f, "{\"t\":%lld,\"type\":\"reap\",\"pid\":9,\"child\":10,\"via\":\"tracer\"}\n",
	        (long long)(t += 1000));
	fprintf(f, "{\"t\":%lld,\"type\":\"end\",\"pid\":10,\"status\":0,\"reason\":\"exited\"}\n",
	        (long long)(t += 1000));
	fclose(f);
	return buf;
}

static void test_fold(void)
{
	size_t len = 0;
	char *log = many_children_log(1000, &len);
	ptv_model *m = NULL;
	ptv_diag d = { 0 };
	timeline_layout *L = NULL;

	CHECK(ptv_model_load_buffer(&m, "many", log, len, &d) == 0);
	if (!m)
		goto out;
	CHECK_INT(ptv_model_nprocesses(m), 1001);
	L = layout(m, PTV_TIME_AUTO, 8);
	CHECK(L != NULL);
	if (!L)
		goto out;
	/* The thousand identical children are one lane, under their parent. */
	CHECK_INT(L->nlanes, 2);
	CHECK_INT(L->lanes[1].nmembers, 1000);
	CHECK_STR(L->lanes[1].label, "×1000 true");
	CHECK_INT(L->lanes[1].start, 2000);
	for (int i = 1; i < 1001; i++)
		CHECK(L->lane_of[i] == 1);
	/* The folded lane shows each child running, then its zombie moment: few segments, merged. */
	CHECK(L->lanes[1].nsegs >= 1);
	CHECK(L->nmarks < 250);
	timeline_layout_free(L);

	/* Without folding, one lane each. */
	L = layout(m, PTV_TIME_AUTO, 0);
	CHECK(L && L->nlanes == 1001);
	/* Below the threshold nothing folds. */
	timeline_layout_free(L);
	L = layout(m, PTV_TIME_AUTO, 1000);
	CHECK(L && L->nlanes == 1001);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
	free(log);
}

/* n shells, each forking one compiler: folds into a lane of shells over a lane of compilers. */
static void test_fold_subtrees(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int64_t t = 1000;
	ptv_model *m = NULL;
	ptv_diag d = { 0 };
	timeline_layout *L = NULL;

	fprintf(f, "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,"
	           "\"root\":10,\"tracer_pid\":9,\"mode\":\"launch\",\"argv\":[\"make\"],"
	           "\"start_unix_ns\":0,\"kernel\":\"6.1\",\"options\":{}}\n");
	for (int i = 0; i < 100; i++) {
		int sh = 100 + 2 * i, cc = sh + 1;
		fprintf(f, "{\"t\":%lld,\"type\":\"fork\",\"pid\":10,\"child\":%d,\"via\":\"fork\"}\n",
		        (long long)(t += 1000), sh);
		fprintf(f, "{\"t\":%lld,\"type\":\"exec\",\"pid\":%d,\"path\":\"/bin/sh\",\"argv\":[\"sh\"]}\n",
		        (long long)(t += 1000), sh);
		fprintf(f, "{\"t\":%lld,\"type\":\"fork\",\"pid\":%d,\"child\":%d,\"via\":\"fork\"}\n",
		        (long long)(t += 1000), sh, cc);
		fprintf(f, "{\"t\":%lld,\"type\":\"exec\",\"pid\":%d,\"path\":\"/usr/bin/cc\",\"argv\":[\"cc\"]}\n",
		        (long long)(t += 1000), cc);
		fprintf(f, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":0}\n", (long long)(t += 1000), cc);
		fprintf(f, "{\"t\":%lld,\"type\":\"reap\",\"pid\":%d,\"child\":%d,\"via\":\"wait4\"}\n",
		        (long long)(t += 1000), sh, cc);
		fprintf(f, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":0}\n", (long long)(t += 1000), sh);
		fprintf(f, "{\"t\":%lld,\"type\":\"reap\",\"pid\":10,\"child\":%d,\"via\":\"wait4\"}\n",
		        (long long)(t += 1000), sh);
	}
	fprintf(f, "{\"t\":%lld,\"type\":\"end\",\"pid\":10,\"status\":0,\"reason\":\"exited\"}\n",
	        (long long)(t += 1000));
	fclose(f);
	CHECK(ptv_model_load_buffer(&m, "make", buf, len, &d) == 0);
	if (!m)
		goto out;
	L = layout(m, PTV_TIME_AUTO, 8);
	CHECK(L && L->nlanes == 3);
	if (L && L->nlanes == 3) {
		CHECK_STR(L->lanes[1].label, "×100 sh");
		CHECK_STR(L->lanes[2].label, "×100 cc");
		CHECK_INT(L->lanes[2].depth, 2);
		CHECK_INT(L->lanes[2].nmembers, 100);
		/* Every compiler is drawn on the compilers' lane. */
		int on_cc = 0;
		for (int i = 0; i < L->nprocs; i++)
			on_cc += L->lane_of[i] == 2;
		CHECK_INT(on_cc, 100);
	}
out:
	timeline_layout_free(L);
	ptv_model_free(m);
	free(buf);
}

/* A parent "running" for 500 ms between two bursts of events, using cpu µs of CPU in it. */
static ptv_model *busy_log(long long cpu)
{
	char log[2048];
	ptv_model *m = NULL;
	ptv_diag d = { 0 };
	int n = snprintf(log, sizeof(log),
		"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,\"root\":10,"
		"\"tracer_pid\":9,\"mode\":\"launch\",\"argv\":[\"x\"],\"start_unix_ns\":0,\"kernel\":\"6\","
		"\"options\":{}}\n"
		"{\"t\":1000,\"type\":\"exec\",\"pid\":10,\"path\":\"/bin/x\",\"argv\":[\"x\"]}\n"
		"{\"t\":2000,\"type\":\"fork\",\"pid\":10,\"child\":11,\"via\":\"fork\"}\n"
		"{\"t\":3000,\"type\":\"exit\",\"pid\":11,\"code\":0}\n"
		"{\"t\":5000,\"type\":\"state\",\"pid\":10,\"state\":\"blocked\",\"on\":\"nanosleep\",\"cpu_ns\":4000,\"runq_ns\":0}\n"
		"{\"t\":10000,\"type\":\"state\",\"pid\":10,\"state\":\"running\",\"cpu_ns\":4100,\"runq_ns\":0}\n"
		"{\"t\":500010000,\"type\":\"state\",\"pid\":10,\"state\":\"blocked\",\"on\":\"wait4\",\"cpu_ns\":%lld,\"runq_ns\":0}\n"
		"{\"t\":500020000,\"type\":\"state\",\"pid\":10,\"state\":\"running\",\"cpu_ns\":%lld,\"runq_ns\":0}\n"
		"{\"t\":500020000,\"type\":\"reap\",\"pid\":10,\"child\":11,\"via\":\"wait4\"}\n"
		"{\"t\":500030000,\"type\":\"exit\",\"pid\":10,\"code\":0}\n"
		"{\"t\":500040000,\"type\":\"reap\",\"pid\":9,\"child\":10,\"via\":\"tracer\"}\n"
		"{\"t\":500040000,\"type\":\"end\",\"pid\":10,\"status\":0,\"reason\":\"exited\"}\n",
		4100 + cpu, 4200 + cpu);
	if (ptv_model_load_buffer(&m, "busy", log, (size_t)n, &d) < 0)
		fprintf(stderr, "busy log: %s\n", d.error);
	return m;
}

/* Idle means nobody used the CPU: a parent asleep in a call the tracer does not follow is idle
 * (its 500 ms are cut), a parent computing for 450 of them is not. */
static void test_busy_rule(void)
{
	ptv_model *m = busy_log(20000);
	timeline_layout *L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;

	CHECK(L && L->mode == PTV_TIME_COMPACT && L->axis.ncuts == 1);
	timeline_layout_free(L);
	ptv_model_free(m);

	m = busy_log(450000000);
	L = m ? layout(m, PTV_TIME_AUTO, 8) : NULL;
	CHECK(L && L->mode == PTV_TIME_LINEAR && L->axis.ncuts == 0);
	timeline_layout_free(L);
	ptv_model_free(m);
}

int main(void)
{
	test_fork_loop();
	test_zombie_and_wait();
	test_orphan();
	test_states_linear();
	test_pipeline();
	test_leak();
	test_fold();
	test_fold_subtrees();
	test_busy_rule();
	return check_done("test_timeline_layout");
}
