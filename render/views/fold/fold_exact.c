/* fold_exact.c — folding identical sibling subtrees ("×1000 true, exit 0").
 *
 * Siblings fold when they ran the same exec chain, ended the same way and have subtrees of the
 * same shape. A fold keeps the first sibling (in fork order) as the drawn one; every process in
 * the other siblings' subtrees is drawn by the matching process of the first one's subtree, so
 * that IPC edges from folded processes land on the node that stands for them. Nothing is lost
 * but the ids: this is what keeps dot's input small when a program repeats itself (a
 * 10,000-child fork loop is one node).
 */
#include <stdlib.h>

#include "fold_priv.h"

/* Whether the subtrees under a and b have the same shape; if map, make every process of b's
 * subtree drawn by its match in a's. stack holds 2*n ints. */
static bool exact_walk(const fold_tree *t, int *draw, int a, int b, int *stack, bool map)
{
	int top = 0;

	stack[top++] = a;
	stack[top++] = b;
	while (top > 0) {
		int y = stack[--top], x = stack[--top];
		const ptv_process *px = ptv_model_process(t->m, x), *py = ptv_model_process(t->m, y);
		if (!fold_alike(px, py, true))
			return false;
		if (map)
			draw[y] = x;
		for (int c = 0; c < px->nchildren; c++) {
			if (top + 2 > 2 * t->n)
				return false;
			int cx = px->children[c], cy = py->children[c];
			if (cx < 0 || cx >= t->n || cy < 0 || cy >= t->n)
				return false;
			stack[top++] = cx;
			stack[top++] = cy;
		}
	}
	return true;
}

typedef struct exact_key {
	uint64_t hash;
	int proc;
} exact_key;

static int exact_key_cmp(const void *pa, const void *pb)
{
	const exact_key *a = pa, *b = pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return (a->proc > b->proc) - (a->proc < b->proc);
}

/* Fold the siblings kids[0..nkids) when more than `over` are identical. keys and stack are
 * scratch space. */
static void exact_siblings(const fold_tree *t, int *draw, const int *kids, int nkids, int over,
                           exact_key *keys, int *stack)
{
	int nk = 0;

	for (int i = 0; i < nkids; i++)
		if (kids[i] >= 0 && kids[i] < t->n)
			keys[nk++] = (exact_key){ t->shape[kids[i]], kids[i] };
	qsort(keys, (size_t)nk, sizeof *keys, exact_key_cmp);
	for (int i = 0; i < nk;) {
		int j = i, alike = 0;
		while (j < nk && keys[j].hash == keys[i].hash)
			j++;
		if (j - i > over) {
			int rep = keys[i].proc;   /* lowest index: the first forked */
			for (int k = i + 1; k < j; k++)
				if (exact_walk(t, draw, rep, keys[k].proc, stack, false))
					alike++;
			if (alike + 1 > over)
				for (int k = i + 1; k < j; k++)
					if (exact_walk(t, draw, rep, keys[k].proc, stack, false))
						exact_walk(t, draw, rep, keys[k].proc, stack, true);
		}
		i = j;
	}
}

/* The process that finally draws p, compressing the chain of folds on the way. */
static int exact_find(int *draw, int p)
{
	int r = p;

	while (draw[r] != r)
		r = draw[r];
	while (draw[p] != r) {
		int next = draw[p];
		draw[p] = r;
		p = next;
	}
	return r;
}

int fold_exact(const fold_tree *t, int siblings, int from_depth, int *draw)
{
	int n = t->n, *stack = NULL, *kids = NULL, rc = -1;
	exact_key *keys = NULL;

	for (int i = 0; i < n; i++)
		draw[i] = i;
	if (siblings <= 0 || n < 2)
		return 0;
	stack = malloc(sizeof *stack * 2 * (size_t)n);
	kids = malloc(sizeof *kids * (size_t)n);
	keys = malloc(sizeof *keys * (size_t)n);
	if (!stack || !kids || !keys)
		goto out;
	/* Roots are siblings too (several when the log has processes of unknown origin). */
	int nroots = 0;
	for (int i = 0; i < n; i++)
		if (t->up[i] < 0 && ptv_model_process(t->m, i)->parent < 0)
			kids[nroots++] = i;
	exact_siblings(t, draw, kids, nroots, 0 >= from_depth ? 1 : siblings, keys, stack);
	/* Parents before children, skipping subtrees already drawn by another one. */
	for (int o = 0; o < n; o++) {
		int i = t->order[o];
		const ptv_process *p = ptv_model_process(t->m, i);
		if (draw[i] != i || p->nchildren < 2)
			continue;
		int over = t->depth[i] + 1 >= from_depth ? 1 : siblings;
		exact_siblings(t, draw, p->children, p->nchildren, over, keys, stack);
	}
	for (int i = 0; i < n; i++)
		exact_find(draw, i);
	rc = 0;
out:
	free(stack);
	free(kids);
	free(keys);
	return rc;
}
