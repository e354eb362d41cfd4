/* fold.c — the fold handle: picks the gentlest folding step that keeps within the budget
 * (fold.h explains the steps), then numbers the groups in drawing order for both views. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold_priv.h"

struct fold {
	int n;
	int ngroups;
	fold_group *groups;
	int *group_of;       /* process → group */
	int *members;        /* every group's members, group after group */
	int *children;       /* every group's child groups, group after group */
	ptv_fold_summary summary;
};

/* The budget search: scratch shared by the steps. */
typedef struct search {
	const fold_tree *t;
	int siblings;
	int *draw;           /* the exact fold of the step being tried */
	fold_part trial;
} search;

/* Groups left by the identical step starting at depth d (fills s->trial). */
static int search_identical(search *s, int d)
{
	if (fold_exact(s->t, s->siblings, d, s->draw) < 0)
		return -1;
	fold_part_exact(&s->trial, s->t, s->draw);
	return s->trial.ngroups;
}

/* Groups left by the alike step starting at depth d, over the identical fold from depth 0 (which
 * s->draw holds). */
static int search_alike(search *s, int d)
{
	if (fold_part_alike(&s->trial, s->t, s->draw, d) < 0)
		return -1;
	return s->trial.ngroups;
}

/* The deepest start in [0, maxdepth] at which step keeps within max, given that depth 0 does and
 * that starting deeper never leaves fewer groups. Leaves that partition in s->trial. */
static int search_depth(search *s, int (*step)(search *, int), int max)
{
	int lo = 0, hi = s->t->maxdepth + 1;

	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2, k = step(s, mid);
		if (k < 0)
			return -1;
		if (k <= max)
			lo = mid;
		else
			hi = mid;
	}
	return step(s, lo) < 0 ? -1 : lo;
}

/* Keep the trial partition as the best so far when it draws fewer groups: a step that cannot
 * keep within the budget is still taken when it helps, and never when it does not. */
static void fold_better(fold_part *best, const fold_part *trial, int n, ptv_fold_summary *sum,
                        ptv_fold_step step, int depth)
{
	if (trial->ngroups >= best->ngroups)
		return;
	fold_part_copy(best, trial, n);
	sum->nodes = best->ngroups;
	sum->step = step;
	sum->depth = depth;
}

/* Fold with the budget; the partition chosen ends up in best. */
static int fold_choose(const fold_tree *t, int siblings, int max, fold_part *best,
                       ptv_fold_summary *sum)
{
	search s = { .t = t, .siblings = siblings };
	fold_part all = { 0 };
	int *count = NULL, rc = -1, k, d, identical;

	s.draw = malloc(sizeof *s.draw * ((size_t)t->n + 1));
	if (!s.draw || fold_part_alloc(&s.trial, t->n) < 0)
		goto out;
	if (search_identical(&s, INT_MAX) < 0)
		goto out;
	fold_part_copy(best, &s.trial, t->n);
	sum->exact_nodes = sum->nodes = best->ngroups;
	sum->step = PTV_FOLD_EXACT;
	sum->depth = 0;
	if (siblings <= 0 || max <= 0 || best->ngroups <= max)
		goto done;
	/* Identical subtrees, however few: nothing is lost but the ids. */
	if ((k = search_identical(&s, 0)) < 0)
		goto out;
	if (k <= max) {
		if ((d = search_depth(&s, search_identical, max)) < 0)
			goto out;
		fold_better(best, &s.trial, t->n, sum, PTV_FOLD_IDENTICAL, d);
		goto done;
	}
	fold_better(best, &s.trial, t->n, sum, PTV_FOLD_IDENTICAL, 0);
	identical = k;
	/* Alike siblings merged, over the identical fold from the top (s.draw keeps it). */
	if ((k = search_alike(&s, 0)) < 0)
		goto out;
	if (k <= max) {
		if ((d = search_depth(&s, search_alike, max)) < 0)
			goto out;
		fold_better(best, &s.trial, t->n, sum, PTV_FOLD_ALIKE, d);
		goto done;
	}
	fold_better(best, &s.trial, t->n, sum, PTV_FOLD_ALIKE, 0);
	sum->above = k < identical ? PTV_FOLD_ALIKE :
	             identical < sum->exact_nodes ? PTV_FOLD_IDENTICAL : PTV_FOLD_EXACT;
	/* Whole subtrees summed up below the deepest level that fits; when none does, below the
	 * deepest of those that draw the fewest nodes (a root and its summary at least). */
	count = malloc(sizeof *count * ((size_t)t->maxdepth + 1));
	if (!count || fold_part_alloc(&all, t->n) < 0)
		goto out;
	fold_part_copy(&all, &s.trial, t->n);
	if (fold_part_cut_counts(&all, count, t->maxdepth) < 0)
		goto out;
	for (d = t->maxdepth; d > 0 && count[d] > max; d--)
		;
	if (count[d] > max)
		for (int x = t->maxdepth; x >= 0; x--)
			if (count[x] < count[d])
				d = x;
	if (fold_part_cut(&s.trial, &all, t, d) < 0)
		goto out;
	fold_better(best, &s.trial, t->n, sum, PTV_FOLD_DEPTH, d);
done:
	rc = 0;
out:
	free(count);
	free(s.draw);
	fold_part_release(&s.trial);
	fold_part_release(&all);
	return rc;
}

