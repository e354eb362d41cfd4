/* tree.h — private to the process-tree renderer (tree*.c): the state shared while one tree is
 * built. One drawn node may stand for many processes once identical siblings are folded. */
#ifndef PTVIZ_RENDER_TREE_H
#define PTVIZ_RENDER_TREE_H

#include <stdint.h>
#include <string.h>
#include "gv.h"
#include "ptviz/model.h"
#include "ptviz/render.h"

/* Zombie time worth showing on a node. Under ptrace a parent that waits at once still leaves its
 * child a zombie for a few milliseconds (the tracer sees the exit first), so the bar is higher. */
#define TREE_ZOMBIE_NOTABLE_NS 20000000
#define TREE_ZOMBIE_NOTABLE_TEXT "20 ms"

/* Whether p stayed a zombie long enough to say so. The root is reaped by ptviz: not its story. */
static inline bool tree_zombie_notable(const ptv_process *p)
{
	bool by_tracer = p->reap_via && strcmp(p->reap_via, "tracer") == 0;
	return p->exited && !by_tracer && p->zombie_ns >= TREE_ZOMBIE_NOTABLE_NS;
}

/* Drawn nodes beyond which dot is told to trade layout quality for time. */
#define TREE_BIG_NODES 1500

/* Badges and edge kinds present in the picture, for the legend. */
typedef enum tree_mark {
	TREE_MARK_LEAK,
	TREE_MARK_ZOMBIE,
	TREE_MARK_ADOPT,
	TREE_MARK_FOLD,
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
	Agnode_t **node;          /* drawn process → its node; NULL for processes drawn elsewhere */
	tree_outsider *outsiders;
	int noutsiders;
	bool link_used[GV_LINK_COUNT];
	bool mark_used[TREE_MARK_COUNT];
	gv_buf a, b;              /* scratch buffers */
} tree;

/* tree_fold.c: fill draw and count (opts->fold siblings at most stay apart). Returns 0/-1. */
int tree_fold(tree *tr);

/* tree_label.c */
/* How a process is named: "1234" or "P3" with stable ids. Returns a static-size buffer. */
const char *tree_proc_name(const tree *tr, int proc, char buf[static 24]);
/* Human duration: "850 µs", "12 ms", "1.5 s", "2 min 03 s". */
void tree_duration(gv_buf *b, int64_t ns);
/* Set the HTML label, tooltip and style of the node of drawn process proc; members are the
 * processes it stands for (itself, or the folded ones), in index order. */
void tree_label_node(tree *tr, int proc, const int *members, int nmembers);

/* tree_ipc.c: pipe, FIFO, shared-memory and signal edges between drawn nodes. */
void tree_ipc_edges(tree *tr);

/* tree_legend.c: a legend cluster with only the kinds present (none when nothing needs it). */
void tree_legend(tree *tr);

#endif
