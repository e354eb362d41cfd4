/* test_fold.c — the drawing budget on a varied 3,000-process tree (fanout 3, so no siblings are
 * ever more than --fold 8 alike; some leaves leaked, some killed by a signal): at every budget
 * every process is in exactly one node, a node's members hang under its parent's, the budget
 * holds, leaks and signal deaths stay visible and are counted, the tree and the timeline draw
 * the same groups, and without a budget (or with --no-fold) every process is drawn. Small
 * traces never reach the budget. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "gv.h"
#include "test_tree.h"
#include "timeline.h"

#define PROCS 3000
#define FANOUT 3
#define LEAK_EVERY 37     /* these leaves are never reaped: their parent exits first */
#define KILL_EVERY 53     /* these leaves die of SIGSEGV (reaped as usual) */

static bool is_leaf(int i)
{
	return i * FANOUT + 1 >= PROCS;
}

static bool leaks(int i)
{
	return is_leaf(i) && i % LEAK_EVERY == 0;
}

static bool killed(int i)
{
	return is_leaf(i) && !leaks(i) && i % KILL_EVERY == 0;
}

/* Child k of process i forks at 10 µs * (i*FANOUT + k); leaves live 100 µs; a parent reaps its
 * children after its last fork and exits, leaving its leaked children to init. Times only need
 * to be consistent. */
static char *fanout_log(size_t *len)
{
	strbuf b = STRBUF_INIT;
	long long *t_exit = calloc(PROCS, sizeof *t_exit);

	strbuf_puts(&b, "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":1000,"
	                "\"root\":1000,\"tracer_pid\":999,\"mode\":\"launch\",\"argv\":[\"tree\"],"
	                "\"start_unix_ns\":0,\"kernel\":\"6.1\",\"clock\":\"CLOCK_MONOTONIC\"}\n");
	strbuf_puts(&b, "{\"t\":10,\"type\":\"exec\",\"pid\":1000,\"path\":\"/s/tree\",\"argv\":[\"tree\"]}\n");
	for (int c = 1; c < PROCS; c++) {
		long long t = 10000LL * c;
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"fork\",\"pid\":%d,\"child\":%d,\"via\":\"fork\"}\n",
		              t, 1000 + (c - 1) / FANOUT, 1000 + c);
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exec\",\"pid\":%d,\"path\":\"/usr/bin/worker\","
		                  "\"argv\":[\"worker\",\"%d\"]}\n", t + 10, 1000 + c, c);
	}
	/* Bottom up: children (higher indexes) end before their parents. */
	long long t = 10000LL * PROCS;
	for (int i = PROCS - 1; i >= 0; i--) {
		t += 100;
		if (!is_leaf(i)) {
			for (int k = 1; k <= FANOUT; k++) {
				int c = i * FANOUT + k;
				if (c < PROCS && !leaks(c))
					strbuf_printf(&b, "{\"t\":%lld,\"type\":\"reap\",\"pid\":%d,\"child\":%d,"
					                  "\"via\":\"wait4\"}\n", t += 10, 1000 + i, 1000 + c);
			}
		}
		if (killed(i))
			strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"signal\":\"SIGSEGV\","
			                  "\"signo\":11,\"core\":false}\n", t += 10, 1000 + i);
		else
			strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":0}\n", t += 10,
			              1000 + i);
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"state\",\"pid\":%d,\"state\":\"zombie\"}\n",
		              t += 10, 1000 + i);
		t_exit[i] = t;
		/* This parent's leaked children go to init when it exits. */
		for (int k = 1; k <= FANOUT && !is_leaf(i); k++) {
			int c = i * FANOUT + k;
			if (c < PROCS && leaks(c)) {
				strbuf_printf(&b, "{\"t\":%lld,\"type\":\"reparent\",\"pid\":%d,\"from\":%d,"
				                  "\"to\":1}\n", t += 10, 1000 + c, 1000 + i);
				strbuf_printf(&b, "{\"t\":%lld,\"type\":\"reap\",\"pid\":1,\"child\":%d,"
				                  "\"via\":\"init\"}\n", t += 10, 1000 + c);
			}
		}
	}
	strbuf_printf(&b, "{\"t\":%lld,\"type\":\"reap\",\"pid\":999,\"child\":1000,\"via\":\"tracer\"}\n",
	              t += 10);
	strbuf_printf(&b, "{\"t\":%lld,\"type\":\"end\",\"pid\":1000,\"status\":0,\"reason\":\"exited\"}\n",
	              t + 10);
	free(t_exit);
	*len = b.len;
	return b.oom ? (strbuf_free(&b), NULL) : b.s;
}

