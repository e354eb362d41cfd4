/* test_timeline_exact.c — exact states from the scheduler's records (issue #14), from a
 * hand-written log that follows docs/event-log.md's sched events, and the same log without them
 * (the fallback path): both draw and neither lies. The model: phase 2 and phase 4 of `states`
 * are blocked in nanosleep ~100 ms each (phase 4's sleep was interrupted by SIGCHLD and
 * restarted), a read ptviz does not stop at is blocked, ready is where the records put it.
 * The timeline: ready drawn only from records, the "approximate" line without them, the exit
 * tick at the end of the running bar, the picture starting at the root's exec, outcomes. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_tree.h"
#include "timeline.h"

static char dir[64];

/* The whole file at path, NUL-terminated (free it), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* The exact log without its scheduler records: what ptviz writes when perf_event_open is
 * refused (header "sched":"none" with the reason; no sched events). */
static ptv_model *load_fallback(const char *path)
{
	size_t len = 0, u = 0;
	char *text = slurp(path, &len), *out = text ? malloc(len + 200) : NULL;
	ptv_model *m = NULL;
	ptv_diag d = { 0 };

	if (!out) {
		free(text);
		return NULL;
	}
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (strstr(line, "\"type\":\"sched"))
			continue;
		char *h = strstr(line, "\"sched\":\"perf\",\"sched_coalesce_ns\":1000000");
		if (h) {
			u += (size_t)sprintf(out + u, "%.*s\"sched\":\"none\",\"sched_reason\":\"perf_event_open: "
			                     "Permission denied: kernel.perf_event_paranoid is 3\"%s\n",
			                     (int)(h - line), line, h + strlen("\"sched\":\"perf\",\"sched_coalesce_ns\":1000000"));
			continue;
		}
		u += (size_t)sprintf(out + u, "%s\n", line);
	}
	if (ptv_model_load_buffer(&m, path, out, u, &d) < 0)
		fprintf(stderr, "fallback: %s\n", d.error);
	free(text);
	free(out);
	return m;
}

static const ptv_process *proc(const ptv_model *m, pid_t pid)
{
	int i = ptv_model_find_pid(m, pid);
	return i >= 0 ? ptv_model_process(m, i) : NULL;
}

static const ptv_span *span_at(const ptv_process *p, int64_t t)
{
	for (int i = 0; p && i < p->nspans; i++)
		if (p->spans[i].start <= t && t < p->spans[i].end)
			return &p->spans[i];
	return NULL;
}

static bool near(int64_t got, int64_t want)
{
	return got >= want - want / 5 && got <= want + want / 5;   /* ±20 % */
}

static void test_model_exact(void)
{
	ptv_model *m = tt_load("data/timeline_states_exact.jsonl");
	if (!m)
		return;
	CHECK(ptv_model_sched_exact(m));
	const ptv_process *root = proc(m, 4000);
	CHECK(root && root->nspans > 0);
	/* phase 1 running, on a CPU */
	const ptv_span *s = span_at(root, 5000000);
	CHECK(s && s->state == PTV_STATE_RUNNING && !s->ready && s->exact);
	/* phase 2: blocked in nanosleep ~100 ms */
	s = span_at(root, 60000000);
	CHECK(s && s->state == PTV_STATE_BLOCKED && s->on && !strcmp(s->on, "nanosleep"));
	CHECK(s && near(s->end - s->start, 100000000));
	/* phase 4: the sleep SIGCHLD interrupted stays one blocked stretch of ~100 ms; the signal
	 * delivery and ptviz's stop inside it are in its figures, not in its drawing */
	s = span_at(root, 125050000);
	CHECK(s && s->state == PTV_STATE_BLOCKED && s->on && !strcmp(s->on, "nanosleep"));
	CHECK(s && near(s->end - s->start, 100000000));
	CHECK(s && s->ns[PTV_CPU_PTVIZ] == 60000 && s->ns[PTV_CPU_ON] == 20000);
	CHECK_INT(root->sched_ns[PTV_CPU_PTVIZ], 60000);
	/* a child waits for a CPU first: ready where the records put it */
	const ptv_process *c1 = proc(m, 4001);
	s = span_at(c1, 111000000);
	CHECK(s && s->state == PTV_STATE_RUNNING && s->ready);
	CHECK(s && s->start == 110500000 && s->end == 112500000);
	s = span_at(c1, 115000000);
	CHECK(s && s->state == PTV_STATE_RUNNING && !s->ready);
	/* ptrace said running; the records say asleep, the sched_wait says in read */
	const ptv_process *c3 = proc(m, 4003);
	s = span_at(c3, 240000000);
	CHECK(s && s->state == PTV_STATE_BLOCKED && s->on && !strcmp(s->on, "read"));
	/* zombie from ptrace */
	s = span_at(c3, 260070000);
	CHECK(s && s->state == PTV_STATE_ZOMBIE);
	/* outcomes: three children reaped, then ECHILD */
	int pids = 0, echild = 0;
	for (int i = 0; i < ptv_model_noutcomes(m); i++) {
		const ptv_outcome *o = ptv_model_outcome(m, i);
		pids += o->kind == PTV_OUTCOME_WAIT_PID && o->child >= 0;
		echild += o->kind == PTV_OUTCOME_WAIT_ERROR && o->what && !strcmp(o->what, "ECHILD");
	}
	CHECK_INT(pids, 3);
	CHECK_INT(echild, 1);
	ptv_model_free(m);
}

