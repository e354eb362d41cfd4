/* test_model.c — process lifecycles replayed from a hand-written fork_loop-like log:
 * fork/exec/exit/reap shapes, zombie time, orphan adoption and reaping by init, leak marking,
 * state intervals with schedstat deltas, the exec chain and the call site of a fork. */
#include <string.h>
#include "check.h"
#include "ptviz/model.h"

static const ptv_process *proc_by_pid(const ptv_model *m, pid_t pid)
{
	return ptv_model_process(m, ptv_model_find_pid(m, pid));
}

static void test_fork_loop(void)
{
	ptv_model *m = NULL;
	ptv_diag d;
	CHECK_INT(ptv_model_load(&m, "data/model_fork_loop.jsonl", &d), 0);
	if (!m) {
		fprintf(stderr, "load failed: %s\n", d.error);
		return;
	}
	CHECK_INT(d.warnings, 0);
	CHECK(!d.truncated);
	CHECK(ptv_model_complete(m));
	CHECK_INT(ptv_model_exit_status(m), 0);
	CHECK_INT(ptv_model_end_reason(m), PTV_END_EXITED);
	CHECK_INT(ptv_model_end(m), 2700000);
	CHECK_INT(ptv_model_nprocesses(m), 4);
	CHECK_INT(ptv_model_root(m), 0);

	const ptv_header *h = ptv_model_header(m);
	CHECK_INT(h->version, 1);
	CHECK_INT(h->root, 1234);
	CHECK_INT(h->tracer_pid, 1233);
	CHECK_INT(h->mode, PTV_MODE_LAUNCH);
	CHECK_INT(h->argc, 2);
	CHECK(h->stacks && !h->io);

	/* the root: launched by ptviz, reaped by it */
	const ptv_process *root = ptv_model_process(m, 0);
	CHECK_INT(root->pid, 1234);
	CHECK_INT(root->parent, -1);
	CHECK_INT(root->parent_pid, 1233);
	CHECK_INT(root->origin, PTV_ORIGIN_ROOT);
	CHECK_STR(ptv_process_via(root), "root");
	CHECK_INT(root->nchildren, 3);
	CHECK(root->exited && !root->signaled);
	CHECK_INT(root->exit_code, 0);
	CHECK(root->reaped);
	CHECK_INT(root->reap_via, PTV_REAP_TRACER);
	CHECK_INT(root->reaper, -1);
	CHECK(!root->leaked);
	CHECK_INT(root->zombie_ns, 100000);
	CHECK_STR(ptv_process_program(m, root, 1000000), "fork_loop");

	/* ids are creation order */
	for (int i = 0; i < 4; i++)
		CHECK_INT(ptv_model_process(m, i)->id, i);
	CHECK_INT(root->children[0], 1);
	CHECK_INT(root->children[2], 3);

	/* 1235: exited, parent died, adopted by init, reaped by init 2.1 ms later: a leak */
	const ptv_process *a = proc_by_pid(m, 1235);
	CHECK_INT(a->parent, 0);
	CHECK_INT(a->parent_pid, 1234);
	CHECK(a->origin == PTV_ORIGIN_FORK && a->fork_via == PTV_FORK_FORK);
	CHECK_INT(a->t_start, 100000);
	CHECK_INT(a->t_exit, 400000);
	CHECK(a->orphaned);
	CHECK_INT(a->adopter_pid, 1);
	CHECK_INT(a->adopter, -1);
	CHECK_INT(a->t_adopted, 1000000);
	CHECK_INT(ptv_process_ppid_at(a, 999999), 1234);
	CHECK_INT(ptv_process_ppid_at(a, 1000000), 1);
	CHECK(a->reaped);
	CHECK_INT(a->reap_via, PTV_REAP_INIT);
	CHECK_INT(a->reaper_pid, 1);
	CHECK_INT(a->reaper, -1);
	CHECK_INT(a->zombie_ns, 2100000);
	CHECK(a->leaked);
	CHECK_STR(ptv_process_program(m, a, 400000), "fork_loop");   /* never exec'd: parent's */
	CHECK_INT(a->nexecs, 0);

	/* fork call site: the first non-libc frame with a name */
	const ptv_frame *f = ptv_stack_call_site(&a->fork_stack);
	CHECK(f != NULL);
	if (f) {
		CHECK_STR(f->fn, "main");
		CHECK_STR(f->file, "/src/samples/fork_loop.c");
		CHECK_INT(f->line, 14);
		CHECK(f->pc == 0x55d1c2a0119dULL);
		CHECK(f->off == 0x54);
	}
	CHECK_INT(a->fork_stack.nframes, 2);

	const ptv_process *b = proc_by_pid(m, 1236);
	CHECK_INT(b->exit_code, 3);
	CHECK(b->leaked);

	/* 1237: exec'd ls, reaped by its parent with wait4: not a leak */
	const ptv_process *c = proc_by_pid(m, 1237);
	CHECK_INT(c->nexecs, 1);
	CHECK_STR(c->execs[0].path, "/usr/bin/ls");
	CHECK_INT(c->execs[0].argc, 2);
	CHECK_STR(c->execs[0].argv[1], "-l");
	CHECK_STR(ptv_process_program(m, c, 400000), "fork_loop");
	CHECK_STR(ptv_process_program(m, c, 500000), "ls");
	CHECK(c->reaped);
	CHECK_INT(c->reap_via, PTV_REAP_WAIT4);
	CHECK_INT(c->reaper, 0);
	CHECK_INT(c->reaper_pid, 1234);
	CHECK_INT(c->zombie_ns, 60000);
	CHECK(!c->leaked);
	CHECK(!c->orphaned);

	/* the root's intervals: running 0..600000 (80000 ns on CPU), blocked in wait4 for 350000 ns
	 * (1000 ns CPU), running again, zombie from its exit to the tracer's reap */
	CHECK_INT(root->nintervals, 4);
	if (root->nintervals == 4) {
		const ptv_interval *iv = root->intervals;
		CHECK_INT(iv[0].state, PTV_STATE_RUNNING);
		CHECK_INT(iv[0].start, 0);
		CHECK_INT(iv[0].end, 600000);
		CHECK_INT(iv[0].cpu_ns, 80000);
		CHECK_INT(iv[0].runq_ns, 2000);
		CHECK_INT(iv[1].state, PTV_STATE_BLOCKED);
		CHECK_STR(iv[1].on, "wait4");
		CHECK_INT(iv[1].end, 950000);
		CHECK_INT(iv[1].cpu_ns, 1000);
		CHECK_INT(iv[1].runq_ns, 500);
		CHECK_INT(iv[2].state, PTV_STATE_RUNNING);
		CHECK_INT(iv[2].cpu_ns, 9000);
		CHECK_INT(iv[3].state, PTV_STATE_ZOMBIE);
		CHECK_INT(iv[3].start, 1000000);
		CHECK_INT(iv[3].end, 1100000);
	}
	/* 1235: running from its fork with 50 us of CPU, then a zombie until init reaped it */
	CHECK_INT(a->nintervals, 2);
	if (a->nintervals == 2) {
		CHECK_INT(a->intervals[0].cpu_ns, 50000);
		CHECK_INT(a->intervals[1].state, PTV_STATE_ZOMBIE);
		CHECK_INT(a->intervals[1].end, 2500000);
	}
	/* without figures the CPU time is unknown, not zero */
	CHECK_INT(b->intervals[0].cpu_ns, -1);
	ptv_model_free(m);
}