/* The invariants every fold keeps, whatever the budget. */
static void check_fold(const ptv_model *m, const fold *f, int budget)
{
	int n = ptv_model_nprocesses(m), total = 0;
	int *seen = calloc((size_t)n, sizeof *seen);

	if (budget > 1)
		CHECK(fold_ngroups(f) <= budget);
	for (int g = 0; g < fold_ngroups(f); g++) {
		const fold_group *fg = fold_get(f, g);
		const ptv_process *rep = ptv_model_process(m, fg->rep);
		CHECK(fg->nmembers >= 1 && fg->members[0] == fg->rep);
		CHECK(fg->parent < g);   /* drawing order: parents first */
		CHECK(fg->parent < 0 ? fg->depth == 0 : fg->depth == fold_get(f, fg->parent)->depth + 1);
		total += fg->nmembers;
		for (int k = 0; k < fg->nmembers; k++) {
			int p = fg->members[k];
			const ptv_process *q = ptv_model_process(m, p);
			seen[p]++;
			CHECK_INT(fold_group_of(f, p), g);
			/* A member hangs under its parent's node (or inside its own summary). */
			if (q->parent >= 0) {
				int pg = fold_group_of(f, q->parent);
				CHECK(pg == fg->parent || (pg == g && fg->kind == FOLD_REST));
			}
			/* A node that speaks for its first member speaks for all of them: nobody's leak
			 * or signal death hides behind another's "exit 0". */
			if (fg->kind != FOLD_REST) {
				CHECK(q->leaked == rep->leaked);
				CHECK(q->signaled == rep->signaled && q->exit_code == rep->exit_code);
			}
		}
		for (int c = 0; c < fg->nchildren; c++)
			CHECK_INT(fold_get(f, fg->children[c])->parent, g);
	}
	CHECK_INT(total, n);
	for (int i = 0; i < n; i++)
		CHECK_INT(seen[i], 1);
	free(seen);
}

/* Processes a tree node stands for, from its label: "×N", "+N processes", else one. */
static int node_count(Agnode_t *nd)
{
	const char *label = tt_get(nd, "label"), *x;

	if ((x = strstr(label, "<B>+")))
		return atoi(x + 4);
	if ((x = strstr(label, "<B>×")))
		return atoi(x + strlen("<B>×"));
	return 1;
}

/* Leaked processes a node shows in red: all it stands for when it says LEAK on its own, else
 * the count its summary gives. */
static int node_leaks(Agnode_t *nd)
{
	const char *label = tt_get(nd, "label"), *x;

	if ((x = strstr(label, "LEAK: ")) && x[6] >= '0' && x[6] <= '9')
		return atoi(x + 6);
	return strstr(label, "LEAK: never waited for") ? node_count(nd) : 0;
}

/* The rendered tree and the timeline of m with opts: counts add up in the labels, leaks are all
 * there, and lane l draws exactly the processes of node l. */