/* Number p's groups depth first in drawing order (the model's root first, children by their
 * first member) and lay them out in f. */
static int fold_finish(fold *f, const fold_part *p, const fold_tree *t)
{
	const ptv_model *m = t->m;
	int ng = p->ngroups, n = f->n, rc = -1;
	size_t g1 = (size_t)ng + 1;
	int *rep = malloc(sizeof *rep * g1), *size = calloc(g1, sizeof *size);
	int *cstart = calloc(g1 + 1, sizeof *cstart), *clist = malloc(sizeof *clist * g1);
	int *id = malloc(sizeof *id * g1), *stack = malloc(sizeof *stack * g1);
	int *mstart = calloc(g1 + 1, sizeof *mstart);

	f->groups = calloc(g1, sizeof *f->groups);
	f->group_of = malloc(sizeof *f->group_of * ((size_t)n + 1));
	f->members = malloc(sizeof *f->members * ((size_t)n + 1));
	f->children = malloc(sizeof *f->children * g1);
	if (!rep || !size || !cstart || !clist || !id || !stack || !mstart || !f->groups ||
	    !f->group_of || !f->members || !f->children)
		goto out;
	for (int g = 0; g < ng; g++)
		rep[g] = -1;
	for (int i = 0; i < n; i++) {
		if (rep[p->of[i]] < 0)
			rep[p->of[i]] = i;
		size[p->of[i]]++;
	}
	/* Child groups by their first member (processes are in creation order). */
	for (int g = 0; g < ng; g++)
		if (p->parent[g] >= 0)
			cstart[p->parent[g] + 1]++;
	for (int g = 0; g < ng; g++)
		cstart[g + 1] += cstart[g];
	memcpy(mstart, cstart, sizeof *mstart * g1);   /* scratch: fill positions */
	for (int i = 0; i < n; i++) {
		int g = p->of[i];
		if (rep[g] == i && p->parent[g] >= 0)
			clist[mstart[p->parent[g]]++] = g;
	}
	/* Roots: the model's root first, then by first member; pushed in reverse. */
	int top = 0, root = ptv_model_root(m), root_group = root >= 0 && root < n ? p->of[root] : -1;
	for (int i = n - 1; i >= 0; i--) {
		int g = p->of[i];
		if (rep[g] == i && p->parent[g] < 0 && g != root_group)
			stack[top++] = g;
	}
	if (root_group >= 0 && p->parent[root_group] < 0)
		stack[top++] = root_group;
	int next = 0;
	while (top > 0) {
		int g = stack[--top];
		id[g] = next++;
		for (int c = cstart[g + 1] - 1; c >= cstart[g]; c--)
			stack[top++] = clist[c];
	}
	if (next != ng)
		goto out;   /* not a forest: a bug in a step */
	f->ngroups = ng;
	/* Members of each group in index order, groups in drawing order. */
	memset(mstart, 0, sizeof *mstart * (g1 + 1));
	for (int i = 0; i < n; i++)
		mstart[id[p->of[i]] + 1]++;
	for (int g = 0; g < ng; g++)
		mstart[g + 1] += mstart[g];
	for (int g = 0; g < ng; g++) {
		fold_group *fg = &f->groups[id[g]];
		fg->kind = p->kind[g];
		fg->rep = rep[g];
		fg->parent = p->parent[g] >= 0 ? id[p->parent[g]] : -1;
		fg->depth = p->depth[g];
		fg->nmembers = size[g];
		fg->members = f->members + mstart[id[g]];
		fg->nchildren = cstart[g + 1] - cstart[g];
	}
	for (int i = 0; i < n; i++) {
		int g = id[p->of[i]];
		fold_group *fg = &f->groups[g];
		int d = t->depth[i] - fg->depth + 1;   /* a summary starts one level under its parent */
		f->group_of[i] = g;
		f->members[mstart[g]++] = i;
		fg->levels = fg->kind == FOLD_REST ? (d > fg->levels ? d : fg->levels) : 1;
	}
	/* Child lists in the new numbering, one slice per group in id order (stack is free now). */
	int *off = stack;
	for (int g = 0, at = 0; g < ng; g++) {
		off[g] = at;
		f->groups[g].children = f->children + at;
		at += f->groups[g].nchildren;
	}
	for (int g = 0; g < ng; g++)
		for (int c = cstart[g]; c < cstart[g + 1]; c++)
			f->children[off[id[g]] + c - cstart[g]] = id[clist[c]];
	rc = 0;
out:
	free(rep);
	free(size);
	free(cstart);
	free(clist);
	free(id);
	free(stack);
	free(mstart);
	return rc;
}

