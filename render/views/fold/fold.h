/* fold.h — private to the renderers: which processes each drawn node (tree) or lane (timeline)
 * stands for. Both views fold through one handle built from the same options, so they always
 * draw the same groups in the same order.
 *
 * Folding goes in steps, each used only when the one before leaves more than max_groups groups:
 *
 *   exact      siblings with identical subtrees (same programs, same ends, same shape), more
 *              than `siblings` of them, are one group per position (--fold N);
 *   identical  the same, however few the siblings, from some depth of the tree down;
 *   alike      siblings with the same exec chain and end are one group even when their
 *              subtrees differ; their children are then grouped together, from some depth down;
 *   depth      below some depth, all descendants of a group are one summary group.
 *
 * Every step but the first picks the deepest start that fits, so the top of the tree keeps as
 * much detail as the budget allows. Every process is in exactly one group.
 */
#ifndef PTVIZ_RENDER_FOLD_H
#define PTVIZ_RENDER_FOLD_H

#include <stdbool.h>
#include "ptviz/model.h"
#include "ptviz/render.h"

typedef struct fold fold;

typedef enum fold_kind {
	FOLD_ONE,     /* one process */
	FOLD_SAME,    /* processes at one position of identical sibling subtrees */
	FOLD_ALIKE,   /* siblings with the same exec chain and end, whose subtrees differ */
	FOLD_REST,    /* every descendant of the parent group, summarised (the depth step) */
} fold_kind;

typedef struct fold_group {
	fold_kind kind;
	int rep;              /* first member (lowest index): its label speaks for the group */
	int parent;           /* parent group, -1 for a root */
	int depth;            /* in the drawn tree, roots 0 */
	int levels;           /* levels of the process tree its members span (1 unless FOLD_REST) */
	int nmembers;
	const int *members;   /* process indices in index order; members[0] == rep */
	int nchildren;
	const int *children;  /* child groups in drawing order (by rep) */
} fold_group;

/* Fold m: identical siblings fold when more than `siblings` are alike (0 = never fold, and
 * then no budget either); max_groups > 0 is the budget for the steps after the exact one.
 * Groups are numbered in drawing order: depth first from the root(s), children by rep.
 * Returns 0, or -1 when out of memory. */
int fold_new(fold **out, const ptv_model *m, int siblings, int max_groups);
void fold_free(fold *f);

int fold_ngroups(const fold *f);
/* Group g (lent; lives as long as f). */
const fold_group *fold_get(const fold *f, int g);
/* The group that draws process proc. */
int fold_group_of(const fold *f, int proc);
/* What the budget did (lent). */
const ptv_fold_summary *fold_summary(const fold *f);

#endif