static timeline_layout *layout(const ptv_model *m, bool from_launch)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	timeline_layout *L = NULL;
	char err[256] = "";

	o.timeline_from_launch = from_launch;
	o.time_mode = PTV_TIME_LINEAR;
	if (timeline_layout_new(&L, m, &o, err, sizeof err) < 0)
		fprintf(stderr, "layout: %s\n", err);
	return L;
}

static int lane_of(const ptv_model *m, const timeline_layout *L, pid_t pid)
{
	int i = ptv_model_find_pid(m, pid);
	return i >= 0 ? L->lane_of[i] : -1;
}

static int ready_segs(const timeline_layout *L)
{
	int n = 0;
	for (int l = 0; l < L->nlanes; l++)
		for (int s = 0; s < L->lanes[l].nsegs; s++)
			n += L->lanes[l].segs[s].ready;
	return n;
}

/* The exit tick of pid stands where its running bar ends and its zombie bar begins. */
static void check_exit_tick(const ptv_model *m, const timeline_layout *L, pid_t pid)
{
	int l = lane_of(m, L, pid);
	const timeline_mark *exit = NULL;
	for (int i = 0; i < L->nmarks; i++)
		if (L->marks[i].kind == TIMELINE_MARK_EXIT && L->marks[i].lane == l)
			exit = &L->marks[i];
	CHECK(exit != NULL);
	if (!exit || l < 0)
		return;
	int64_t run_end = -1;
	for (int s = 0; s < L->lanes[l].nsegs; s++)
		if (L->lanes[l].segs[s].state == PTV_STATE_RUNNING)
			run_end = L->lanes[l].segs[s].end;
	CHECK_INT(exit->t, run_end);
}

/* Render to DOT and return its text (free it). */
static char *dot_text(const ptv_model *m, const char *name)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char path[128], err[256] = "";
	size_t len;

	snprintf(path, sizeof path, "%s/%s.dot", dir, name);
	if (ptv_render_timeline(m, path, &o, err, sizeof err) < 0) {
		fprintf(stderr, "render: %s\n", err);
		return NULL;
	}
	return slurp(path, &len);
}

