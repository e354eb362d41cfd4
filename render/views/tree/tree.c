/* tree.c — ptv_render_tree: one node per group of the fold (a process, folded siblings, or a
 * subtree summed up), parent → child edges in fork order, adoption edges for orphans, sessions
 * as clusters; then the IPC edges and the legend (tree_ipc.c, tree_legend.c) and the layout by
 * dot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"
#include "view.h"
#include "vec.h"

/* The session each process belongs to at the end of the log: its own after setsid, else the one
 * it inherited at fork (its parent's session at that time); 0 = the session ptviz started in.
 * Parents usually come before their children in the model, so one pass nearly always does. */
static void tree_sessions(const ptv_model *m, int n, pid_t *sess, bool *done)
{
	bool progress = true;

	for (int i = 0; i < n; i++)
		done[i] = false;
	while (progress) {
		progress = false;
		for (int i = 0; i < n; i++) {
			const ptv_process *p = ptv_model_process(m, i), *par;
			if (done[i])
				continue;
			if (p->parent < 0 || p->parent >= n || p->parent == i) {
				sess[i] = 0;
			} else if (done[p->parent]) {
				par = ptv_model_process(m, p->parent);
				bool after = par->sid != 0 && p->t_start >= par->t_setsid;
				sess[i] = after ? par->sid : sess[p->parent];
			} else {
				continue;
			}
			done[i] = progress = true;
		}
	}
	/* sess holds the inherited session; a process's own setsid overrides it. */
	for (int i = 0; i < n; i++) {
		const ptv_process *p = ptv_model_process(m, i);
		if (!done[i])
			sess[i] = 0;
		if (p->sid != 0)
			sess[i] = p->sid;
	}
}

/* The node of the process outside the trace with this pid (init, a subreaper, ptviz), named
 * comm when the tracer could read its name (NULL: unknown). */
static Agnode_t *tree_outsider_node(tree *tr, pid_t pid, const char *comm)
{
	const ptv_header *h = ptv_model_header(tr->m);
	tree_outsider *o;
	char name[32];
	Agnode_t *n;

	for (int i = 0; i < tr->noutsiders; i++)
		if (tr->outsiders[i].pid == pid)
			return tr->outsiders[i].node;
	if (vec_reserve((void **)&tr->outsiders, &tr->outsiders_cap, tr->noutsiders + 1,
	                sizeof *tr->outsiders) < 0)
		return NULL;
	o = tr->outsiders;
	snprintf(name, sizeof name, "outside_%d", (int)pid);
	n = agnode(tr->g, name, 1);
	if (h && pid == h->tracer_pid)
		gv_set(n, "label", ptv_tr("ptviz (subreaper)"));
	else if (pid == 1 && comm)
		gv_setf(n, "label", ptv_tr("%s (pid 1, init)"), comm);
	else if (pid == 1)
		gv_set(n, "label", ptv_tr("init (pid 1)"));
	else if (comm)
		gv_setf(n, "label", ptv_tr("%s (pid %d, subreaper)"), comm, (int)pid);
	else
		gv_setf(n, "label", ptv_tr("subreaper %d"), (int)pid);
	gv_set(n, "style", "rounded,dashed");
	gv_set(n, "fontcolor", tr->t->muted);
	gv_set(n, "color", tr->t->muted);
	gv_set(n, "tooltip", "outside the trace: adopts orphans");
	o[tr->noutsiders++] = (tree_outsider){ pid, n };
	return n;
}

/* Dashed edge from the adopter to an orphan (a group of alike orphans), keeping the birth edge. */
static void tree_adoption(tree *tr, int g)
{
	const ptv_process *p = ptv_model_process(tr->m, fold_get(tr->f, g)->rep);
	Agnode_t *from;
	Agedge_t *e;

	if (p->adopter >= 0)
		from = tree_node_of(tr, p->adopter);
	else
		from = tree_outsider_node(tr, p->adopter_pid, p->adopter_comm);
	if (!from)
		return;
	e = agedge(tr->g, from, tr->node[g], NULL, 1);
	gv_set(e, "style", "dashed");
	gv_set(e, "color", tr->t->orphan);
	gv_set(e, "fontcolor", tr->t->orphan);
	gv_set(e, "arrowhead", "odot");
	gv_set(e, "constraint", "false");
	gv_set(e, "tooltip", "adopted orphan");
	if (fold_get(tr->f, g)->nmembers == 1 && tr->nums) {
		strbuf_reset(&tr->b);
		tree_number(tr, &tr->b, NUMBERS_ADOPT, p->id, 0);
		strbuf_puts(&tr->b, ptv_tr("adopted"));
		gv_set(e, "label", strbuf_str(&tr->b));
	}
	tr->mark_used[TREE_MARK_ADOPT] = true;
}

