/* test_same_words.c — one fact reads the same in every output: an attached zombie whose exit
 * code nobody knows is "exited" in the tree, the timeline, Perfetto and the report (the views
 * once said "exit -1", the report "exited"); a 12.5 ms trace is "12.5 ms" in both pictures'
 * titles and the report's headline; and a pipe's writer → reader pairs are the same in the tree
 * (edges) and Perfetto (flows), while the timeline, without --io, draws the ends held and no
 * data arrow, drawn from one ptv_view. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptviz/report.h"
#include "test_tree.h"

#define ZOMBIE_LOG \
	"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":100,\"root\":100," \
	"\"tracer_pid\":99,\"mode\":\"attach\",\"argv\":[\"server\"],\"start_unix_ns\":0," \
	"\"kernel\":\"6.1\",\"clock\":\"CLOCK_MONOTONIC\"}\n" \
	"{\"t\":0,\"type\":\"attach\",\"pid\":100,\"parent\":1,\"path\":\"/srv/server\",\"argv\":[\"server\"],\"state\":\"running\"}\n" \
	"{\"t\":0,\"type\":\"attach\",\"pid\":101,\"parent\":100,\"argv\":[],\"state\":\"zombie\"}\n" \
	"{\"t\":12500000,\"type\":\"detach\",\"pid\":100}\n" \
	"{\"t\":12500000,\"type\":\"end\",\"pid\":100,\"status\":0,\"reason\":\"detached\"}\n"

static char dir[64];

/* The whole file at path, NUL-terminated (free it), or NULL. */
static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r"), *mem = open_memstream(&text, &len);
	char buf[4096];
	size_t n;

	while (f && mem && (n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, mem);
	if (mem)
		fclose(mem);
	if (f)
		fclose(f);
	return text;
}

/* Draw m's timeline as DOT into dir/name and read it back. */
static Agraph_t *timeline_dot(const ptv_model *m, const char *name)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char path[128], err[256] = "";
	Agraph_t *g = NULL;

	snprintf(path, sizeof path, "%s/%s.dot", dir, name);
	if (ptv_render_timeline(m, path, &o, err, sizeof err) != 0) {
		fprintf(stderr, "timeline: %s\n", err);
		CHECK(!"timeline renders");
		return NULL;
	}
	FILE *f = fopen(path, "r");
	if (f) {
		g = agread(f, NULL);
		fclose(f);
	}
	return g;
}

/* Nodes of g whose label is exactly text. */
static int labelled(Agraph_t *g, const char *text)
{
	int k = 0;

	for (Agnode_t *n = g ? agfstnode(g) : NULL; n; n = agnxtnode(g, n))
		k += strcmp(tt_get(n, "label"), text) == 0;
	return k;
}

static void test_unknown_code(void)
{
	ptv_model *m = NULL;
	ptv_diag d;
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char path[128], err[256] = "";

	if (ptv_model_load_buffer(&m, "zombie", ZOMBIE_LOG, strlen(ZOMBIE_LOG), &d) < 0) {
		CHECK(!"log loads");
		return;
	}
	/* the tree: the node's end, and the title */
	Agraph_t *tree = tt_dot(m, dir, "tree", &o);
	CHECK(tt_has(tt_proc(tree, 1), "label", "<B>exited</B>"));
	CHECK(!tt_has(tt_proc(tree, 1), "label", "exit -1"));
	CHECK(tt_has(tree, "label", "server — 2 processes, 12.5 ms"));
	/* the timeline: the exit marker's label, and the title */
	Agraph_t *tl = timeline_dot(m, "timeline");
	CHECK_INT(labelled(tl, "exited"), 1);
	CHECK_INT(labelled(tl, "exit -1"), 0);
	CHECK_STR(tt_get(agnode(tl, "title", 0), "label"), "server — 2 processes, 12.5 ms");
	/* Perfetto: the exit instant */
	snprintf(path, sizeof path, "%s/trace.json", dir);
	CHECK_INT(ptv_export_perfetto(m, path, &o, err, sizeof err), 0);
	char *json = slurp(path);
	CHECK(json && strstr(json, "\"name\":\"exited\"") && !strstr(json, "exit -1"));
	free(json);
	/* the report: the summary line and the headline */
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	ptv_report_summary(m, mem, NULL);
	fclose(mem);
	CHECK(text && strncmp(text, "ptviz: server — 2 processes, ", 29) == 0 &&
	      strstr(text, ", 12.5 ms\n") == strchr(text, '\n') - 9);
	char *line = text ? strstr(text, "└─101 server") : NULL;
	CHECK(line && strstr(line, "exited") && strstr(line, "exited") < strchr(line, '\n'));
	free(text);
	/* the zombie report names its program as the tree does */
	text = NULL;
	mem = open_memstream(&text, &len);
	ptv_report_zombies(m, mem, NULL);
	fclose(mem);
	CHECK(text && strstr(text, "  101      server           exited, zombie 12.5 ms, never reaped"));
	free(text);
	if (tree)
		agclose(tree);
	if (tl)
		agclose(tl);
	ptv_model_free(m);
}