/* The call site skips libc's wrappers; stripped programs fall back to their own frame's address. */
static void test_call_site(void)
{
	const char *libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
	ptv_frame named[] = {
		{ .pc = 1, .fn = "_Fork", .obj = libc, .file = "arch-fork.h", .line = 52 },
		{ .pc = 2, .fn = "__fork", .obj = libc },
		{ .pc = 3, .fn = "spawn", .obj = "/srv/app", .file = "app.c", .line = 9 },
		{ .pc = 4, .fn = "main", .obj = "/srv/app", .file = "app.c", .line = 30 },
	};
	ptv_frame stripped[] = {
		{ .pc = 1, .fn = "_Fork", .obj = libc, .file = "arch-fork.h", .line = 52 },
		{ .pc = 0x5572, .obj = "/usr/bin/dash" },
		{ .pc = 0x5573, .obj = "/usr/bin/dash" },
	};
	ptv_frame libc_only[] = {
		{ .pc = 1, .obj = "/lib/ld-linux-x86-64.so.2" },
		{ .pc = 2, .fn = "_Fork", .obj = libc, .file = "arch-fork.h", .line = 52 },
	};
	ptv_stack s1 = { named, 4, NULL }, s2 = { stripped, 3, NULL }, s3 = { libc_only, 2, NULL };
	ptv_stack none = { NULL, 0, "unwinding failed" };
	CHECK(ptv_stack_call_site(&s1) == &named[2]);
	CHECK(ptv_stack_call_site(&s2) == &stripped[1]);
	CHECK(ptv_stack_call_site(&s3) == &libc_only[1]);
	CHECK(ptv_stack_call_site(&none) == NULL);
	CHECK(ptv_stack_call_site(NULL) == NULL);
}

/* With the tracer's "state zombie" (the exit report) after "exit", the zombie starts there; the
 * stretch before it is the process still exiting. An auto-reap at the report is no zombie time. */
