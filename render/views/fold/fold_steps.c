/* fold_steps.c — the partitions the folding steps produce: one group per exact-fold unit, alike
 * siblings merged (their subtrees pooled), and the depth cut that sums up whole subtrees.
 * A group's depth is always its parent's plus one, which the cut relies on. */
#include <stdlib.h>
#include <string.h>

#include "fold_priv.h"

int fold_part_alloc(fold_part *p, int n)
{
	size_t n1 = (size_t)n + 1;

	memset(p, 0, sizeof *p);
	p->of = malloc(sizeof *p->of * n1);
	p->parent = malloc(sizeof *p->parent * n1);
	p->depth = malloc(sizeof *p->depth * n1);
	p->kind = malloc(sizeof *p->kind * n1);
	if (!p->of || !p->parent || !p->depth || !p->kind) {
		fold_part_release(p);
		return -1;
	}
	return 0;
}

void fold_part_release(fold_part *p)
{
	free(p->of);
	free(p->parent);
	free(p->depth);
	free(p->kind);
	memset(p, 0, sizeof *p);
}

void fold_part_copy(fold_part *out, const fold_part *in, int n)
{
	memcpy(out->of, in->of, sizeof *in->of * (size_t)n);
	memcpy(out->parent, in->parent, sizeof *in->parent * (size_t)in->ngroups);
	memcpy(out->depth, in->depth, sizeof *in->depth * (size_t)in->ngroups);
	memcpy(out->kind, in->kind, sizeof *in->kind * (size_t)in->ngroups);
	out->ngroups = in->ngroups;
}

/* Number the units of draw (processes drawing themselves) as groups; of[unit] is set. */
static void steps_number_units(fold_part *p, const fold_tree *t, const int *draw)
{
	p->ngroups = 0;
	for (int i = 0; i < t->n; i++) {
		if (draw[i] != i)
			continue;
		int g = p->ngroups++;
		p->of[i] = g;
		p->depth[g] = t->depth[i];
		p->kind[g] = FOLD_ONE;
	}
}

void fold_part_exact(fold_part *p, const fold_tree *t, const int *draw)
{
	steps_number_units(p, t, draw);
	for (int i = 0; i < t->n; i++) {
		if (draw[i] != i)
			continue;
		int g = p->of[i];
		p->parent[g] = t->up[i] >= 0 ? p->of[draw[t->up[i]]] : -1;
	}
	for (int i = 0; i < t->n; i++) {
		if (draw[i] == i)
			continue;
		p->of[i] = p->of[draw[i]];
		p->kind[p->of[i]] = FOLD_SAME;
	}
}

/* Scratch space of the alike step; every array holds n entries. */
typedef struct alike_ctx {
	const fold_tree *t;
	fold_part *p;
	int *cstart, *clist;  /* child units of each unit (by process index), in index order */
	int *usize;           /* processes per unit */
	int *ulist;           /* units of each group: ulist[gstart[g] .. gstart[g] + gcount[g]) */
	int *gstart, *gcount;
	int *unit_group;      /* unit → group */
	int nlist;
	int *tmp;             /* the sibling units being split into groups */
	struct alike_key { uint64_t hash; int unit; } *keys;
} alike_ctx;

static int alike_cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int alike_cmp_key(const void *pa, const void *pb)
{
	const struct alike_key *a = pa, *b = pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return (a->unit > b->unit) - (a->unit < b->unit);
}

/* A new group of the units ulist[first .. first + k). */
static void alike_group(alike_ctx *c, int first, int k, int parent, int depth)
{
	fold_part *p = c->p;
	int g = p->ngroups++;
	bool same_shape = true;

	c->gstart[g] = first;
	c->gcount[g] = k;
	p->parent[g] = parent;
	p->depth[g] = depth;
	for (int i = 0; i < k; i++) {
		c->unit_group[c->ulist[first + i]] = g;
		same_shape &= c->t->shape[c->ulist[first + i]] == c->t->shape[c->ulist[first]];
	}
	if (k > 1)   /* cousins with identical subtrees pooled: still the same, position by position */
		p->kind[g] = same_shape ? FOLD_SAME : FOLD_ALIKE;
	else
		p->kind[g] = c->usize[c->ulist[first]] > 1 ? FOLD_SAME : FOLD_ONE;
}