/* "1st", "2nd", "3rd", "4th", "11th", "21st". */
static const char *tree_ordinal(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* The birth edge's label: which fork of its parent this was, and what the call returned on
 * each side ("2nd fork() = 11357 / in the child: 0"); for a fold, the range of forks. */
static void tree_birth_label(tree *tr, Agedge_t *e, const fold_group *fg)
{
	const ptv_process *p = ptv_model_process(tr->m, fg->rep);
	const ptv_process *par = ptv_model_process(tr->m, p->parent);
	const char *via = ptv_process_via(p);
	int k = 0, last = 0;
	strbuf *b = &tr->b;

	if (p->origin != PTV_ORIGIN_FORK || !par)
		return;
	for (int i = 0; i < par->nchildren; i++) {
		if (par->children[i] == fg->rep)
			k = i + 1;
		if (par->children[i] == fg->members[fg->nmembers - 1])
			last = i + 1;
	}
	strbuf_reset(b);
	if (fg->nmembers == 1)
		tree_number(tr, b, NUMBERS_FORK, fg->rep, 0);
	if (fg->nmembers > 1 && last - k + 1 == fg->nmembers)
		strbuf_printf(b, ptv_tr("forks %d–%d: %s()"), k, last, via);
	else if (fg->nmembers > 1 && last > k)
		strbuf_printf(b, ptv_tr("%d of forks %d–%d: %s()"), fg->nmembers, k, last, via);
	else if (fg->nmembers > 1)
		strbuf_printf(b, "%s()", via);   /* children of several parents: no one number */
	else if (k > 0)
		strbuf_printf(b, ptv_tr("%d%s %s() = %d\nin the child: 0"), k, tree_ordinal(k), via,
		              (int)p->pid);
	else
		strbuf_printf(b, ptv_tr("%s() = %d\nin the child: 0"), via, (int)p->pid);
	gv_set(e, "label", strbuf_str(b));
	gv_set(e, "fontcolor", tr->t->muted);
}

/* The parent → child edge, labelled with the fork's number and return values (or how the child
 * was made); thick where one node stands for more processes than its parent's. */
static void tree_birth(tree *tr, int g)
{
	const fold_group *fg = fold_get(tr->f, g);
	const ptv_process *p = ptv_model_process(tr->m, fg->rep);
	Agedge_t *e;

	if (fg->parent < 0)
		return;
	e = agedge(tr->g, tr->node[fg->parent], tr->node[g], NULL, 1);
	if (fg->kind != FOLD_REST && p->origin == PTV_ORIGIN_FORK) {
		tree_birth_label(tr, e, fg);
	} else if (fg->kind != FOLD_REST) {
		strbuf_reset(&tr->b);
		gv_text_label_clip(&tr->b, ptv_process_via(p), 16);
		gv_set(e, "label", strbuf_str(&tr->b));
	}
	if (fg->kind == FOLD_REST)
		gv_set(e, "style", "bold");
	else if (fg->nmembers > 1 && fg->nmembers != fold_get(tr->f, fg->parent)->nmembers)
		gv_setf(e, "penwidth", "%.1f", 2.2);
}

/* The graph's title: the traced command, how many processes, how long (or the user's --title,
 * or none), and what the budget folded, which is said whatever the title. */
static void tree_title(tree *tr)
{
	const ptv_fold_summary *fs = fold_summary(tr->f);
	const char *mine = tr->opts->title;
	strbuf *b = &tr->a;
	char how[160], title[512];

	strbuf_reset(b);
	if (!mine) {
		strbuf_puts(b, "ptviz: ");
		gv_text_label(b, ptv_describe_title(tr->m, TREE_TITLE_COMMAND, title, sizeof title));
	} else {
		gv_text_label(b, mine);
	}
	ptv_fold_describe(fs, how, sizeof how);
	if (how[0])
		strbuf_printf(b, ptv_tr("%sdrawn as %d nodes %s --max-nodes %d: %s (--max-nodes 0 draws "
		                        "them all)"), b->len ? "\\n" : "",
		              fs->nodes, ptv_tr(fs->nodes <= fs->max_nodes ? "to keep within" :
		              "(the fewest it can) for"), fs->max_nodes, how);
	if (b->len)
		gv_set(tr->g, "label", strbuf_str(b));
}

/* Graph-wide layout and default styles. */
static void tree_defaults(tree *tr, int drawn)
{
	Agraph_t *g = tr->g;
	double fs = tr->opts->font_size > 0 ? tr->opts->font_size : 11;

	gv_set(g, "rankdir", "TB");
	gv_set(g, "ordering", "out");
	gv_set(g, "nodesep", "0.3");
	gv_set(g, "ranksep", "0.55");
	gv_set(g, "pad", "0.3");
	gv_set(g, "labelloc", "t");
	gv_setf(g, "fontsize", "%.1f", fs * 1.3);
	gv_set(g, "outputorder", "edgesfirst");
	agattr(g, AGNODE, "shape", "box");
	agattr(g, AGNODE, "style", "rounded,filled");
	agattr(g, AGNODE, "penwidth", "1.2");
	agattr(g, AGNODE, "margin", "0.14,0.06");
	agattr(g, AGEDGE, "arrowsize", "0.7");
	agattr(g, AGEDGE, "penwidth", "1.2");
	/* Unfolded, a wide tree costs dot roughly cubic time in its x-coordinate pass (network
	 * simplex: 2,000 siblings 0.8 s, 4,000 5 s): bound its iterations and route straight lines
	 * once the picture is too big to read edge by edge anyway. */
	if (drawn > TREE_BIG_NODES) {
		gv_set(g, "nslimit", "0.05");
		gv_set(g, "nslimit1", "0.05");
		gv_set(g, "mclimit", "0.2");
		gv_set(g, "splines", "line");
	}
}

/* The session a group's node belongs in: its members', when they share one, else none. */
static pid_t tree_group_session(const tree *tr, const pid_t *sess, int g)
{
	const fold_group *fg = fold_get(tr->f, g);

	for (int k = 1; k < fg->nmembers; k++)
		if (sess[fg->members[k]] != sess[fg->rep])
			return 0;
	return sess[fg->rep];
}

/* Clusters for sessions created by setsid, then every node inside its session's. Nodes are
 * named after the first process they stand for ("n12"). */
static int tree_nodes(tree *tr)
{
	pid_t *sess = calloc((size_t)tr->n + 1, sizeof *sess);
	bool *done = calloc((size_t)tr->n + 1, sizeof *done);
	char name[48];
	int rc = -1;

	if (!sess || !done)
		goto out;
	tree_sessions(tr->m, tr->n, sess, done);
	for (int g = 0; g < fold_ngroups(tr->f); g++) {
		Agraph_t *parent = tr->g;
		pid_t sid = tree_group_session(tr, sess, g);
		if (sid != 0) {
			snprintf(name, sizeof name, "cluster_session_%d", (int)sid);
			parent = agsubg(tr->g, name, 0);
			if (!parent) {
				parent = agsubg(tr->g, name, 1);
				gv_setf(parent, "label", ptv_tr("session %d (setsid)"), (int)sid);
				for (int k = 0; k < tr->n; k++)
					if (ptv_model_process(tr->m, k)->pid == sid &&
					    ptv_model_process(tr->m, k)->sid == sid && tr->opts->stable_ids)
						gv_setf(parent, "label", ptv_tr("session of P%d (setsid)"), k);
				gv_set(parent, "style", "rounded,filled,dashed");
				gv_set(parent, "fillcolor", tr->t->cluster_fill);
				gv_set(parent, "color", tr->t->cluster_border);
				gv_set(parent, "fontcolor", tr->t->muted);
				gv_set(parent, "labeljust", "l");
				gv_setf(parent, "fontsize", "%.1f",
				        tr->opts->font_size > 0 ? tr->opts->font_size : 11);
			}
		}
		snprintf(name, sizeof name, "n%d", fold_get(tr->f, g)->rep);
		tr->node[g] = agnode(parent, name, 1);
		/* A stable SVG id, by process index, that the page's script finds. */
		gv_setf(tr->node[g], "id", "tree_p%d", fold_get(tr->f, g)->rep);
	}
	rc = 0;
out:
	free(sess);
	free(done);
	return rc;
}

/* The output list and the legend stacked in one column beside the tree, not side by side: a
 * slide has more room down than across. */
static void tree_side_column(tree *tr)
{
	Agnode_t *out = agnode(tr->g, "output", 0), *legend = agnode(tr->g, "legend", 0);

	if (out && legend) {
		Agedge_t *e = agedge(tr->g, out, legend, "side_column", 1);
		gv_set(e, "style", "invis");
	}
}

static void tree_progress(const ptv_render_opts *opts, const char *stage)
{
	if (opts->on_progress)
		opts->on_progress(opts->progress_ctx, stage);
}

int ptv_render_tree_view(const ptv_view *v, const char *path, const ptv_render_opts *opts_in,
                         char *err, size_t errlen)
{
	ptv_render_opts opts = view_opts(v, opts_in);
	const ptv_model *m = v->m;
	const fold *f = v->f;
	tree tr = { 0 };
	gv_ctx *ctx = NULL;
	int rc = -1;

	tr.m = m;
	tr.opts = &opts;
	tr.f = f;
	tr.n = ptv_model_nprocesses(m);
	if (!(tr.t = view_theme(path, &opts, err, errlen)))
		goto out;
	tr.node = calloc((size_t)fold_ngroups(f) + 1, sizeof *tr.node);
	if (!tr.node) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	tree_progress(&opts, "graph");
	tr.g = gv_graph_new("ptviz_tree", tr.t, opts.font, opts.font_size);
	if (!tr.g) {
		snprintf(err, errlen, "cannot create a graph");
		goto out;
	}
	tree_defaults(&tr, fold_ngroups(f));
	tree_title(&tr);
	tr.out = tree_outlist_new(m);
	if (opts.numbers && !(tr.nums = numbers_new(m))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (tree_nodes(&tr) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (int g = 0; g < fold_ngroups(f); g++) {
		if (fold_get(f, g)->kind == FOLD_REST)
			tree_summary_node(&tr, g);
		else
			tree_label_node(&tr, g);
		tree_birth(&tr, g);
	}
	for (int g = 0; g < fold_ngroups(f); g++) {
		const fold_group *fg = fold_get(f, g);
		if (fg->kind != FOLD_REST && ptv_model_process(m, fg->rep)->orphaned)
			tree_adoption(&tr, g);
	}
	bool objects = tree_objects_wanted(&tr);
	if (objects)
		tree_objects(&tr);
	tree_ipc_edges(&tr, objects);
	tree_output_list(&tr);
	tree_legend(&tr);
	tree_side_column(&tr);
	if (tr.a.oom || tr.b.oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (gv_ctx_new(&ctx, err, errlen) < 0)
		goto out;
	rc = view_render(v, ctx, tr.g, "dot", path, &opts, err, errlen);
out:
	if (tr.g)
		agclose(tr.g);
	gv_ctx_free(ctx);
	free(tr.node);
	free(tr.outsiders);
	tree_outlist_free(tr.out);
	numbers_free(tr.nums);
	strbuf_free(&tr.a);
	strbuf_free(&tr.b);
	return rc;
}

int ptv_render_tree(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                    char *err, size_t errlen)
{
	ptv_view *v = NULL;
	int rc = -1;

	/* Refuse a bad theme or output name before doing any work. */
	if (view_theme(path, opts, err, errlen) && ptv_view_new(&v, m, opts, err, errlen) == 0)
		rc = ptv_render_tree_view(v, path, opts, err, errlen);
	ptv_view_free(v);
	return rc;
}
