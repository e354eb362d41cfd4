/* tree_fold.c — folding identical siblings into one node ("×1000 true, exit 0").
 *
 * Siblings fold when they ran the same exec chain, ended the same way and have subtrees of the
 * same shape. A fold keeps the first sibling (in fork order) as the drawn one; every process in
 * the other siblings' subtrees is drawn by the matching process of the first one's subtree, so
 * that IPC edges from folded processes land on the node that stands for them. This is what keeps
 * dot's input small: a 10,000-child fork loop is one node.
 */
#include <stdlib.h>
#include <string.h>

#include "tree.h"

/* FNV-1a over bytes, continued from h. */
static uint64_t fold_mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t fold_mix_str(uint64_t h, const char *s)
{
	return s ? fold_mix(h, s, strlen(s) + 1) : fold_mix(h, "\x01", 1);
}

static uint64_t fold_mix_int(uint64_t h, int64_t v)
{
	return fold_mix(h, &v, sizeof v);
}

/* Whether a and b look alike on their own (not counting their children's shapes). */
static bool fold_alike_self(const ptv_process *a, const ptv_process *b)
{
	if (a->nexecs != b->nexecs || a->nchildren != b->nchildren || a->exited != b->exited ||
	    a->signaled != b->signaled || a->leaked != b->leaked || a->orphaned != b->orphaned ||
	    (a->sid != 0) != (b->sid != 0) || (a->threads > 0) != (b->threads > 0))
		return false;
	if (a->exited && !a->signaled && a->exit_code != b->exit_code)
		return false;
	if (a->signaled && a->signo != b->signo)
		return false;
	if (strcmp(a->via ? a->via : "", b->via ? b->via : "") != 0)
		return false;
	for (int i = 0; i < a->nexecs; i++) {
		const char *pa = a->execs[i].path, *pb = b->execs[i].path;
		if (strcmp(pa ? pa : "", pb ? pb : "") != 0)
			return false;
	}
	return true;
}

/* The hash of what fold_alike_self compares. */
static uint64_t fold_hash_self(const ptv_process *p)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fold_mix_int(h, p->nexecs);
	h = fold_mix_int(h, p->nchildren);
	h = fold_mix_int(h, (p->exited << 0) | (p->signaled << 1) | (p->leaked << 2) |
	                    (p->orphaned << 3) | ((p->sid != 0) << 4) | ((p->threads > 0) << 5));
	if (p->exited)
		h = fold_mix_int(h, p->signaled ? 1000 + p->signo : p->exit_code);
	h = fold_mix_str(h, p->via);
	for (int i = 0; i < p->nexecs; i++)
		h = fold_mix_str(h, p->execs[i].path);
	return h;
}

/* Processes in breadth-first order from the roots (parents before children). Every process
 * appears once, even one whose parent links are inconsistent. */
static int *fold_order(const ptv_model *m, int n)
{
	int *order = malloc(sizeof *order * (size_t)(n ? n : 1));
	bool *seen = calloc((size_t)(n ? n : 1), sizeof *seen);
	int len = 0;

	if (!order || !seen) {
		free(order);
		free(seen);
		return NULL;
	}
	for (int start = 0; start < n; start++) {
		const ptv_process *sp = ptv_model_process(m, start);
		/* Roots first; a process whose parent was never reached starts its own walk later. */
		if (seen[start] || (sp->parent >= 0 && sp->parent < n && sp->parent != start))
			continue;
		int head = len;
		order[len++] = start;
		seen[start] = true;
		while (head < len) {
			const ptv_process *p = ptv_model_process(m, order[head++]);
			for (int c = 0; c < p->nchildren; c++) {
				int k = p->children[c];
				if (k >= 0 && k < n && !seen[k]) {
					seen[k] = true;
					order[len++] = k;
				}
			}
		}
	}
	for (int i = 0; i < n; i++)   /* cycles in bad logs: draw them unfolded */
		if (!seen[i])
			order[len++] = i;
	free(seen);
	return order;
}

/* Whether the subtrees under a and b have the same shape; if map, make every process of b's
 * subtree drawn by its match in a's. stack holds 2*n ints. */
