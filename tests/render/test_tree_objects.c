/* test_tree_objects.c — pipes and shared regions drawn as objects (--ipc objects), read back
 * from DOT: sigpipe's dead-ended data pipe and the SIGPIPE it raised, pipe_ps_grep's ends (ps
 * holds the write end as fd 1, grep the read end as fd 0, the parent closed both), mmap_file's
 * region, the size rule of --ipc auto, and --ipc edges keeping the compact edges. The logs are
 * real traces of the samples, with the state lines left out. */
#define _GNU_SOURCE
#include "test_tree.h"
#include "gv.h"

/* The object node drawing IPC object i ("ipc<i>"), or NULL. */
static Agnode_t *obj(Agraph_t *g, int i)
{
	char name[32];

	snprintf(name, sizeof name, "ipc%d", i);
	return agnode(g, name, 0);
}

/* The edge between a process node and an object whose xlabel (or "" for any) matches, either way. */
static Agedge_t *between(Agraph_t *g, Agnode_t *a, Agnode_t *b, const char *xlabel)
{
	Agedge_t *e = tt_edge(g, a, b, "xlabel", xlabel);

	return e ? e : tt_edge(g, b, a, "xlabel", xlabel);
}

/* sigpipe: the data pipe (ipc0) is dead-ended, the go pipe (ipc1) is not; the SIGPIPE comes from
 * the data pipe's read side to the child that wrote. */
static void test_sigpipe(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_obj_sigpipe.jsonl");
	opts.stable_ids = true;
	Agraph_t *g = tt_dot(m, dir, "sigpipe", &opts);

	if (!g)
		goto out;
	const ptv_ipc *data = ptv_model_ipc(m, 0), *go = ptv_model_ipc(m, 1);
	CHECK(data->t_no_reader > 0);
	CHECK_INT((int)go->t_no_reader, -1);
	Agnode_t *dn = obj(g, 0), *gn = obj(g, 1);
	CHECK(dn && gn);
	CHECK(tt_has(dn, "label", "no reader"));
	CHECK(!tt_has(gn, "label", "no reader"));
	/* The child holds the data pipe's write end as fd 4 until it dies; the parent closed it. */
	Agedge_t *w = tt_edge(g, tt_proc(g, 1), dn, "xlabel", "fd 4");
	CHECK(w != NULL);
	CHECK_STR(tt_get(w, "headport"), "w:n");
	CHECK(tt_has(dn, "label", "P0 fd 4, closed at"));
	CHECK(tt_has(dn, "label", "P0 fd 3, closed at"));
	/* The SIGPIPE: from the dead end to the child, naming the fd. */
	Agedge_t *sig = tt_edge(g, dn, tt_proc(g, 1), "xlabel", "SIGPIPE");
	CHECK(sig != NULL);
	CHECK(tt_has(sig, "xlabel", "fd 4"));
	CHECK(tt_edge(g, gn, tt_proc(g, 1), "xlabel", "SIGPIPE") == NULL);
	CHECK(strstr(tt_legend(g), "dead end") != NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

/* pipe_ps_grep: ps (P0 after its exec) holds the write end as fd 1, grep (P1) the read end as fd
 * 0; the parent's own fds 3 and 4 were closed, unused. */
static void test_ps_grep(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = (opts.stable_ids = true, tt_load("data/tree_obj_ps_grep.jsonl"));
	Agraph_t *g = tt_dot(m, dir, "ps_grep", &opts);
	char label[64];

	if (!g)
		goto out;
	Agnode_t *pn = obj(g, 0), *ps = tt_proc(g, 0), *grep = tt_proc(g, 1);
	CHECK(pn != NULL);
	Agedge_t *w = tt_edge(g, ps, pn, "headport", "w"), *r = tt_edge(g, pn, grep, "tailport", "r");
	CHECK(w && r);
	CHECK_STR(tt_get(w, "xlabel"), "fd 1");
	CHECK_STR(tt_get(w, "headport"), "w:n");
	CHECK_STR(tt_get(r, "xlabel"), "fd 0");
	CHECK_STR(tt_get(r, "tailport"), "r:n");
	CHECK_STR(tt_get(w, "style"), "solid");
	/* The parent's read end: closed early (before it exited, no exec), dashed. */
	Agedge_t *pr = tt_edge(g, pn, ps, "style", "dashed");
	CHECK(pr != NULL);
	CHECK(tt_has(pn, "label", "P0 fd 1 = dup2(4)"));
	CHECK(tt_has(pn, "label", "P1 fd 0 = dup2(3), until exit (as grep)"));
	snprintf(label, sizeof label, "P0 fd 3, closed at");
	CHECK(tt_has(pn, "label", label));
	CHECK(tt_has(pn, "label", "P0 fd 4, closed at"));
	CHECK(!tt_has(pn, "label", "no reader"));
	/* glibc's read-only gconv cache is no channel: no region node. */
	CHECK(obj(g, 1) == NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

/* mmap_file: one process, one region node with the file, size, protection and MAP_SHARED. */
static void test_mmap_file(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_obj_mmap_file.jsonl");
	Agraph_t *g = tt_dot(m, dir, "mmap_file", &opts);

	if (!g)
		goto out;
	Agnode_t *rn = obj(g, 0);
	CHECK(rn != NULL);
	CHECK(tt_has(rn, "label", "shared region"));
	CHECK(tt_has(rn, "label", "/tmp/mmap_file.JHAh8K"));
	CHECK(tt_has(rn, "label", "85 bytes"));
	CHECK(tt_has(rn, "label", "r--"));
	CHECK(tt_has(rn, "label", "MAP_SHARED"));
	CHECK(between(g, tt_proc(g, 0), rn, "maps r") != NULL);
	CHECK(strstr(tt_legend(g), "shared region") != NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

/* --ipc edges: no object nodes, the writer → reader edge instead. */
static void test_edges(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_obj_ps_grep.jsonl");
	Agraph_t *g;

	opts.ipc = PTV_IPC_EDGES;
	g = tt_dot(m, dir, "edges", &opts);
	if (!g)
		goto out;
	CHECK(obj(g, 0) == NULL);
	CHECK(tt_edge(g, tt_proc(g, 0), tt_proc(g, 1), "xlabel", "ps → grep") != NULL);
	agclose(g);
out:
	ptv_model_free(m);
}

int main(void)
{
	char dir[64];

	tt_mkdir(dir);
	test_sigpipe(dir);
	test_ps_grep(dir);
	test_mmap_file(dir);
	test_edges(dir);
	tt_rmdir(dir);
	return check_done("test_tree_objects");
}