static void test_exit_report(void)
{
	static const char log[] =
		"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,\"root\":10}\n"
		"{\"t\":100,\"type\":\"fork\",\"pid\":10,\"child\":11}\n"
		"{\"t\":150,\"type\":\"fork\",\"pid\":10,\"child\":12}\n"
		"{\"t\":200,\"type\":\"exit\",\"pid\":11,\"code\":0,\"cpu_ns\":40}\n"
		"{\"t\":230,\"type\":\"state\",\"pid\":11,\"state\":\"zombie\",\"cpu_ns\":45}\n"
		"{\"t\":240,\"type\":\"exit\",\"pid\":12,\"code\":0}\n"
		"{\"t\":260,\"type\":\"state\",\"pid\":12,\"state\":\"zombie\"}\n"
		"{\"t\":260,\"type\":\"reap\",\"pid\":10,\"child\":12,\"via\":\"auto\"}\n"
		"{\"t\":500,\"type\":\"reap\",\"pid\":10,\"child\":11,\"via\":\"wait4\"}\n"
		"{\"t\":600,\"type\":\"end\",\"pid\":10,\"status\":0}\n";
	ptv_model *m = NULL;
	ptv_diag d;
	CHECK_INT(ptv_model_load_buffer(&m, "exit", log, sizeof log - 1, &d), 0);
	if (!m)
		return;
	const ptv_process *a = ptv_model_process(m, 1), *b = ptv_model_process(m, 2);
	CHECK_INT(a->t_exit, 200);
	CHECK_INT(a->t_zombie, 230);
	CHECK_INT(a->zombie_ns, 270);
	CHECK_INT(a->nintervals, 3);
	if (a->nintervals == 3) {
		CHECK_INT(a->intervals[1].state, PTV_STATE_RUNNING);
		CHECK_STR(a->intervals[1].on, "exiting");
		CHECK_INT(a->intervals[1].start, 200);
		CHECK_INT(a->intervals[1].end, 230);
		CHECK_INT(a->intervals[1].cpu_ns, 5);
		CHECK_INT(a->intervals[2].state, PTV_STATE_ZOMBIE);
		CHECK_INT(a->intervals[2].start, 230);
		CHECK_INT(a->intervals[2].end, 500);
	}
	CHECK_INT(b->zombie_ns, 0);
	CHECK(!b->leaked && !a->leaked);
	CHECK_INT(b->intervals[b->nintervals - 1].end, 260);
	ptv_model_free(m);
}

/* A parent that never waits: its child is a leak when it exits while the parent still runs,
 * not when it exits after the parent began to exit (pipe_ps_grep: ps exits, grep sees the EOF,
 * exits, and is reparented only after both exits were recorded). */
static void test_exit_after_parent(void)
{
	static const char fmt[] =
		"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,\"root\":10,\"tracer_pid\":9}\n"
		"{\"t\":100,\"type\":\"fork\",\"pid\":10,\"child\":11}\n"
		"{\"t\":%d,\"type\":\"exit\",\"pid\":10,\"code\":0}\n"
		"{\"t\":%d,\"type\":\"exit\",\"pid\":11,\"code\":0}\n"
		"{\"t\":230,\"type\":\"reparent\",\"pid\":11,\"from\":10,\"to\":1}\n"
		"{\"t\":240,\"type\":\"reap\",\"pid\":9,\"child\":10,\"via\":\"tracer\"}\n"
		"{\"t\":900,\"type\":\"reap\",\"pid\":1,\"child\":11,\"via\":\"init\"}\n"
		"{\"t\":1000,\"type\":\"end\",\"pid\":10,\"status\":0}\n";
	static const struct { int parent_exit, child_exit; bool leaked; } cases[] = {
		{ 200, 210, false },   /* the parent was exiting: nobody to wait */
		{ 200, 200, false },
		{ 200, 150, true },    /* a zombie under a running parent that never waited */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char log[1024];
		ptv_model *m = NULL;
		ptv_diag d;
		int n = snprintf(log, sizeof log, fmt, cases[i].parent_exit, cases[i].child_exit);
		/* the events in time order, as the tracer writes them */
		if (cases[i].child_exit < cases[i].parent_exit) {
			char *a = strstr(log, "{\"t\":200,\"type\":\"exit\",\"pid\":10");
			char *b = strstr(log, "{\"t\":150,\"type\":\"exit\",\"pid\":11");
			char *nl = strchr(b, '\n');
			char line[128];
			snprintf(line, sizeof line, "%.*s", (int)(nl - b + 1), b);
			memmove(a + strlen(line), a, (size_t)(b - a));
			memcpy(a, line, strlen(line));
		}
		CHECK_INT(ptv_model_load_buffer(&m, "orphan", log, (size_t)n, &d), 0);
		if (!m)
			continue;
		const ptv_process *c = ptv_model_process(m, 1);
		CHECK(c->orphaned);
		CHECK_INT(c->leaked, cases[i].leaked);
		ptv_model_free(m);
	}
}

int main(void)
{
	test_exit_after_parent();
	test_exit_report();
	test_call_site();
	test_fork_loop();
	ptv_model_free(NULL);
	return check_done("test_model");
}
