/* fold_tree.c — the process tree as folding sees it: the views' order and parents
 * (ptv_model_tree_order), depths, and hashes of what makes two processes (or two subtrees) look
 * alike. */
#include <stdlib.h>
#include <string.h>

#include "fold_priv.h"
#include "hmap.h"

static uint64_t tree_mix_str(uint64_t h, const char *s)
{
	return s ? hmap_fnv(h, s, strlen(s) + 1) : hmap_fnv(h, "\x01", 1);
}

static uint64_t tree_mix_int(uint64_t h, int64_t v)
{
	return hmap_fnv(h, &v, sizeof v);
}

bool fold_alike(const ptv_process *a, const ptv_process *b, bool children)
{
	if (a->nexecs != b->nexecs || (children && a->nchildren != b->nchildren) ||
	    a->exited != b->exited || a->signaled != b->signaled || a->leaked != b->leaked ||
	    a->orphaned != b->orphaned || (a->sid != 0) != (b->sid != 0) ||
	    (a->threads > 0) != (b->threads > 0))
		return false;
	if (a->exited && !a->signaled && a->exit_code != b->exit_code)
		return false;
	if (a->signaled && a->signo != b->signo)
		return false;
	if (a->origin != b->origin || (a->origin == PTV_ORIGIN_FORK && a->fork_via != b->fork_via))
		return false;
	for (int i = 0; i < a->nexecs; i++) {
		const char *pa = a->execs[i].path, *pb = b->execs[i].path;
		if (strcmp(pa ? pa : "", pb ? pb : "") != 0)
			return false;
	}
	return true;
}

/* The hash of what fold_alike compares, children aside. */
static uint64_t tree_hash_self(const ptv_process *p)
{
	uint64_t h = HMAP_FNV_SEED;

	h = tree_mix_int(h, p->nexecs);
	h = tree_mix_int(h, (p->exited << 0) | (p->signaled << 1) | (p->leaked << 2) |
	                    (p->orphaned << 3) | ((p->sid != 0) << 4) | ((p->threads > 0) << 5));
	if (p->exited)
		h = tree_mix_int(h, p->signaled ? 1000 + p->signo : p->exit_code);
	h = tree_mix_int(h, p->origin == PTV_ORIGIN_FORK ? p->fork_via : PTV_FORK_COUNT + p->origin);
	for (int i = 0; i < p->nexecs; i++)
		h = tree_mix_str(h, p->execs[i].path);
	return h;
}

int fold_tree_init(fold_tree *t, const ptv_model *m)
{
	size_t n1;

	memset(t, 0, sizeof *t);
	t->m = m;
	t->n = ptv_model_nprocesses(m);
	n1 = (size_t)t->n + 1;
	t->order = malloc(sizeof *t->order * n1);
	t->up = malloc(sizeof *t->up * n1);
	t->depth = calloc(n1, sizeof *t->depth);
	t->self = malloc(sizeof *t->self * n1);
	t->shape = calloc(n1, sizeof *t->shape);   /* a bad log may name a child twice */
	if (!t->order || !t->up || !t->depth || !t->self || !t->shape ||
	    ptv_model_tree_order(m, t->order, t->up) < 0) {
		fold_tree_release(t);
		return -1;
	}
	for (int o = 0; o < t->n; o++) {   /* parents come before their children */
		int i = t->order[o];
		t->depth[i] = t->up[i] >= 0 ? t->depth[t->up[i]] + 1 : 0;
		if (t->depth[i] > t->maxdepth)
			t->maxdepth = t->depth[i];
	}
	for (int i = 0; i < t->n; i++)
		t->self[i] = tree_hash_self(ptv_model_process(m, i));
	/* Children before parents: a subtree's shape includes its children's, in fork order. */
	for (int o = t->n - 1; o >= 0; o--) {
		int i = t->order[o];
		const ptv_process *p = ptv_model_process(m, i);
		uint64_t h = tree_mix_int(t->self[i], p->nchildren);
		for (int c = 0; c < p->nchildren; c++) {
			int k = p->children[c];
			h = tree_mix_int(h, k >= 0 && k < t->n ? (int64_t)t->shape[k] : -1);
		}
		t->shape[i] = h;
	}
	return 0;
}

void fold_tree_release(fold_tree *t)
{
	free(t->order);
	free(t->up);
	free(t->depth);
	free(t->self);
	free(t->shape);
	memset(t, 0, sizeof *t);
}