static void check_views(const ptv_model *m, const ptv_render_opts *opts, const char *dir,
                        int *nodes)
{
	int n = ptv_model_nprocesses(m), leaked = 0, killed_n = 0, sum = 0, red = 0, kills = 0;
	timeline_layout *L = NULL;
	char err[256] = "";
	fold *f = NULL;
	Agraph_t *g = tt_dot(m, dir, "fanout", opts);

	*nodes = -1;
	for (int i = 0; i < n; i++) {
		leaked += ptv_model_process(m, i)->leaked;
		killed_n += ptv_model_process(m, i)->signaled;
	}
	CHECK(fold_new(&f, m, opts->fold, opts->max_nodes) == 0);
	CHECK(timeline_layout_new(&L, m, opts, err, sizeof err) == 0);
	if (!g || !f || !L)
		goto out;
	*nodes = tt_proc_nodes(g);
	CHECK_INT(*nodes, fold_ngroups(f));
	/* The picture itself says when the budget folded it, and how to see everything. */
	bool budget = fold_summary(f)->step != PTV_FOLD_EXACT;
	CHECK(tt_has(g, "label", "--max-nodes 0 draws them all") == budget);
	CHECK_INT(L->nlanes, fold_ngroups(f));
	for (Agnode_t *nd = agfstnode(g); nd; nd = agnxtnode(g, nd)) {
		if (agnameof(nd)[0] != 'n' || agnameof(nd)[1] < '0' || agnameof(nd)[1] > '9')
			continue;
		sum += node_count(nd);
		red += node_leaks(nd);
		if (tt_has(nd, "label", "killed ×")) {
			const char *x = strstr(tt_get(nd, "label"), "killed ×");
			kills += atoi(x + strlen("killed ×"));
		} else if (tt_has(nd, "label", "killed: SIGSEGV")) {
			kills += node_count(nd);
		}
	}
	CHECK_INT(sum, n);
	CHECK_INT(red, leaked);
	CHECK_INT(kills, killed_n);
	for (int l = 0; l < L->nlanes; l++) {
		const fold_group *fg = fold_get(f, l);
		CHECK_INT(L->lanes[l].proc, fg->rep);
		CHECK_INT(L->lanes[l].nmembers, fg->nmembers);
		CHECK(tt_proc(g, fg->rep) != NULL);   /* node "n<rep>": the same group in the tree */
		for (int k = 0; k < fg->nmembers; k++)
			CHECK_INT(L->lane_of[fg->members[k]], l);
		if (fg->kind == FOLD_REST) {
			/* A summary lane says what it hides: leaks and signal deaths, on its label. */
			int lk = 0, kl = 0;
			char want[64];
			for (int k = 0; k < fg->nmembers; k++) {
				lk += ptv_model_process(m, fg->members[k])->leaked;
				kl += ptv_model_process(m, fg->members[k])->signaled;
			}
			CHECK_INT(L->lanes[l].leaked, lk);
			CHECK_INT(L->lanes[l].killed, kl);
			snprintf(want, sizeof want, "%d leaked", lk);
			CHECK(lk == 0 || strstr(L->lanes[l].label, want));
			snprintf(want, sizeof want, "%d killed", kl);
			CHECK(kl == 0 || strstr(L->lanes[l].label, want));
		}
	}
out:
	timeline_layout_free(L);
	fold_free(f);
	if (g)
		agclose(g);
}

