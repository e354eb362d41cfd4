/* tree.h — private to the process-tree renderer (tree*.c): the state shared while one tree is
 * built. One drawn node may stand for many processes once identical siblings are folded. */
#ifndef PTVIZ_RENDER_TREE_H
#define PTVIZ_RENDER_TREE_H

#include <stdint.h>
#include "gv.h"
#include "ptviz/model.h"
#include "ptviz/render.h"

/* Zombie time worth showing on a node: below it the parent reaped as soon as it could. */
#define TREE_ZOMBIE_NOTABLE_NS 1000000

/* A zombie leak: it died while its parent lived on without reaping it. The model's `leaked` also
 * counts a child orphaned before it exited (a daemon's double fork), which no parent could reap. */
static inline bool tree_is_leak(const ptv_process *p)
{
	return p->leaked && !(p->orphaned && p->t_adopted >= 0 && p->t_adopted <= p->t_exit);
}

/* Drawn nodes beyond which dot is told to trade layout quality for time. */
#define TREE_BIG_NODES 1500

/* Badges and edge kinds present in the picture, for the legend. */
typedef enum tree_mark {
	TREE_MARK_LEAK,
	TREE_MARK_ZOMBIE,
	TREE_MARK_ADOPT,
	TREE_MARK_FOLD,
	TREE_MARK_SESSION,
	TREE_MARK_COUNT,
} tree_mark;

/* A process outside the trace drawn because it adopted an orphan (init, a subreaper, ptviz). */
typedef struct tree_outsider {
	pid_t pid;
	Agnode_t *node;
} tree_outsider;

typedef struct tree {
	const ptv_model *m;
	const ptv_render_opts *opts;
	const gv_theme *t;
	Agraph_t *g;
	int n;                    /* processes in the model */
	int *draw;                /* process → the process whose node draws it (itself unless folded) */
	int *count;               /* drawn process → how many processes its node stands for */
	int *folded;              /* drawn process → siblings folded into it (0 = not a fold node) */
	Agnode_t **node;          /* drawn process → its node; NULL for processes drawn elsewhere */
	tree_outsider *outsiders;
	int noutsiders;
	bool link_used[GV_LINK_COUNT];
	bool mark_used[TREE_MARK_COUNT];
	gv_buf a, b;              /* scratch buffers */
} tree;

/* tree_fold.c: fill draw/count/folded (opts->fold siblings at most stay apart). Returns 0/-1. */
int tree_fold(tree *tr);

/* tree_label.c */
/* How a process is named: "1234" or "P3" with stable ids. Returns a static-size buffer. */
const char *tree_proc_name(const tree *tr, int proc, char buf[static 24]);
/* Human duration: "850 µs", "12 ms", "1.5 s", "2 min 03 s". */
void tree_duration(gv_buf *b, int64_t ns);
/* Set the HTML label, tooltip and style of the node of drawn process proc. */
void tree_label_node(tree *tr, int proc);
/* Set the tooltip of drawn process proc; members are the processes its node stands for. */
void tree_label_tooltip(tree *tr, int proc, const int *members, int nmembers);

/* tree_ipc.c: pipe, FIFO, shared-memory and signal edges between drawn nodes. */
void tree_ipc_edges(tree *tr);

/* tree_legend.c: a legend cluster with only the kinds present (none when nothing needs it). */
void tree_legend(tree *tr);

#endif
