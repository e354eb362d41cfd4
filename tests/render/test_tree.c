/* test_tree.c — the process tree's structure, read back from DOT: leaks, orphans and their
 * adopters, vfork, pipes between the right processes, sessions, signals, FIFOs, shared memory,
 * folding, stable ids and a legend that lists only what is in the picture. */
#define _GNU_SOURCE
#include "test_tree.h"
#include "gv.h"

static const gv_theme *light;

/* fork_loop: 3 children that the parent never waits for; they hold the write end of a pipe the
 * parent reads; init reaps them after the parent exits. */
static void test_fork_loop(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	opts.ipc = PTV_IPC_EDGES;   /* the compact writer → reader edges */
	ptv_model *m = tt_load("data/tree_fork_loop.jsonl");
	Agraph_t *g = tt_dot(m, dir, "fork_loop", &opts);
	Agnode_t *init;

	if (!g)
		goto out;
	CHECK_INT(tt_proc_nodes(g), 4);
	/* Every child is a leak: red, bold, with its fork call site from the stack. */
	for (int i = 1; i <= 3; i++) {
		Agnode_t *c = tt_proc(g, i);
		CHECK_STR(tt_get(c, "color"), light->leak);
		CHECK(tt_has(c, "style", "bold"));
		CHECK(tt_has(c, "label", "LEAK"));
		CHECK(tt_has(c, "label", "forked at main (fork_loop.c:34)"));
		CHECK(tt_has(c, "tooltip", "fork_loop.c:34"));
		/* Born of the parent in fork order, adopted by init (dashed, not constraining). */
		CHECK(tt_edge(g, tt_proc(g, 0), c, "style", NULL) != NULL);
		init = agnode(g, "outside_1", 0);
		Agedge_t *adopt = tt_edge(g, init, c, "style", "dashed");
		CHECK(adopt != NULL);
		CHECK_STR(tt_get(adopt, "constraint"), "false");
		/* The pipe runs from each child (writer) to the parent (reader). */
		Agedge_t *pipe = tt_edge(g, c, tt_proc(g, 0), "color", light->link[GV_LINK_PIPE].color);
		CHECK(pipe != NULL);
		CHECK_STR(tt_get(pipe, "style"), light->link[GV_LINK_PIPE].style);
	}
	CHECK(!tt_has(tt_proc(g, 0), "label", "LEAK"));
	CHECK(strcmp(tt_get(tt_proc(g, 0), "color"), light->leak) != 0);
	CHECK(tt_has(agnode(g, "outside_1", 0), "label", "init"));
	CHECK_STR(tt_get(g, "ordering"), "out");
	CHECK(tt_has(g, "label", "ptviz: fork_loop "));
	/* Children appear in fork order: the parent's out-edges to them are 1, 2, 3. */
	int order[3], k = 0;
	for (Agedge_t *e = agfstout(g, tt_proc(g, 0)); e && k < 3; e = agnxtout(g, e))
		if (!tt_has(e, "constraint", "false"))
			order[k++] = atoi(agnameof(aghead(e)) + 1);
	CHECK_INT(k, 3);
	CHECK(k == 3 && order[0] == 1 && order[1] == 2 && order[2] == 3);
	/* The legend names what is there and nothing else. */
	CHECK(strstr(tt_legend(g), "pipe") != NULL);
	CHECK(strstr(tt_legend(g), "LEAK") != NULL);
	CHECK(strstr(tt_legend(g), "orphan") != NULL);
	CHECK(strstr(tt_legend(g), "signal") == NULL);
	CHECK(strstr(tt_legend(g), "FIFO") == NULL);
	CHECK(strstr(tt_legend(g), "shared memory") == NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

/* sh -c 'ps | grep ps': the pipe joins ps and grep, not the shell that made it. */
static void test_pipeline(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	opts.ipc = PTV_IPC_EDGES;   /* the compact writer → reader edges */
	ptv_model *m = tt_load("data/tree_pipeline.jsonl");
	Agraph_t *g = tt_dot(m, dir, "pipeline", &opts);
	const char *pipe_color = light->link[GV_LINK_PIPE].color;

	if (!g)
		goto out;
	Agedge_t *e = tt_edge(g, tt_proc(g, 1), tt_proc(g, 2), "color", pipe_color);
	CHECK(e != NULL);
	CHECK_STR(tt_get(e, "xlabel"), "ps → grep");
	CHECK_INT(tt_edges_with(g, tt_proc(g, 0), "color", pipe_color), 0);
	CHECK_INT(tt_edges_with(g, tt_proc(g, 1), "color", pipe_color), 1);
	CHECK(tt_has(tt_proc(g, 1), "label", "sh → ps"));
	CHECK(tt_has(tt_proc(g, 2), "label", "exit 0"));
	CHECK(strstr(tt_legend(g), "pipe") != NULL);
	CHECK(strstr(tt_legend(g), "LEAK") == NULL);
	CHECK(strstr(tt_legend(g), "orphan") == NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

/* An orphaned grandchild, a vfork'd child left a zombie for 1.57 s, a child killed by SIGTERM. */
static void test_orphan(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_orphan.jsonl");
	Agraph_t *g = tt_dot(m, dir, "orphan", &opts);

	if (!g)
		goto out;
	CHECK_INT(tt_proc_nodes(g), 5);
	/* 302 keeps its birth edge from 301 and gets a dashed one from init. */
	CHECK(tt_edge(g, tt_proc(g, 1), tt_proc(g, 2), "style", NULL) != NULL);
	CHECK(tt_edge(g, agnode(g, "outside_1", 0), tt_proc(g, 2), "style", "dashed") != NULL);
	CHECK(tt_has(tt_proc(g, 2), "label", "orphan, adopted by init"));
	CHECK(!tt_has(tt_proc(g, 2), "label", "LEAK"));
	/* The birth edge names the call, which of the parent's forks it was, and what it returned. */
	CHECK(tt_has(tt_edge(g, tt_proc(g, 0), tt_proc(g, 3), "style", NULL), "label", "2nd vfork() = 303"));
	CHECK(tt_has(tt_edge(g, tt_proc(g, 0), tt_proc(g, 1), "style", NULL), "label", "1st fork() = 301"));
	/* The zombie reaped 1.57 s late says so, dashed, but is no leak. */
	Agnode_t *z = tt_proc(g, 3);
	CHECK(tt_has(z, "label", "zombie 1.57 s, reaped by 300 (wait4)"));
	CHECK(tt_has(z, "style", "dashed"));
	CHECK_STR(tt_get(z, "color"), light->zombie);
	/* The kill: one signal edge (the kill and its delivery are one event), labelled. */
	Agedge_t *s = tt_edge(g, tt_proc(g, 0), tt_proc(g, 4), "xlabel", "SIGTERM");
	CHECK(s != NULL);
	CHECK_STR(tt_get(s, "color"), light->link[GV_LINK_SIGNAL].color);
	CHECK_INT(tt_edges_with(g, tt_proc(g, 4), "xlabel", "SIGTERM"), 1);
	CHECK(tt_has(tt_proc(g, 4), "label", "killed: SIGTERM"));
	CHECK(strstr(tt_legend(g), "signal") != NULL);
	CHECK(strstr(tt_legend(g), "zombie") != NULL);
	CHECK(strstr(tt_legend(g), "pipe") == NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

/* A daemon: double fork, setsid, a FIFO, shared anonymous memory, threads, a worker killed. */
static void test_daemon(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	opts.ipc = PTV_IPC_EDGES;   /* the compact writer → reader edges */
	ptv_model *m = tt_load("data/tree_daemon.jsonl");
	Agraph_t *g = tt_dot(m, dir, "daemon", &opts), *sess;

	if (!g)
		goto out;
	sess = agsubg(g, "cluster_session_401", 0);
	CHECK(sess != NULL);
	if (sess) {
		CHECK(tt_has(sess, "label", "session 401"));
		CHECK(agnode(sess, "n1", 0) && agnode(sess, "n2", 0) && agnode(sess, "n3", 0));
		CHECK(agnode(sess, "n0", 0) == NULL);
	}
	/* The double fork's middle child was orphaned before it exited: not a leak. */
	CHECK(!tt_has(tt_proc(g, 1), "label", "LEAK"));
	Agedge_t *fifo = tt_edge(g, tt_proc(g, 3), tt_proc(g, 2), "xlabel", "/tmp/daemon/ctl");
	CHECK(fifo != NULL);
	CHECK_STR(tt_get(fifo, "color"), light->link[GV_LINK_FIFO].color);
	Agedge_t *shm = tt_edge(g, tt_proc(g, 2), tt_proc(g, 3), "style", "dotted");
	CHECK(shm != NULL);
	CHECK_STR(tt_get(shm, "dir"), "none");
	CHECK(tt_edge(g, tt_proc(g, 2), tt_proc(g, 3), "xlabel", "SIGTERM") != NULL);
	/* glibc's read-only MAP_SHARED of the gconv cache is no channel between them. */
	CHECK_INT(tt_edges_with(g, tt_proc(g, 2), "xlabel", "gconv"), 0);
	CHECK_INT(tt_edges_with(g, tt_proc(g, 2), "style", "dotted"), 1);
	/* The root was reaped by ptviz: no zombie story on it. */
	CHECK(!tt_has(tt_proc(g, 0), "label", "zombie"));
	CHECK(tt_has(tt_proc(g, 2), "label", "+2 threads"));
	CHECK(tt_has(tt_proc(g, 2), "label", "still running"));
	CHECK(tt_has(tt_proc(g, 3), "label", "daemon → daemon_worker"));
	CHECK(tt_has(tt_proc(g, 3), "label", "worker --id 1"));
	CHECK(strstr(tt_legend(g), "FIFO") != NULL);
	CHECK(strstr(tt_legend(g), "shared memory") != NULL);
	CHECK(strstr(tt_legend(g), "signal") != NULL);
	CHECK(strstr(tt_legend(g), "pipe") == NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

/* 50 identical children (true, exit 0) and one different one (false, exit 1). */
static void test_fold(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_fold.jsonl");
	Agraph_t *g;

	opts.fold = 8;
	g = tt_dot(m, dir, "fold8", &opts);
	if (g) {
		CHECK_INT(tt_proc_nodes(g), 3);
		CHECK(tt_has(tt_proc(g, 1), "label", "×50"));
		CHECK(tt_has(tt_proc(g, 1), "label", "true"));
		CHECK(tt_has(tt_proc(g, 1), "tooltip", "50 processes: 501 502"));
		CHECK(!tt_has(tt_proc(g, 51), "label", "×"));
		CHECK(tt_has(tt_proc(g, 51), "label", "exit 1"));
		CHECK(strstr(tt_legend(g), "identical siblings") != NULL);
		agclose(g);
	}
	/* fold = 0 never folds; a threshold of exactly 50 keeps 50 apart. */
	for (int fold = 0; fold <= 50; fold += 50) {
		opts.fold = fold;
		g = tt_dot(m, dir, "nofold", &opts);
		if (!g)
			continue;
		CHECK_INT(tt_proc_nodes(g), 52);
		int folded = 0;
		for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
			folded += tt_has(n, "label", "×");
		CHECK_INT(folded, 0);
		CHECK(strstr(tt_legend(g), "identical siblings") == NULL);   /* nothing folded: not in the legend */
		agclose(g);
	}
	opts.fold = 49;
	g = tt_dot(m, dir, "fold49", &opts);
	if (g) {
		CHECK_INT(tt_proc_nodes(g), 3);
		agclose(g);
	}
	ptv_model_free(m);
}

/* A pool: 12 workers, each vforks 2 sleeps and is then killed by the parent. Folding keeps the
 * shape (workers over their children) and merges the 12 kills into one counted edge. */
static void test_fold_subtrees(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_pool.jsonl");
	Agraph_t *g = tt_dot(m, dir, "pool", &opts);

	if (!g)
		goto out;
	CHECK_INT(tt_proc_nodes(g), 4);
	CHECK(tt_has(tt_proc(g, 1), "label", "×12"));
	CHECK(tt_has(tt_proc(g, 1), "label", "killed: SIGTERM"));
	CHECK(tt_has(tt_proc(g, 1), "tooltip", "12 processes: 801 804 807"));
	for (int i = 2; i <= 3; i++) {
		CHECK(tt_has(tt_proc(g, i), "label", "×12"));
		CHECK(tt_has(tt_proc(g, i), "label", "pool → sleep"));
		/* A fold of children of different parents: the call, no single return value. */
		CHECK_STR(tt_get(tt_edge(g, tt_proc(g, 1), tt_proc(g, i), "label", "vfork"), "label"), "vfork()");
	}
	CHECK_STR(tt_get(tt_edge(g, tt_proc(g, 0), tt_proc(g, 1), "xlabel", "SIGTERM"), "xlabel"),
	          "SIGTERM ×12");
	agclose(g);
out:
	ptv_model_free(m);
}

static void test_stable_ids(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_fork_loop.jsonl");
	Agraph_t *g;

	opts.stable_ids = true;
	g = tt_dot(m, dir, "stable", &opts);
	if (g) {
		for (int i = 0; i < 4; i++) {
			char want[16];
			snprintf(want, sizeof want, "<B>P%d</B>", i);
			CHECK(tt_has(tt_proc(g, i), "label", want));
		}
		/* The real pid and ppid stay beside the P-id (the getpid/getppid lesson). */
		CHECK(tt_has(tt_proc(g, 1), "label", "pid 101 · ppid 100"));
		agclose(g);
	}
	ptv_model_free(m);
}

/* The print theme must not rely on colour: a leak is bold and filled, kinds differ in style. */
static void test_print_theme(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	opts.ipc = PTV_IPC_EDGES;   /* the compact writer → reader edges */
	ptv_model *m = tt_load("data/tree_daemon.jsonl");
	Agraph_t *g;

	opts.theme = "print";
	g = tt_dot(m, dir, "print", &opts);
	if (g) {
		CHECK_STR(tt_get(g, "bgcolor"), "#ffffff");
		Agedge_t *fifo = tt_edge(g, tt_proc(g, 3), tt_proc(g, 2), "xlabel", "/tmp");
		Agedge_t *sig = tt_edge(g, tt_proc(g, 2), tt_proc(g, 3), "xlabel", "SIGTERM");
		CHECK(fifo && sig);
		CHECK(strcmp(tt_get(fifo, "arrowhead"), tt_get(sig, "arrowhead")) != 0);
		agclose(g);
	}
	opts.theme = "sepia";
	char err[256];
	CHECK_INT(ptv_render_tree(m, "/tmp/x.svg", &opts, err, sizeof err), -1);
	CHECK_STR(err, "unknown theme 'sepia' (use light, dark or print)");
	ptv_model_free(m);
}

/* Attach mode: a zombie found at attach time has no argv; its node must still render (Graphviz
 * rejects empty HTML font elements), and both unreaped children count as the server's leaks. */
static void test_attach_zombie(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_attach_zombie.jsonl");
	char path[128], err[256] = "";

	if (!m)
		return;
	snprintf(path, sizeof path, "%s/attach.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), 0);
	CHECK_STR(err, "");
	CHECK(ptv_model_process(m, 1)->leaked);
	CHECK(ptv_model_process(m, 2)->leaked);
	ptv_model_free(m);
}

int main(void)
{
	char dir[64];

	light = gv_theme_get("light");
	tt_mkdir(dir);
	test_fork_loop(dir);
	test_pipeline(dir);
	test_orphan(dir);
	test_daemon(dir);
	test_fold(dir);
	test_fold_subtrees(dir);
	test_stable_ids(dir);
	test_print_theme(dir);
	test_attach_zombie(dir);
	tt_rmdir(dir);
	return check_done("test_tree");
}
