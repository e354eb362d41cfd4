/* test_tree.h — helpers shared by the tree tests: render a hand-written log to DOT in a temporary
 * directory and read it back with cgraph, so tests check the graph's structure, not its text. */
#ifndef PTVIZ_TEST_TREE_H
#define PTVIZ_TEST_TREE_H

#include <graphviz/cgraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ptviz/model.h"
#include "ptviz/render.h"

/* A fresh temporary directory (removed by tt_rmdir). */
static inline void tt_mkdir(char dir[static 64])
{
	snprintf(dir, 64, "/tmp/ptviz-test-tree-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static inline void tt_rmdir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static inline ptv_model *tt_load(const char *path)
{
	ptv_model *m = NULL;
	ptv_diag d = { 0 };

	if (ptv_model_load(&m, path, &d) < 0) {
		fprintf(stderr, "%s: %s\n", path, d.error);
		CHECK(!"log loads");
		return NULL;
	}
	return m;
}

/* Render m as DOT into dir/name and read it back; NULL (and a failed check) on error. */
static inline Agraph_t *tt_dot(const ptv_model *m, const char *dir, const char *name,
                               const ptv_render_opts *opts)
{
	char path[256], err[512] = "";
	Agraph_t *g = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s.dot", dir, name);
	if (!m || ptv_render_tree(m, path, opts, err, sizeof err) != 0) {
		fprintf(stderr, "%s: render failed: %s\n", name, err);
		CHECK(!"tree renders");
		return NULL;
	}
	f = fopen(path, "r");
	if (f) {
		g = agread(f, NULL);
		fclose(f);
	}
	CHECK(g != NULL);
	return g;
}

/* Attribute of obj, "" when unset or when obj is NULL. */
static inline const char *tt_get(void *obj, const char *name)
{
	const char *v = obj ? agget(obj, (char *)name) : NULL;
	return v ? v : "";
}

static inline bool tt_has(void *obj, const char *name, const char *needle)
{
	return strstr(tt_get(obj, name), needle) != NULL;
}

/* The node drawing process index i ("n<i>"), or NULL. */
static inline Agnode_t *tt_proc(Agraph_t *g, int i)
{
	char name[32];

	snprintf(name, sizeof name, "n%d", i);
	return agnode(g, name, 0);
}

/* Nodes that draw processes (named n<index>). */
static inline int tt_proc_nodes(Agraph_t *g)
{
	int k = 0;

	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
		if (agnameof(n)[0] == 'n' && agnameof(n)[1] >= '0' && agnameof(n)[1] <= '9')
			k++;
	return k;
}

/* The first edge a → b whose attribute name contains needle (NULL needle: any edge). */
static inline Agedge_t *tt_edge(Agraph_t *g, Agnode_t *a, Agnode_t *b, const char *name,
                                const char *needle)
{
	if (!a || !b)
		return NULL;
	for (Agedge_t *e = agfstout(g, a); e; e = agnxtout(g, e))
		if (aghead(e) == b && (!needle || tt_has(e, name, needle)))
			return e;
	return NULL;
}

/* Edges touching node n (in or out) whose attribute name contains needle. */
static inline int tt_edges_with(Agraph_t *g, Agnode_t *n, const char *name, const char *needle)
{
	int k = 0;

	if (!n)
		return 0;
	for (Agedge_t *e = agfstedge(g, n); e; e = agnxtedge(g, e, n))
		if (tt_has(e, name, needle))
			k++;
	return k;
}

/* The legend's label ("" when there is no legend). */
static inline const char *tt_legend(Agraph_t *g)
{
	return tt_get(agnode(g, "legend", 0), "label");
}

#endif