int fold_new(fold **out, const ptv_model *m, int siblings, int max_groups)
{
	fold_tree t = { 0 };
	fold_part best = { 0 };
	fold *f = calloc(1, sizeof *f);
	int rc = -1;

	*out = NULL;
	if (!f || fold_tree_init(&t, m) < 0 || fold_part_alloc(&best, t.n) < 0)
		goto out;
	f->n = t.n;
	f->summary.processes = t.n;
	f->summary.max_nodes = siblings > 0 && max_groups > 0 ? max_groups : 0;
	if (fold_choose(&t, siblings, f->summary.max_nodes, &best, &f->summary) < 0 ||
	    fold_finish(f, &best, &t) < 0)
		goto out;
	*out = f;
	f = NULL;
	rc = 0;
out:
	fold_part_release(&best);
	fold_tree_release(&t);
	fold_free(f);
	return rc;
}

void fold_free(fold *f)
{
	if (!f)
		return;
	free(f->groups);
	free(f->group_of);
	free(f->members);
	free(f->children);
	free(f);
}

int fold_ngroups(const fold *f)
{
	return f->ngroups;
}

const fold_group *fold_get(const fold *f, int g)
{
	return &f->groups[g];
}

int fold_group_of(const fold *f, int proc)
{
	return f->group_of[proc];
}

const ptv_fold_summary *fold_summary(const fold *f)
{
	return &f->summary;
}

void ptv_fold_describe(const ptv_fold_summary *s, char *buf, size_t len)
{
	char where[48] = "";
	/* Levels drawn in full: the steps start at depth d; the depth cut draws 0..d in full. */
	int full = s->step == PTV_FOLD_DEPTH ? s->depth + 1 : s->depth;

	if (full == 1)
		snprintf(where, sizeof where, " below the top level");
	else if (full > 1)
		snprintf(where, sizeof where, " below the top %d levels", full);
	switch (s->step) {
	case PTV_FOLD_EXACT:
		snprintf(buf, len, "%s", "");
		break;
	case PTV_FOLD_IDENTICAL:
		snprintf(buf, len, "identical sibling subtrees folded%s", where);
		break;
	case PTV_FOLD_ALIKE:
		snprintf(buf, len, "siblings with the same program and end merged%s", where);
		break;
	case PTV_FOLD_DEPTH:
		snprintf(buf, len, "%s%s each subtree summed up in one node",
		         s->above == PTV_FOLD_ALIKE ? "siblings with the same program and end merged, and" :
		         s->above == PTV_FOLD_IDENTICAL ? "identical sibling subtrees folded, and" : "",
		         s->above == PTV_FOLD_EXACT ? where + 1 : where);
		break;
	}
}