static bool fold_walk(tree *tr, int a, int b, int *stack, bool map)
{
	int top = 0;

	stack[top++] = a;
	stack[top++] = b;
	while (top > 0) {
		int y = stack[--top], x = stack[--top];
		const ptv_process *px = ptv_model_process(tr->m, x), *py = ptv_model_process(tr->m, y);
		if (!fold_alike_self(px, py))
			return false;
		if (map)
			tr->draw[y] = x;
		for (int c = 0; c < px->nchildren; c++) {
			if (top + 2 > 2 * tr->n)
				return false;
			stack[top++] = px->children[c];
			stack[top++] = py->children[c];
		}
	}
	return true;
}

typedef struct fold_key {
	uint64_t hash;
	int proc;
} fold_key;

static int fold_key_cmp(const void *pa, const void *pb)
{
	const fold_key *a = pa, *b = pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return (a->proc > b->proc) - (a->proc < b->proc);
}

/* Fold the children kids[0..nkids) of one parent. keys and stack are scratch space. */
static void fold_siblings(tree *tr, const uint64_t *hash, const int *kids, int nkids,
                          fold_key *keys, int *stack)
{
	int fold = tr->opts->fold;

	for (int i = 0; i < nkids; i++)
		keys[i] = (fold_key){ hash[kids[i]], kids[i] };
	qsort(keys, (size_t)nkids, sizeof *keys, fold_key_cmp);
	for (int i = 0; i < nkids;) {
		int j = i, alike = 0;
		while (j < nkids && keys[j].hash == keys[i].hash)
			j++;
		if (j - i > fold) {
			int rep = keys[i].proc;   /* lowest index: the first forked */
			for (int k = i + 1; k < j; k++)
				if (fold_walk(tr, rep, keys[k].proc, stack, false))
					alike++;
			if (alike + 1 > fold)
				for (int k = i + 1; k < j; k++)
					if (fold_walk(tr, rep, keys[k].proc, stack, false))
						fold_walk(tr, rep, keys[k].proc, stack, true);
		}
		i = j;
	}
}

/* The process that finally draws p, compressing the chain of folds on the way. */
static int fold_find(int *draw, int p)
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

int tree_fold(tree *tr)
{
	const ptv_model *m = tr->m;
	int n = tr->n, *order = NULL, *stack = NULL, *kids = NULL, rc = -1;
	uint64_t *hash = NULL;
	fold_key *keys = NULL;

	for (int i = 0; i < n; i++)
		tr->draw[i] = i;
	if (tr->opts->fold > 0 && n > 1) {
		order = fold_order(m, n);
		hash = calloc((size_t)n, sizeof *hash);
		stack = malloc(sizeof *stack * 2 * (size_t)n);
		kids = malloc(sizeof *kids * (size_t)n);
		keys = malloc(sizeof *keys * (size_t)n);
		if (!order || !hash || !stack || !kids || !keys)
			goto out;
		/* Children before parents: a subtree's hash includes its children's, in fork order. */
		for (int o = n - 1; o >= 0; o--) {
			const ptv_process *p = ptv_model_process(m, order[o]);
			uint64_t h = fold_hash_self(p);
			for (int c = 0; c < p->nchildren; c++)
				h = fold_mix_int(h, (int64_t)hash[p->children[c]]);
			hash[order[o]] = h;
		}
		/* Roots are siblings too (several when the log has processes of unknown origin). */
		int nroots = 0;
		for (int i = 0; i < n; i++)
			if (ptv_model_process(m, i)->parent < 0)
				kids[nroots++] = i;
		fold_siblings(tr, hash, kids, nroots, keys, stack);
		/* Parents before children, skipping subtrees already drawn by another one. */
		for (int o = 0; o < n; o++) {
			const ptv_process *p = ptv_model_process(m, order[o]);
			if (tr->draw[order[o]] != order[o] || p->nchildren < 2)
				continue;
			fold_siblings(tr, hash, p->children, p->nchildren, keys, stack);
		}
	}
	for (int i = 0; i < n; i++)
		tr->count[i] = 0;
	for (int i = 0; i < n; i++)
		tr->count[fold_find(tr->draw, i)]++;
	rc = 0;
out:
	free(order);
	free(hash);
	free(stack);
	free(kids);
	free(keys);
	return rc;
}
