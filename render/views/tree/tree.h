/* tree.h — private to the process-tree renderer (tree*.c): the state shared while one tree is
 * built. One drawn node stands for one group of the fold (fold.h): a process, identical or
 * alike siblings, or a summary of a whole subtree. */
#ifndef PTVIZ_RENDER_TREE_H
#define PTVIZ_RENDER_TREE_H

#include <stdint.h>
#include <string.h>
#include "fold.h"
#include "gv.h"
#include "numbers.h"
#include "ptviz/describe.h"
#include "ptviz/model.h"
#include "ptviz/render.h"

/* Zombie time worth showing on a node. Under ptrace a parent that waits at once still leaves its
 * child a zombie for a few milliseconds (the tracer sees the exit first), so the bar is higher. */
#define TREE_ZOMBIE_NOTABLE_NS 20000000
#define TREE_ZOMBIE_NOTABLE_TEXT "20 ms"

/* Whether p stayed a zombie long enough to say so. The root is reaped by ptviz: not its story. */
static inline bool tree_zombie_notable(const ptv_process *p)
{
	bool by_tracer = p->reaped && p->reap_via == PTV_REAP_TRACER;
	return p->exited && !by_tracer && p->zombie_ns >= TREE_ZOMBIE_NOTABLE_NS;
}

/* Characters of the traced command in the title. */
#define TREE_TITLE_COMMAND 80

/* Drawn nodes beyond which dot is told to trade layout quality for time (only without a
 * budget, or with one above this). */
#define TREE_BIG_NODES 1500

/* Badges and edge kinds present in the picture, for the legend. */
typedef enum tree_mark {
	TREE_MARK_LEAK,
	TREE_MARK_ZOMBIE,
	TREE_MARK_ADOPT,
	TREE_MARK_FOLD,
	TREE_MARK_ALIKE,
	TREE_MARK_REST,
	TREE_MARK_PIPE_OBJ,      /* a pipe drawn as an object (--ipc objects) */
	TREE_MARK_FIFO_OBJ,
	TREE_MARK_REGION,
	TREE_MARK_DEAD_END,      /* a pipe with writers and no reader */
	TREE_MARK_COUNT,
} tree_mark;

/* A process outside the trace drawn because it adopted an orphan (init, a subreaper, ptviz). */
typedef struct tree_outsider {
	pid_t pid;
	Agnode_t *node;
} tree_outsider;

/* Lines of output listed beside the tree, and characters shown of each. */
#define TREE_OUTPUT_LINES 40
#define TREE_OUTPUT_CHARS 160
#define TREE_OUTPUT_WRAP 64

typedef struct tree_outlist tree_outlist;

typedef struct tree {
	const ptv_model *m;
	const ptv_render_opts *opts;
	const gv_theme *t;
	Agraph_t *g;
	int n;                    /* processes in the model */
	const fold *f;            /* which processes each node stands for */
	Agnode_t **node;          /* group → its node */
	tree_outsider *outsiders;
	int noutsiders, outsiders_cap;
	bool link_used[GV_LINK_COUNT];
	bool mark_used[TREE_MARK_COUNT];
	strbuf a, b;              /* scratch buffers */
	tree_outlist *out;        /* what the processes printed, numbered; NULL when nothing */
	numbers *nums;            /* --numbers: the events' order; NULL without */
} tree;

/* "③ " for process proc's event of kind k with --numbers, else nothing. */
static inline void tree_number(const tree *tr, strbuf *b, numbers_kind k, int proc, int exec)
{
	char num[NUMBERS_TEXT_MAX];
	int v = numbers_of(tr->nums, k, proc, exec);

	if (v > 0)
		strbuf_printf(b, "%s ", numbers_text(v, num));
}

/* The node drawing process proc. */
static inline Agnode_t *tree_node_of(const tree *tr, int proc)
{
	return tr->node[fold_group_of(tr->f, proc)];
}

/* How process proc is named (ptv_describe_name): "1234", or "P3" with stable ids. */
static inline const char *tree_proc_name(const tree *tr, int proc,
                                         char buf[static PTV_DESCRIBE_NAME_MAX])
{
	return ptv_describe_name(ptv_model_process(tr->m, proc), tr->opts->stable_ids, buf,
	                         PTV_DESCRIBE_NAME_MAX);
}

/* Append a duration (ptv_describe_duration). */
static inline void tree_duration(strbuf *b, int64_t ns)
{
	char dur[32];

	strbuf_puts(b, ptv_describe_duration(ns, dur, sizeof dur));
}

/* tree_label.c */
/* Set the HTML label, tooltip and style of the node of group g (not a summary). */
void tree_label_node(tree *tr, int g);

/* tree_summary.c: the label, tooltip and style of a summary node (FOLD_REST): how many
 * processes, which programs, how they ended, and the leaks among them, in red. */
void tree_summary_node(tree *tr, int g);

/* tree_ipc.c: pipe, FIFO, shared-memory and signal edges between drawn nodes; with objects
 * (tree_objects_wanted), only the signal edges. */
void tree_ipc_edges(tree *tr, bool objects);

/* tree_objects.c: whether pipes, FIFOs and regions are drawn as objects (--ipc, and the size
 * rule of --ipc auto); then drawing them, with the SIGPIPEs they raised. */
bool tree_objects_wanted(const tree *tr);
void tree_objects(tree *tr);

/* tree_output.c: the numbered lines the processes printed (NULL when none, or out of memory),
 * a process node's reference to its lines ("printed 1, 4"), and the list drawn beside the tree. */
tree_outlist *tree_outlist_new(const ptv_model *m);
void tree_outlist_free(tree_outlist *l);
void tree_output_refs(tree *tr, strbuf *b, const fold_group *fg);
void tree_output_list(tree *tr);

/* tree_legend.c: a legend cluster with only the kinds present (none when nothing needs it). */
void tree_legend(tree *tr);

#endif