static void test_budgets(const ptv_model *m, const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_fold_summary s;
	char err[256], how[160];
	int nodes, n = ptv_model_nprocesses(m);
	/* Budgets from roomy to tiny, and the step each needs at least. */
	static const struct { int budget; ptv_fold_step step; } cases[] = {
		{ 1500, PTV_FOLD_IDENTICAL }, { 300, PTV_FOLD_ALIKE }, { 40, PTV_FOLD_ALIKE },
		{ 8, PTV_FOLD_DEPTH }, { 2, PTV_FOLD_DEPTH },
	};
	ptv_fold_step last = PTV_FOLD_EXACT;

	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		fold *f = NULL;
		opts.max_nodes = cases[c].budget;
		CHECK(fold_new(&f, m, opts.fold, opts.max_nodes) == 0);
		if (!f)
			continue;
		check_fold(m, f, cases[c].budget);
		CHECK_INT(ptv_render_fold(m, &opts, &s, err, sizeof err), 0);
		CHECK_INT(s.processes, n);
		CHECK_INT(s.exact_nodes, n);   /* fanout 3: --fold 8 folds nothing */
		CHECK_INT(s.nodes, fold_ngroups(f));
		CHECK_INT(s.max_nodes, cases[c].budget);
		CHECK(s.step >= cases[c].step && s.step >= last);   /* smaller budgets fold more */
		last = s.step;
		ptv_fold_describe(&s, how, sizeof how);
		CHECK(how[0] != '\0');
		bool rest = false;
		for (int g = 0; g < fold_ngroups(f); g++)
			rest |= fold_get(f, g)->kind == FOLD_REST;
		CHECK(rest == (s.step == PTV_FOLD_DEPTH));
		fold_free(f);
		check_views(m, &opts, dir, &nodes);
		CHECK(nodes >= 1 && nodes <= cases[c].budget);
	}
	/* The roomy budget folds only identical subtrees: nothing merged, nothing summed up. */
	opts.max_nodes = 1500;
	fold *f = NULL;
	CHECK(fold_new(&f, m, opts.fold, opts.max_nodes) == 0);
	for (int g = 0; f && g < fold_ngroups(f); g++)
		CHECK(fold_get(f, g)->kind == FOLD_ONE || fold_get(f, g)->kind == FOLD_SAME);
	/* The root and its children keep their own nodes: the budget folds from the bottom. */
	for (int g = 0; f && g < fold_ngroups(f); g++)
		if (fold_get(f, g)->depth <= 1)
			CHECK_INT(fold_get(f, g)->nmembers, 1);
	fold_free(f);
}

static void test_unlimited(const ptv_model *m, const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_fold_summary s;
	char err[256];
	int nodes, n = ptv_model_nprocesses(m);
	fold *f = NULL;

	/* --max-nodes 0: only --fold, which finds nothing to fold here. */
	opts.max_nodes = 0;
	CHECK(fold_new(&f, m, opts.fold, opts.max_nodes) == 0);
	CHECK(f && fold_ngroups(f) == n);
	fold_free(f);
	CHECK_INT(ptv_render_fold(m, &opts, &s, err, sizeof err), 0);
	CHECK(s.step == PTV_FOLD_EXACT && s.nodes == n && s.max_nodes == 0);
	/* --no-fold: every process drawn, whatever the budget says. */
	opts.fold = 0;
	opts.max_nodes = 10;
	f = NULL;
	CHECK(fold_new(&f, m, opts.fold, opts.max_nodes) == 0);
	CHECK(f && fold_ngroups(f) == n);
	for (int g = 0; f && g < fold_ngroups(f); g++)
		CHECK(fold_get(f, g)->kind == FOLD_ONE);
	if (f)
		check_fold(m, f, 0);
	fold_free(f);
	CHECK_INT(ptv_render_fold(m, &opts, &s, err, sizeof err), 0);
	CHECK(s.step == PTV_FOLD_EXACT && s.nodes == n && s.max_nodes == 0);
	check_views(m, &opts, dir, &nodes);
	CHECK_INT(nodes, n);
}

/* The hand-written logs of the other tests are far below the budget: the default fold is
 * exactly the --fold fold, with or without a budget. */
static void test_small(void)
{
	static const char *const logs[] = {
		"data/tree_fold.jsonl", "data/tree_pool.jsonl", "data/tree_daemon.jsonl",
		"data/tree_pipeline.jsonl", "data/timeline_fork_loop.jsonl", "data/model_reuse.jsonl",
	};

	for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
		ptv_model *m = tt_load(logs[i]);
		fold *a = NULL, *b = NULL;
		if (!m)
			continue;
		CHECK(fold_new(&a, m, 8, PTV_RENDER_MAX_NODES) == 0);
		CHECK(fold_new(&b, m, 8, 0) == 0);
		if (a && b) {
			CHECK(fold_summary(a)->step == PTV_FOLD_EXACT);
			CHECK_INT(fold_ngroups(a), fold_ngroups(b));
			for (int p = 0; p < ptv_model_nprocesses(m); p++)
				CHECK_INT(fold_group_of(a, p), fold_group_of(b, p));
			check_fold(m, a, 0);
		}
		fold_free(a);
		fold_free(b);
		ptv_model_free(m);
	}
}