static void test_timeline_paths(void)
{
	ptv_model *ex = tt_load("data/timeline_states_exact.jsonl");
	ptv_model *fb = load_fallback("data/timeline_states_exact.jsonl");
	CHECK(ex && fb);
	if (!ex || !fb)
		goto out;
	CHECK(!ptv_model_sched_exact(fb));
	timeline_layout *L = layout(ex, false), *F = layout(fb, false);
	CHECK(L && F);
	if (L && F) {
		/* exact: one ready stretch, the child's; fallback: none anywhere */
		CHECK_INT(ready_segs(L), 1);
		CHECK_INT(ready_segs(F), 0);
		CHECK(L->exact && !F->exact);
		/* phase 4 is blocked in both: ptrace's one interval carries it without records */
		int r = lane_of(ex, L, 4000);
		for (int s = 0; s < L->lanes[r].nsegs; s++) {
			const timeline_seg *sg = &L->lanes[r].segs[s];
			if (sg->start <= 170000000 && 170000000 < sg->end)
				CHECK(sg->state == PTV_STATE_BLOCKED);
		}
		/* the picture starts at the root's exec; the root's lane ends when it becomes a
		 * zombie, with no reap by ptviz ("tracer") */
		CHECK_INT(L->axis.t0, 40000);
		CHECK_INT(L->lanes[r].start, 40000);
		CHECK_INT(L->lanes[r].end, 261100000);
		for (int i = 0; i < L->nmarks; i++)
			CHECK(!(L->marks[i].kind == TIMELINE_MARK_REAP && !strcmp(L->marks[i].label, "tracer")));
		/* the exit ticks agree with the running bars */
		check_exit_tick(ex, L, 4001);
		check_exit_tick(ex, L, 4003);
		check_exit_tick(fb, F, 4001);
		/* ECHILD is a mark on the parent's lane; the read the records found is named */
		bool echild = false, read = false;
		for (int i = 0; i < L->nmarks; i++) {
			echild |= L->marks[i].kind == TIMELINE_MARK_OUTCOME && L->marks[i].lane == r &&
			          !strcmp(L->marks[i].label, "ECHILD");
			read |= L->marks[i].kind == TIMELINE_MARK_BLOCKED &&
			        L->marks[i].lane == lane_of(ex, L, 4003) && !strcmp(L->marks[i].label, "read");
		}
		CHECK(echild);
		CHECK(read);
	}
	timeline_layout_free(L);
	timeline_layout_free(F);
	/* --timeline-from launch keeps ptviz's launch and its reap of the root */
	L = layout(ex, true);
	CHECK(L && L->axis.t0 == 0);
	bool tracer = false;
	for (int i = 0; L && i < L->nmarks; i++)
		tracer |= L->marks[i].kind == TIMELINE_MARK_REAP && !strcmp(L->marks[i].label, "tracer");
	CHECK(tracer);
	timeline_layout_free(L);

	/* the pictures: the approximate line only without records; the legend lists what is drawn */
	char *a = dot_text(ex, "exact"), *b = dot_text(fb, "fallback");
	CHECK(a && b);
	if (a && b) {
		CHECK(!strstr(a, "States approximate"));
		CHECK(strstr(b, "States approximate") && strstr(b, "perf_event_paranoid=2"));
		CHECK(strstr(a, "ready (waiting for a CPU)") != NULL);
		CHECK(!strstr(b, "ready (waiting for a CPU)"));
		CHECK(!strstr(a, "orphan (outlined)") && !strstr(a, "stopped"));
	}
	free(a);
	free(b);
out:
	ptv_model_free(ex);
	ptv_model_free(fb);
}