/* Split the sibling units tmp[0..k) (under group parent) into groups: alike ones together when
 * merge, else one group each. */
static void alike_split(alike_ctx *c, int k, int parent, int depth, bool merge)
{
	struct alike_key *u = c->keys;

	if (!merge) {
		for (int i = 0; i < k; i++) {
			c->ulist[c->nlist] = c->tmp[i];
			alike_group(c, c->nlist++, 1, parent, depth);
		}
		return;
	}
	for (int i = 0; i < k; i++)
		u[i] = (struct alike_key){ c->t->self[c->tmp[i]], c->tmp[i] };
	qsort(u, (size_t)k, sizeof *u, alike_cmp_key);
	for (int i = 0; i < k;) {
		int j = i;
		while (j < k && u[j].hash == u[i].hash)
			j++;
		/* Within one hash, take the units alike the first one left, until none is left
		 * (several rounds only on a hash collision). */
		for (int left = j; left > i;) {
			const ptv_process *lead = ptv_model_process(c->t->m, u[i].unit);
			int first = c->nlist, keep = i;
			for (int x = i; x < left; x++) {
				if (fold_alike(lead, ptv_model_process(c->t->m, u[x].unit), false))
					c->ulist[c->nlist++] = u[x].unit;
				else
					u[keep++] = u[x];
			}
			alike_group(c, first, c->nlist - first, parent, depth);
			left = keep;
		}
		i = j;
	}
}

int fold_part_alike(fold_part *p, const fold_tree *t, const int *draw, int from_depth)
{
	alike_ctx c = { .t = t, .p = p };
	size_t n1 = (size_t)t->n + 1;
	int rc = -1;

	c.cstart = calloc(n1 + 1, sizeof *c.cstart);
	c.clist = malloc(sizeof *c.clist * n1);
	c.usize = calloc(n1, sizeof *c.usize);
	c.ulist = malloc(sizeof *c.ulist * n1);
	c.gstart = malloc(sizeof *c.gstart * n1);
	c.gcount = malloc(sizeof *c.gcount * n1);
	c.unit_group = malloc(sizeof *c.unit_group * n1);
	c.tmp = malloc(sizeof *c.tmp * n1);
	c.keys = malloc(sizeof *c.keys * n1);
	if (!c.cstart || !c.clist || !c.usize || !c.ulist || !c.gstart || !c.gcount ||
	    !c.unit_group || !c.tmp || !c.keys)
		goto out;
	/* Child units of each unit, in index order (a counting sort by parent unit). */
	for (int i = 0; i < t->n; i++) {
		c.usize[draw[i]]++;
		if (draw[i] == i && t->up[i] >= 0)
			c.cstart[draw[t->up[i]] + 1]++;
	}
	for (int i = 0; i < t->n; i++)
		c.cstart[i + 1] += c.cstart[i];
	int *fill = c.tmp;
	memcpy(fill, c.cstart, sizeof *fill * (size_t)t->n);
	for (int i = 0; i < t->n; i++)
		if (draw[i] == i && t->up[i] >= 0)
			c.clist[fill[draw[t->up[i]]]++] = i;

	p->ngroups = 0;
	int k = 0;
	for (int i = 0; i < t->n; i++)
		if (draw[i] == i && t->up[i] < 0)
			c.tmp[k++] = i;
	alike_split(&c, k, -1, 0, 0 >= from_depth);
	/* Breadth first over the groups: the children of all of a group's units are siblings. */
	for (int g = 0; g < p->ngroups; g++) {
		k = 0;
		for (int x = 0; x < c.gcount[g]; x++) {
			int unit = c.ulist[c.gstart[g] + x];
			for (int y = c.cstart[unit]; y < c.cstart[unit + 1]; y++)
				c.tmp[k++] = c.clist[y];
		}
		if (c.gcount[g] > 1)
			qsort(c.tmp, (size_t)k, sizeof *c.tmp, alike_cmp_int);
		alike_split(&c, k, g, p->depth[g] + 1, p->depth[g] + 1 >= from_depth);
	}
	for (int i = 0; i < t->n; i++)
		p->of[i] = c.unit_group[draw[i]];
	rc = 0;
out:
	free(c.cstart);
	free(c.clist);
	free(c.usize);
	free(c.ulist);
	free(c.gstart);
	free(c.gcount);
	free(c.unit_group);
	free(c.tmp);
	free(c.keys);
	return rc;
}