/* Edges of g with this colour (the tree's pipe edges, the timeline's pipe arrows). */
static int edges_coloured(Agraph_t *g, const char *color)
{
	int k = 0;

	for (Agnode_t *n = g ? agfstnode(g) : NULL; n; n = agnxtnode(g, n))
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
			k += strcmp(tt_get(e, "color"), color) == 0;
	return k;
}

/* Edges in that colour with an arrowhead: arrows, not bands. */
static int arrows_coloured(Agraph_t *g, const char *color)
{
	int k = 0;

	for (Agnode_t *n = g ? agfstnode(g) : NULL; n; n = agnxtnode(g, n))
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
			k += strcmp(tt_get(e, "color"), color) == 0 && strcmp(tt_get(e, "arrowhead"), "none") != 0;
	return k;
}

static int count(const char *text, const char *needle)
{
	int k = 0;

	for (const char *s = text; s && (s = strstr(s, needle)); s += strlen(needle))
		k++;
	return k;
}

/* fork_loop: three children each hold the write end the parent reads to EOF. */
static void test_links_everywhere(void)
{
	ptv_model *m = tt_load("data/tree_fork_loop.jsonl");
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	ptv_view *v = NULL;
	char tree[128], tl[128], json[128], err[256] = "";
	int links = 0;

	if (!m)
		return;
	o.fold = 0;   /* one node per process: every link its own edge */
	for (int i = 0; i < ptv_model_nipc(m); i++)
		links += ptv_model_ipc(m, i)->nlinks;
	CHECK_INT(links, 3);
	snprintf(tree, sizeof tree, "%s/links-tree.dot", dir);
	snprintf(tl, sizeof tl, "%s/links-timeline.dot", dir);
	snprintf(json, sizeof json, "%s/links.json", dir);
	o.ipc = PTV_IPC_EDGES;   /* the tree's compact edges: one per link, as the timeline's */
	CHECK_INT(ptv_view_new(&v, m, &o, err, sizeof err), 0);
	CHECK(v && ptv_view_fold(v)->nodes == ptv_model_nprocesses(m));
	CHECK(v && ptv_render_tree_view(v, tree, &o, err, sizeof err) == 0);
	CHECK(v && ptv_render_timeline_view(v, tl, &o, err, sizeof err) == 0);
	CHECK_INT(ptv_export_perfetto(m, json, &o, err, sizeof err), 0);
	ptv_view_free(v);

	FILE *f = fopen(tree, "r");
	Agraph_t *gt = f ? agread(f, NULL) : NULL;
	if (f)
		fclose(f);
	f = fopen(tl, "r");
	Agraph_t *gl = f ? agread(f, NULL) : NULL;
	if (f)
		fclose(f);
	char *text = slurp(json);
	const char *pipe = "#1f6fd1";   /* the light theme's pipe colour, in both pictures */
	CHECK_INT(edges_coloured(gt, pipe), links);
	/* The timeline's pipe arrows mean data: without --io none moved that ptviz saw, so no
	 * arrow; each end a child held is a band on its lane instead (and the parent's read end). */
	CHECK_INT(arrows_coloured(gl, pipe), 0);
	CHECK(edges_coloured(gl, pipe) >= links + 1);
	CHECK_INT(count(text, "\"ph\":\"s\",\"name\":\"pipe\""), links);
	free(text);
	if (gt)
		agclose(gt);
	if (gl)
		agclose(gl);
	ptv_model_free(m);
}

int main(void)
{
	tt_mkdir(dir);
	test_unknown_code();
	test_links_everywhere();
	tt_rmdir(dir);
	return check_done("test_same_words");
}