/* waitpid_nohang: every empty poll is a tick on the parent's lane; one reap. */
static void test_nohang(void)
{
	ptv_model *m = tt_load("data/timeline_nohang.jsonl");
	timeline_layout *L = m ? layout(m, false) : NULL;
	int empty = 0, ticks = 0;

	CHECK(L != NULL);
	if (!L)
		goto out;
	for (int i = 0; i < ptv_model_noutcomes(m); i++)
		empty += ptv_model_outcome(m, i)->kind == PTV_OUTCOME_WAIT_EMPTY;
	CHECK_INT(empty, 4);
	int parent = lane_of(m, L, 5000);
	for (int i = 0; i < L->nmarks; i++)
		if (L->marks[i].kind == TIMELINE_MARK_POLL) {
			ticks++;
			CHECK(L->marks[i].lane == parent && strstr(L->marks[i].tip, "WNOHANG"));
		}
	CHECK_INT(ticks, empty);
	char *dot = dot_text(m, "nohang");
	CHECK(dot && strstr(dot, "WNOHANG poll: nothing to reap"));
	free(dot);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

/* fork_loop without --io: the children hold the pipe's write end, no byte moved that ptviz saw:
 * no data arrow. */
static void test_fork_loop_no_data(void)
{
	ptv_model *m = tt_load("data/tree_fork_loop.jsonl");
	timeline_layout *L = m ? layout(m, false) : NULL;

	CHECK(L != NULL);
	CHECK(m && !ptv_model_header(m)->io);
	for (int i = 0; L && i < L->nmarks; i++)
		CHECK(L->marks[i].kind != TIMELINE_MARK_PIPE);
	char *dot = m ? dot_text(m, "fork_loop") : NULL;
	CHECK(dot && strstr(dot, "holds a write end") && !strstr(dot, "pipe / FIFO data"));
	free(dot);
	timeline_layout_free(L);
	ptv_model_free(m);
}

/* Records lost: the window is unknown on the lane (dashed) and shaded, and the legend says so. */
static void test_lost(void)
{
	ptv_model *m = tt_load("data/timeline_lost.jsonl");
	timeline_layout *L = m ? layout(m, false) : NULL;

	CHECK(L != NULL);
	if (!L)
		goto out;
	CHECK_INT(ptv_model_nsched_lost(m), 1);
	bool unknown = false;
	for (int s = 0; s < L->lanes[0].nsegs; s++)
		unknown |= L->lanes[0].segs[s].unknown && L->lanes[0].segs[s].start == 10000000;
	CHECK(unknown);
	char *dot = dot_text(m, "lost");
	CHECK(dot && strstr(dot, "scheduler records lost") && strstr(dot, "unknown (records lost)") &&
	      strstr(dot, "dropped 3482"));
	free(dot);
out:
	timeline_layout_free(L);
	ptv_model_free(m);
}

/* Real logs, recorded by the tracer with scheduler records (on a 2-CPU machine under heavy
 * load, so much ready time and ptviz stop time): states' phase 2 and phase 4 sleeps are blocked
 * for ~100 ms each (phase 4's was interrupted by SIGCHLD and restarted); waitpid_nohang's
 * empty polls are all ticks; fork_loop without --io draws no data arrow. */
static void test_real_logs(void)
{
	ptv_model *m = tt_load("data/real_states.jsonl");
	int sleeps = 0;

	CHECK(m && ptv_model_sched_exact(m));
	const ptv_process *root = m ? ptv_model_process(m, ptv_model_root(m)) : NULL;
	for (int i = 0; root && i < root->nspans; i++) {
		const ptv_span *s = &root->spans[i];
		if (s->state == PTV_STATE_BLOCKED && s->on && !strcmp(s->on, "clock_nanosleep")) {
			sleeps++;
			CHECK(near(s->end - s->start, 100000000));
		}
	}
	CHECK_INT(sleeps, 2);
	ptv_model_free(m);

	m = tt_load("data/real_waitpid_nohang.jsonl");
	timeline_layout *L = m ? layout(m, false) : NULL;
	int empty = 0, ticks = 0;
	for (int i = 0; m && i < ptv_model_noutcomes(m); i++)
		empty += ptv_model_outcome(m, i)->kind == PTV_OUTCOME_WAIT_EMPTY;
	for (int i = 0; L && i < L->nmarks; i++)
		ticks += L->marks[i].kind == TIMELINE_MARK_POLL;
	CHECK(empty > 0);
	CHECK_INT(ticks, empty);
	timeline_layout_free(L);
	ptv_model_free(m);

	m = tt_load("data/real_fork_loop.jsonl");
	L = m ? layout(m, false) : NULL;
	CHECK(L != NULL);
	for (int i = 0; L && i < L->nmarks; i++)
		CHECK(L->marks[i].kind != TIMELINE_MARK_PIPE);
	timeline_layout_free(L);
	ptv_model_free(m);
}

/* No exit stop (launch mode without a FIFO or -k): the exit event comes from the death report,
 * after the child's last record ("end":true) and after its sibling already ran on the EOF the death
 * gave it. The child is a zombie from its records' end, not running until ptviz saw the report,
 * and its exit tick stands there. With an exit stop (before the records' end), nothing moves. */
static void test_exit_from_death_report(void)
{
	static const char log[] =
		"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,\"root\":10,"
		"\"mode\":\"launch\",\"sched\":\"perf\",\"sched_coalesce_ns\":1000000}\n"
		"{\"t\":1000000,\"type\":\"fork\",\"pid\":10,\"child\":11}\n"
		"{\"t\":1000000,\"type\":\"fork\",\"pid\":10,\"child\":12}\n"
		"{\"t\":2000000,\"type\":\"state\",\"pid\":10,\"state\":\"blocked\",\"on\":\"wait4\"}\n"
		/* 11 ran 1-9 ms and ended there; ptviz saw its death at 12 ms */
		"{\"t\":12000000,\"type\":\"exit\",\"pid\":11,\"code\":0}\n"
		"{\"t\":12010000,\"type\":\"state\",\"pid\":11,\"state\":\"zombie\"}\n"
		"{\"t\":12020000,\"type\":\"sched\",\"pid\":11,\"start\":1000000,\"states\":\"R\","
		"\"durs\":[8000000],\"ns\":[8000000,0,0,0,0],\"end\":true}\n"
		/* 12 had an exit stop at 20 ms and ran on to 21 ms */
		"{\"t\":20000000,\"type\":\"exit\",\"pid\":12,\"code\":0}\n"
		"{\"t\":21500000,\"type\":\"state\",\"pid\":12,\"state\":\"zombie\"}\n"
		"{\"t\":21600000,\"type\":\"sched\",\"pid\":12,\"start\":1000000,\"states\":\"R\","
		"\"durs\":[20000000],\"ns\":[20000000,0,0,0,0],\"end\":true}\n"
		"{\"t\":30000000,\"type\":\"reap\",\"pid\":10,\"child\":11,\"via\":\"wait4\"}\n"
		"{\"t\":30000000,\"type\":\"reap\",\"pid\":10,\"child\":12,\"via\":\"wait4\"}\n"
		"{\"t\":31000000,\"type\":\"exit\",\"pid\":10,\"code\":0}\n"
		"{\"t\":31000000,\"type\":\"end\",\"pid\":10,\"status\":0}\n";
	ptv_model *m = NULL;
	ptv_diag d = { 0 };
	CHECK_INT(ptv_model_load_buffer(&m, "death", log, sizeof log - 1, &d), 0);
	if (!m)
		return;
	const ptv_process *a = proc(m, 11), *b = proc(m, 12);
	const ptv_span *s = span_at(a, 5000000);
	CHECK(s && s->state == PTV_STATE_RUNNING && s->exact);
	s = span_at(a, 10000000);   /* after its last record, before ptviz saw the death */
	CHECK(s && s->state == PTV_STATE_ZOMBIE);
	CHECK(s && s->start == 9000000);
	s = span_at(b, 20500000);   /* after its exit stop, still exiting on a CPU */
	CHECK(s && s->state == PTV_STATE_RUNNING);
	s = span_at(b, 21200000);
	CHECK(s && s->state == PTV_STATE_ZOMBIE);
	timeline_layout *L = layout(m, false);
	if (L) {
		check_exit_tick(m, L, 11);
		check_exit_tick(m, L, 12);
		int l = lane_of(m, L, 11);
		for (int i = 0; i < L->nmarks; i++)
			if (L->marks[i].kind == TIMELINE_MARK_EXIT && L->marks[i].lane == l)
				CHECK_INT(L->marks[i].t, 9000000);
		timeline_layout_free(L);
	}
	ptv_model_free(m);
}

int main(void)
{
	tt_mkdir(dir);
	test_model_exact();
	test_timeline_paths();
	test_nohang();
	test_fork_loop_no_data();
	test_lost();
	test_real_logs();
	test_exit_from_death_report();
	tt_rmdir(dir);
	return check_done("test_timeline_exact");
}