int fold_part_cut_counts(const fold_part *in, int *count, int maxdepth)
{
	int *le = calloc((size_t)maxdepth + 2, sizeof *le);
	bool *parent_of_deeper = calloc((size_t)in->ngroups + 1, sizeof *parent_of_deeper);

	if (!le || !parent_of_deeper) {
		free(le);
		free(parent_of_deeper);
		return -1;
	}
	for (int d = 0; d <= maxdepth; d++)
		count[d] = 0;
	for (int g = 0; g < in->ngroups; g++) {
		if (in->depth[g] <= maxdepth)
			le[in->depth[g]]++;
		if (in->parent[g] >= 0 && !parent_of_deeper[in->parent[g]]) {
			parent_of_deeper[in->parent[g]] = true;
			if (in->depth[in->parent[g]] <= maxdepth)
				count[in->depth[in->parent[g]]]++;   /* one summary under it */
		}
	}
	for (int d = 0, sum = 0; d <= maxdepth; d++) {
		sum += le[d];
		count[d] += sum;
	}
	free(le);
	free(parent_of_deeper);
	return 0;
}

int fold_part_cut(fold_part *p, const fold_part *in, const fold_tree *t, int depth)
{
	size_t n1 = (size_t)in->ngroups + 1;
	int *byd = malloc(sizeof *byd * n1);
	int *map = malloc(sizeof *map * n1), *summary = malloc(sizeof *summary * n1);
	int maxd = 0, ng = 0, rc = -1;

	if (!byd || !map || !summary)
		goto out;
	/* Groups by depth (a counting sort): a parent is one level above its child, so shallower
	 * groups first settles every group's place. */
	for (int g = 0; g < in->ngroups; g++)
		if (in->depth[g] > maxd)
			maxd = in->depth[g];
	int *cnt = calloc((size_t)maxd + 2, sizeof *cnt);
	if (!cnt)
		goto out;
	for (int g = 0; g < in->ngroups; g++)
		cnt[in->depth[g] + 1]++;
	for (int d = 0; d <= maxd; d++)
		cnt[d + 1] += cnt[d];
	for (int g = 0; g < in->ngroups; g++)
		byd[cnt[in->depth[g]]++] = g;
	free(cnt);
	for (int x = 0; x < in->ngroups; x++) {
		int g = byd[x], d = in->depth[g];
		if (d <= depth) {
			map[g] = ng;
			p->parent[ng] = in->parent[g] >= 0 ? map[in->parent[g]] : -1;
			p->depth[ng] = d;
			p->kind[ng] = in->kind[g];
			summary[ng++] = -1;
			continue;
		}
		int up = map[in->parent[g]];
		if (d > depth + 1) {
			map[g] = up;   /* the summary its parent joined */
			continue;
		}
		if (summary[up] < 0) {
			summary[up] = ng;
			p->parent[ng] = up;
			p->depth[ng] = depth + 1;
			p->kind[ng] = FOLD_REST;
			summary[ng++] = -1;
		}
		map[g] = summary[up];
	}
	p->ngroups = ng;
	for (int i = 0; i < t->n; i++)
		p->of[i] = map[in->of[i]];
	rc = 0;
out:
	free(byd);
	free(map);
	free(summary);
	return rc;
}
