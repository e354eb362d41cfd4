/* model_order.c — the process tree in the order every view draws it: depth first, the root
 * first, children by index (creation order). The tree, the timeline's lanes and Perfetto's
 * tracks all follow it. */
#include "model_priv.h"

#include <stdlib.h>

/* Breadth first from the processes without a parent in the trace, along the children lists:
 * up[] gets each reached process's parent. A process a damaged log left unreachable (a cycle of
 * parents) keeps up -1: a root of its own. queue and seen hold n entries. */
static void order_parents(const ptv_model *m, int *up, int *queue, bool *seen)
{
	int n = m->nprocs;

	for (int start = 0; start < n; start++) {
		const ptv_process *sp = &m->procs[start].pub;
		if (seen[start] || (sp->parent >= 0 && sp->parent < n && sp->parent != start))
			continue;
		int head = 0, len = 0;
		queue[len++] = start;
		seen[start] = true;
		while (head < len) {
			const ptv_process *p = &m->procs[queue[head++]].pub;
			for (int c = 0; c < p->nchildren; c++) {
				int k = p->children[c];
				if (k >= 0 && k < n && !seen[k]) {
					seen[k] = true;
					up[k] = p->id;
					queue[len++] = k;
				}
			}
		}
	}
}

int ptv_model_tree_order(const ptv_model *m, int *order, int *up)
{
	int n = m->nprocs, rc = -1, top = 0, next = 0;
	size_t n1 = (size_t)n + 1;
	int *queue = malloc(sizeof *queue * n1), *cstart = calloc(n1 + 1, sizeof *cstart);
	int *clist = malloc(sizeof *clist * n1), *fill = malloc(sizeof *fill * n1);
	bool *seen = calloc(n1, sizeof *seen);

	if (!queue || !cstart || !clist || !fill || !seen)
		goto out;
	for (int i = 0; i < n; i++)
		up[i] = -1;
	order_parents(m, up, queue, seen);
	/* Children of each process in index order (a counting sort by parent). */
	for (int i = 0; i < n; i++)
		if (up[i] >= 0)
			cstart[up[i] + 1]++;
	for (int i = 0; i < n; i++)
		cstart[i + 1] += cstart[i];
	for (int i = 0; i < n; i++)
		fill[i] = cstart[i];
	for (int i = 0; i < n; i++)
		if (up[i] >= 0)
			clist[fill[up[i]]++] = i;
	/* Depth first; the roots pushed in reverse so that the model's root comes out first, then
	 * the others by index. queue is the stack now. */
	int root = m->root >= 0 && m->root < n && up[m->root] < 0 ? m->root : -1;
	for (int i = n - 1; i >= 0; i--)
		if (up[i] < 0 && i != root)
			queue[top++] = i;
	if (root >= 0)
		queue[top++] = root;
	while (top > 0) {
		int g = queue[--top];
		order[next++] = g;
		for (int c = cstart[g + 1] - 1; c >= cstart[g]; c--)
			queue[top++] = clist[c];
	}
	rc = 0;
out:
	free(queue);
	free(cstart);
	free(clist);
	free(fill);
	free(seen);
	return rc;
}
