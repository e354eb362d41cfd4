/* fold_priv.h — private to fold*.c: the process tree as the folding steps see it, computed once
 * per fold handle, and a partition of the processes into groups that every step produces. */
#ifndef PTVIZ_RENDER_FOLD_PRIV_H
#define PTVIZ_RENDER_FOLD_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include "fold.h"

typedef struct fold_tree {
	const ptv_model *m;
	int n;
	int *order;          /* the views' order (ptv_model_tree_order): parents before children */
	int *up;             /* parent in the drawn tree: -1 for roots and for processes a damaged
	                      * log left unreachable (a cycle of parents) */
	int *depth;          /* roots 0 */
	int maxdepth;
	uint64_t *self;      /* hash of what fold_alike compares, children aside */
	uint64_t *shape;     /* hash of the whole subtree: self, children count, children's shapes */
} fold_tree;

/* Fill t from m. Returns 0 or -1 (out of memory; t is then released). */
int fold_tree_init(fold_tree *t, const ptv_model *m);
void fold_tree_release(fold_tree *t);

/* Whether a and b ran the same exec chain and ended the same way (and, with children, have as
 * many children): what makes siblings look alike on their own. */
bool fold_alike(const ptv_process *a, const ptv_process *b, bool children);

/* fold_exact.c: identical sibling subtrees. Fills draw (process → the process whose position
 * draws it, the first forked sibling's). Siblings at depth from_depth or deeper fold when at
 * least two are identical; shallower ones when more than `siblings` are. Returns 0 or -1. */
int fold_exact(const fold_tree *t, int siblings, int from_depth, int *draw);

/* A partition of the processes into groups, parents created before their children. */
typedef struct fold_part {
	int *of;             /* process → group */
	int *parent;         /* group → parent group, -1 for a root */
	int *depth;          /* group → depth */
	fold_kind *kind;     /* group → kind */
	int ngroups;
} fold_part;

/* fold_steps.c: the partitions of each step (a part has room for n groups, n processes). */
int fold_part_alloc(fold_part *p, int n);
void fold_part_release(fold_part *p);
/* Copy in into out (both for n processes). */
void fold_part_copy(fold_part *out, const fold_part *in, int n);
/* One group per unit of draw (fold_exact's result). */
void fold_part_exact(fold_part *p, const fold_tree *t, const int *draw);
/* Units of draw whose reps are alike merged among siblings at depth from_depth or deeper. */
int fold_part_alike(fold_part *p, const fold_tree *t, const int *draw, int from_depth);
/* Groups of `in` deeper than depth replaced by one summary group per group at that depth that
 * has children. Returns 0 or -1. */
int fold_part_cut(fold_part *p, const fold_part *in, const fold_tree *t, int depth);
/* The groups fold_part_cut would leave at depth: those at depth or above, plus one summary for
 * each group at depth that has children. Fills count[0..maxdepth] for every depth at once. */
int fold_part_cut_counts(const fold_part *in, int *count, int maxdepth);

#endif