/* A budget that cannot be met is still no reason to fold more than helps: fork_loop's three
 * identical children fold into one node under their parent, and that is as few as it gets, so
 * nothing is summed up. */
static void test_fewest(void)
{
	ptv_model *m = tt_load("data/tree_fork_loop.jsonl");
	fold *f = NULL;

	if (!m)
		return;
	CHECK(fold_new(&f, m, 8, 1) == 0);
	if (f) {
		CHECK_INT(fold_ngroups(f), 2);
		CHECK(fold_summary(f)->step == PTV_FOLD_IDENTICAL);
		CHECK(fold_get(f, 1)->kind == FOLD_SAME && fold_get(f, 1)->nmembers == 3);
		check_fold(m, f, 0);
	}
	fold_free(f);
	ptv_model_free(m);
}

/* A chain (each process forks the next) has no siblings to fold: only the depth cut helps, and
 * the words for it say nothing of merging. */
static void test_chain(void)
{
	strbuf b = STRBUF_INIT;
	ptv_diag diag = { 0 };
	ptv_model *m = NULL;
	fold *f = NULL;
	char how[160];
	long long t = 10;
	int n = 300;

	strbuf_puts(&b, "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":1000,"
	                "\"root\":1000,\"tracer_pid\":999,\"mode\":\"launch\",\"argv\":[\"chain\"],"
	                "\"start_unix_ns\":0,\"kernel\":\"6.1\"}\n");
	for (int i = 1; i < n; i++)
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"fork\",\"pid\":%d,\"child\":%d}\n", t += 10,
		              999 + i, 1000 + i);
	for (int i = n - 1; i >= 0; i--) {
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":0}\n", t += 10,
		              1000 + i);
		if (i > 0)
			strbuf_printf(&b, "{\"t\":%lld,\"type\":\"reap\",\"pid\":%d,\"child\":%d,"
			                  "\"via\":\"wait4\"}\n", t += 10, 999 + i, 1000 + i);
	}
	CHECK(!b.oom && ptv_model_load_buffer(&m, "chain", b.s, b.len, &diag) == 0);
	CHECK(m && fold_new(&f, m, 8, 50) == 0);
	if (f) {
		check_fold(m, f, 50);
		CHECK_INT(fold_ngroups(f), 50);
		CHECK(fold_summary(f)->step == PTV_FOLD_DEPTH);
		CHECK(fold_summary(f)->above == PTV_FOLD_EXACT);
		const fold_group *last = fold_get(f, 49);
		CHECK(last->kind == FOLD_REST && last->nmembers == n - 49 && last->levels == n - 49);
		ptv_fold_describe(fold_summary(f), how, sizeof how);
		CHECK_STR(how, "below the top 49 levels each subtree summed up in one node");
	}
	fold_free(f);
	ptv_model_free(m);
	strbuf_free(&b);
}

int main(void)
{
	ptv_diag diag = { 0 };
	ptv_model *m = NULL;
	char dir[64];
	size_t len = 0;
	char *log = fanout_log(&len);

	CHECK(log != NULL);
	if (!log || ptv_model_load_buffer(&m, "fanout", log, len, &diag) < 0) {
		fprintf(stderr, "load: %s\n", diag.error);
		free(log);
		return check_done("test_fold");
	}
	CHECK_INT(ptv_model_nprocesses(m), PROCS);
	int leaked = 0, killed_n = 0;
	for (int i = 0; i < PROCS; i++) {
		leaked += ptv_model_process(m, i)->leaked;
		killed_n += ptv_model_process(m, i)->signaled;
	}
	CHECK(leaked > 10);     /* the log is what the test means it to be */
	CHECK(killed_n > 10);
	tt_mkdir(dir);
	test_budgets(m, dir);
	test_unlimited(m, dir);
	test_small();
	test_fewest();
	test_chain();
	tt_rmdir(dir);
	ptv_model_free(m);
	free(log);
	return check_done("test_fold");
}
