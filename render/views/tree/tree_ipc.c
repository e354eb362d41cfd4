/* tree_ipc.c — who talks to whom: pipe and FIFO edges from writer to reader, shared mappings as
 * undirected dotted edges, signals from sender to receiver. None of them moves a node's rank
 * (constraint=false): the tree stays a tree and these are drawn across it. Edges between the same
 * two nodes with the same label are merged and counted ("×3"), which matters after folding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "tree.h"
#include "vec.h"

/* One edge to draw, before merging. */
typedef struct ipc_edge {
	gv_link kind;
	int from, to;          /* groups of the fold (nodes) */
	char label[96];
	char tip[160];
	int count;
} ipc_edge;

typedef struct ipc_set {
	ipc_edge *v;
	int n, cap;
	bool oom;
} ipc_set;

/* Add an edge, or count it again when an earlier IPC object (entries before `since`) drew the
 * same one; the same object drawing it twice (two holder records of one process) counts once.
 * The scan looks back a bounded way: repeats come from neighbouring objects, and folded logs
 * have few distinct edges. */
static void ipc_add(ipc_set *s, int since, gv_link kind, int from, int to, const char *label,
                    const char *tip)
{
	for (int i = s->n - 1; i >= 0 && i >= s->n - 64; i--) {
		ipc_edge *e = &s->v[i];
		if (e->kind == kind && e->from == from && e->to == to && strcmp(e->label, label) == 0) {
			e->count += i < since;
			return;
		}
	}
	if (vec_reserve((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v) < 0) {
		s->oom = true;
		return;
	}
	ipc_edge *e = &s->v[s->n++];
	e->kind = kind;
	e->from = from;
	e->to = to;
	snprintf(e->label, sizeof e->label, "%s", label);
	snprintf(e->tip, sizeof e->tip, "%s", tip);
	e->count = 1;
}

/* The program a holder was running while it held the end. */
static const char *ipc_program(const tree *tr, const ptv_holder *h)
{
	const ptv_process *p = ptv_model_process(tr->m, h->proc);

	if (h->exec_index >= 0 && h->exec_index < p->nexecs)
		return ptv_exec_name(&p->execs[h->exec_index]);
	return ptv_process_program(tr->m, p, h->from);
}

/* Writer → reader edges of one pipe or FIFO: its links (model.h), named after the programs that
 * held the ends. */
static void ipc_stream(tree *tr, ipc_set *s, const ptv_ipc *o)
{
	gv_link kind = o->kind == PTV_IPC_FIFO ? GV_LINK_FIFO : GV_LINK_PIPE;
	char label[96], tip[160], wn[24], rn[24];
	int since = s->n;

	for (int k = 0; k < o->nlinks; k++) {
		const ptv_ipc_link *lk = &o->links[k];
		const ptv_holder *w = &o->holders[lk->writer_holder], *r = &o->holders[lk->reader_holder];
		int from = fold_group_of(tr->f, lk->writer), to = fold_group_of(tr->f, lk->reader);
		if (from == to)
			continue;
		if (kind == GV_LINK_FIFO)
			snprintf(label, sizeof label, "%s", o->path ? o->path : "FIFO");
		else if (strcmp(ipc_program(tr, w), ipc_program(tr, r)) != 0)
			snprintf(label, sizeof label, "%s → %s", ipc_program(tr, w), ipc_program(tr, r));
		else
			label[0] = '\0';   /* fork_loop → fork_loop says nothing the nodes do not */
		snprintf(tip, sizeof tip, "%s %llu: %s → %s", kind == GV_LINK_FIFO ? "FIFO" : "pipe",
		         (unsigned long long)o->ino, tree_proc_name(tr, lk->writer, wn),
		         tree_proc_name(tr, lk->reader, rn));
		ipc_add(s, since, kind, from, to, label, tip);
	}
}

/* At most this many edges of one shared mapping are drawn (issue #18: 2,000 sharers made 2,000
 * cross edges that dot could not lay out in minutes); past it the edges drawn say how many
 * nodes shared it and how many of its edges are drawn. */
enum { IPC_SHARED_EDGES_MAX = 12 };

/* Undirected edges between the processes that share one mapping, from its creator (a star, not
 * every pair: n sharers give n-1 edges; at most IPC_SHARED_EDGES_MAX of them). */
static void ipc_shared(tree *tr, ipc_set *s, const ptv_ipc *o)
{
	char label[96], tip[160];
	int hub = -1, since = s->n, *to = NULL, nto = 0, cap = 0;
	bool written = false;
	hmap seen = { 0 };

	/* A mapping nobody can write is not a channel: glibc maps locale and gconv caches
	 * MAP_SHARED read-only in every process. */
	for (int i = 0; i < o->nholders; i++)
		written |= o->holders[i].write;
	if (!written)
		return;

	if (o->creator >= 0)
		hub = fold_group_of(tr->f, o->creator);
	for (int i = 0; i < o->nholders && hub < 0; i++)
		hub = fold_group_of(tr->f, o->holders[i].proc);
	if (hub < 0)
		return;
	if (o->path)
		snprintf(label, sizeof label, "%s", ptv_basename(o->path));
	else
		snprintf(label, sizeof label, "shared anon");
	snprintf(tip, sizeof tip, "shared mapping %s%s", o->path ? o->path : "anonymous, region ",
	         o->path ? "" : (o->region ? o->region : "?"));
	/* The distinct other nodes that share it, in holder order. */
	for (int i = 0; i < o->nholders; i++) {
		int g = fold_group_of(tr->f, o->holders[i].proc);
		if (g < 0 || g == hub || hmap_get(&seen, (uint64_t)g) >= 0)
			continue;
		if (hmap_put(&seen, (uint64_t)g, 1) < 0 ||
		    vec_reserve((void **)&to, &cap, nto + 1, sizeof *to) < 0) {
			s->oom = true;
			goto out;
		}
		to[nto++] = g;
	}
	bool cut = nto > IPC_SHARED_EDGES_MAX;
	if (cut) {
		size_t n = strlen(label);
		snprintf(label + n, sizeof label - n, " (%d nodes, %d drawn)", nto + 1,
		         IPC_SHARED_EDGES_MAX);
		n = strlen(tip);
		snprintf(tip + n, sizeof tip - n, ": shared by %d nodes of this picture; %d of its edges drawn",
		         nto + 1, IPC_SHARED_EDGES_MAX);
		nto = IPC_SHARED_EDGES_MAX;
	}
	for (int i = 0; i < nto; i++)   /* a cut star says so once, on its first edge */
		ipc_add(s, since, GV_LINK_SHM, hub, to[i], cut && i > 0 ? "" : label, tip);
out:
	free(to);
	hmap_free(&seen);
}

/* Sender → receiver edges. SIGCHLD is left out (every exit sends one; the tree shows exits), and
 * a kill() is drawn only when no delivery of it was recorded (ignored or blocked signals). */
static void ipc_signals(tree *tr, ipc_set *s)
{
	const ptv_model *m = tr->m;
	int n = ptv_model_nsignals(m);
	char tip[160], sn[24], rn[24];

	for (int i = 0; i < n; i++) {
		const ptv_signal *sg = ptv_model_signal(m, i);
		if (sg->sender < 0 || sg->receiver < 0 || sg->signo == 17 ||
		    (sg->name && strcmp(sg->name, "SIGCHLD") == 0))
			continue;
		if (sg->is_kill) {
			bool delivered = false;
			/* The delivery follows its kill closely in the log. */
			int lo = i > 16 ? i - 16 : 0, hi = i + 256 < n ? i + 256 : n;
			for (int j = lo; j < hi && !delivered; j++) {
				const ptv_signal *d = ptv_model_signal(m, j);
				delivered = !d->is_kill && d->sender == sg->sender &&
				            d->receiver == sg->receiver && d->signo == sg->signo;
			}
			if (delivered)
				continue;
		}
		int from = fold_group_of(tr->f, sg->sender), to = fold_group_of(tr->f, sg->receiver);
		if (from == to)
			continue;
		snprintf(tip, sizeof tip, "%s from %s to %s", sg->name ? sg->name : "signal",
		         tree_proc_name(tr, sg->sender, sn), tree_proc_name(tr, sg->receiver, rn));
		char label[32];
		if (sg->name)
			snprintf(label, sizeof label, "%s", sg->name);
		else
			snprintf(label, sizeof label, "signal %d", sg->signo);
		ipc_add(s, s->n, GV_LINK_SIGNAL, from, to, label, tip);   /* each one counts */
	}
}

/* The first colour of a colour list ("#00897b:invis:#00897b" → "#00897b"). */
static void ipc_first_color(char *out, size_t len, const char *list)
{
	size_t n = strcspn(list, ":");

	snprintf(out, len, "%.*s", (int)n, list);
}

static void ipc_draw(tree *tr, const ipc_edge *ie)
{
	const gv_edge_style *st = &tr->t->link[ie->kind];
	Agnode_t *a = tr->node[ie->from], *b = tr->node[ie->to];
	strbuf *buf = &tr->a;
	char color[32];
	Agedge_t *e;

	if (!a || !b)
		return;
	e = agedge(tr->g, a, b, NULL, 1);
	gv_set(e, "color", st->color);
	gv_set(e, "style", st->style);
	gv_set(e, "arrowhead", st->arrowhead);
	gv_set(e, "penwidth", st->penwidth);
	gv_set(e, "constraint", "false");
	if (ie->kind == GV_LINK_SHM)
		gv_set(e, "dir", "none");
	ipc_first_color(color, sizeof color, st->color);
	gv_set(e, "fontcolor", color);
	strbuf_reset(buf);
	gv_text_label_clip(buf, ie->label, 40);
	static const char *const plural[GV_LINK_COUNT] = { "pipes", "FIFOs", "mappings", "signals" };
	if (ie->count > 1 && buf->len)
		strbuf_printf(buf, " ×%d", ie->count);
	else if (ie->count > 1)
		strbuf_printf(buf, "%d %s", ie->count, plural[ie->kind]);
	/* xlabel, not label: dot 2.42 double-frees in gvFreeLayout when a flat edge (both ends on one
	 * rank) with a label skips over a node, and these edges are often flat (ps → grep). */
	if (buf->len)
		gv_set(e, "xlabel", strbuf_str(buf));
	strbuf_reset(buf);
	gv_text_tooltip(buf, ie->tip);
	gv_set(e, "tooltip", strbuf_str(buf));
	tr->link_used[ie->kind] = true;
}

void tree_ipc_edges(tree *tr)
{
	ipc_set s = { 0 };
	int n = ptv_model_nipc(tr->m);
	size_t widest = 0;

	for (int i = 0; i < n; i++) {
		const ptv_ipc *o = ptv_model_ipc(tr->m, i);
		if (o->kind == PTV_IPC_SHM)
			ipc_shared(tr, &s, o);
		else
			ipc_stream(tr, &s, o);
	}
	ipc_signals(tr, &s);
	for (int i = 0; i < s.n; i++) {
		ipc_draw(tr, &s.v[i]);
		size_t len = strlen(s.v[i].label);
		if (len > widest)
			widest = len > 40 ? 40 : len;
	}
	/* Labels of edges between siblings sit between them: make room (about 0.5 em a character
	 * at the edge font size, in inches). */
	if (widest > 0) {
		double fs = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.85;
		double sep = (double)widest * fs * 0.55 / 72 + 0.25;
		gv_setf(tr->g, "nodesep", "%.2f", sep < 0.3 ? 0.3 : sep > 2.0 ? 2.0 : sep);
	}
	if (s.oom)
		tr->a.oom = true;   /* reported as out of memory by the caller */
	free(s.v);
}
