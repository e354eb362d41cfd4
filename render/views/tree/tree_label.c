/* tree_label.c — what a process node says: name, exec chain, how it ended, how long it lived,
 * zombie time and leaks, and a tooltip with the full story (argv, times, call-site stack). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tree.h"

/* Programs shown in a chain before it is shortened to "a → b → c → d → … → last". */
#define LABEL_MAX_CHAIN 5
/* Characters of argv shown on a node; the tooltip has all of it. */
#define LABEL_ARGV_CHARS 44
/* Pids listed in a fold node's tooltip. */
#define LABEL_FOLD_PIDS 24

/* The exec chain as HTML: "sh → ls" (ptv_describe_chain_steps), each program cut to 32
 * characters; with --numbers, "sh → ② ls" when every exec has its own step (the chain starts
 * with the forked program unless the first exec came at the fork's moment, as
 * describe_chain.c says). */
static void label_chain(tree *tr, strbuf *b, const ptv_process *p)
{
	const char *steps[LABEL_MAX_CHAIN + 1];
	int n = ptv_describe_chain_steps(tr->m, p, LABEL_MAX_CHAIN, steps);
	int inherits = p->nexecs == 0 || (p->origin == PTV_ORIGIN_FORK && p->execs[0].t > p->t_start);
	bool each = tr->nums && n == p->nexecs + inherits;
	strbuf num = STRBUF_INIT;

	for (int i = 0; i < n; i++) {
		if (i > 0)
			strbuf_puts(b, " → ");
		if (each && i >= inherits) {
			strbuf_reset(&num);
			tree_number(tr, &num, NUMBERS_EXEC, p->id, i - inherits);
			strbuf_puts(b, strbuf_str(&num));
		}
		gv_text_html_clip(b, steps[i], 32);
	}
	strbuf_free(&num);
}

/* argv of the last exec joined by spaces, as raw text for an escaper. */
static void label_argv(strbuf *b, const ptv_exec *e)
{
	for (int i = 0; i < e->argc; i++) {
		if (i > 0)
			strbuf_puts(b, " ");
		strbuf_puts(b, e->argv[i] ? e->argv[i] : "");
	}
}

/* How p ended (ptv_describe_status), as raw text; its colour in *color. */
static void label_status(tree *tr, strbuf *b, const ptv_process *p, const char **color)
{
	char st[96];

	strbuf_puts(b, ptv_describe_status(p, st, sizeof st));
	*color = gv_status_color(tr->t, ptv_describe_status_kind(p));
}

/* The zombie/reap line, or nothing when the parent reaped at once. most_ns is the longest zombie
 * time among the processes a fold stands for (-1: p alone). An orphaned zombie's split (how
 * long under its living parent, how long orphaned) goes to split, a line of its own, or after
 * the rest when split is NULL. Returns whether it wrote. */
static bool label_reap(tree *tr, strbuf *b, const ptv_process *p, int64_t most_ns, strbuf *split)
{
	bool other = p->reaped && p->reaper != p->parent &&
	             !(p->parent < 0 && p->reap_via == PTV_REAP_TRACER);
	bool notable = tree_zombie_notable(p);

	if (!p->exited || (!other && !notable && !p->leaked && p->reaped))
		return false;
	if (p->reaped && p->reap_via == PTV_REAP_AUTO) {
		strbuf_puts(b, ptv_tr("auto-reaped (SIGCHLD ignored)"));
		return true;
	}
	if (notable || p->leaked) {
		strbuf_puts(b, ptv_tr(most_ns >= 0 ? "zombie up to " : "zombie "));
		tree_duration(b, most_ns >= 0 ? most_ns : p->zombie_ns);
		strbuf_puts(b, p->reaped ? ptv_tr(", ") : ptv_tr(ptv_model_complete(tr->m) || p->leaked ?
		                                          " (never reaped)" : " (not reaped yet)"));
	}
	int64_t under, adopter;
	ptv_process_zombie_split(tr->m, p, &under, &adopter);
	if (p->reaped) {
		char who[64];
		strbuf_printf(b, ptv_tr("reaped by %s"), ptv_describe_reaper(tr->m, p, tr->opts->stable_ids, who,
		                                                      sizeof who));
		if (p->reap_via != PTV_REAP_INIT)
			strbuf_printf(b, " (%s)", ptv_reap_via_names[p->reap_via]);
	}
	/* An orphaned zombie: how long its parent left it, how long its adopter took. */
	if (!split) {
		split = b;
		if ((notable || p->leaked) && most_ns < 0 && adopter > 0)
			strbuf_puts(b, ": ");
	}
	if ((notable || p->leaked) && most_ns < 0 && adopter > 0 && under > 0) {
		char u[32], a[32];
		strbuf_printf(split, ptv_tr("parent alive %s · orphaned %s"),
		              ptv_describe_duration(under, u, sizeof u),
		              ptv_describe_duration(adopter, a, sizeof a));
	} else if ((notable || p->leaked) && most_ns < 0 && adopter > 0) {
		strbuf_puts(split, ptv_tr("all of it after its parent died"));   /* orphaned before it exited */
	}
	return true;
}

/* "main (fork_loop.c:34)" for a call-site frame (ptv_describe_frame), as raw text. */
static void label_frame(strbuf *b, const ptv_frame *f)
{
	char text[512];

	strbuf_puts(b, ptv_describe_frame(f, text, sizeof text));
}

static void label_row(strbuf *b, const char *color, double size, const char *html)
{
	if (!*html)
		return;   /* Graphviz rejects an empty <FONT></FONT> */
	strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">%s</FONT></TD></TR>",
	              color, size, html);
}

/* The tooltip: everything about the process, as an escString (lines joined by \n). */
static void label_tooltip(tree *tr, strbuf *b, const fold_group *fg)
{
	int proc = fg->rep, nmembers = fg->nmembers;
	const int *members = fg->members;
	const ptv_process *p = ptv_model_process(tr->m, proc);
	char name[24];
	strbuf *t = &tr->b;

	strbuf_reset(b);
	if (fg->kind == FOLD_ALIKE)
		strbuf_printf(b, "%d sibling processes that ran the same programs and ended the same "
		              "way; their subtrees differ, and their children are drawn together "
		              "below (to keep the picture within --max-nodes)\\n", nmembers);
	if (nmembers > 1) {
		strbuf_printf(b, "%d processes:", nmembers);
		for (int i = 0; i < nmembers && i < LABEL_FOLD_PIDS; i++)
			strbuf_printf(b, " %s", tree_proc_name(tr, members[i], name));
		strbuf_puts(b, nmembers > LABEL_FOLD_PIDS ? " …\\nfirst one:\\n" : "\\nfirst one:\\n");
	}
	strbuf_printf(b, "pid %d (P%d)", (int)p->pid, p->id);
	if (p->parent >= 0)
		strbuf_printf(b, ", child of %s", tree_proc_name(tr, p->parent, name));
	strbuf_printf(b, " via %s at ", ptv_process_via(p));
	tree_duration(b, p->t_start);
	for (int i = 0; i < p->nexecs; i++) {
		/* An attached process's first record is what it ran when ptviz found it. */
		bool found = p->attached && i == 0;
		strbuf_puts(b, found ? "\\nrunning " : "\\nexec ");
		gv_text_tooltip(b, p->execs[i].path ? p->execs[i].path : "?");
		strbuf_puts(b, found ? " when ptviz attached at " : " at ");
		tree_duration(b, p->execs[i].t);
		strbuf_puts(b, ":\\n    ");
		strbuf_reset(t);
		label_argv(t, &p->execs[i]);
		gv_text_tooltip_clip(b, strbuf_str(t), 2000);
		if (p->execs[i].privs_dropped) {
			char lost[96];
			strbuf_puts(b, "\\n    ");
			gv_text_tooltip(b, ptv_describe_privs_dropped(&p->execs[i], lost, sizeof lost));
		}
	}
	if (p->exited) {
		const char *color;
		strbuf_puts(b, "\\n");
		strbuf_reset(t);
		label_status(tr, t, p, &color);
		gv_text_tooltip(b, strbuf_str(t));
		strbuf_puts(b, " at ");
		tree_duration(b, p->t_exit);
		strbuf_puts(b, ", lived ");
		tree_duration(b, ptv_describe_lifetime(tr->m, p));
	}
	strbuf_reset(t);
	if (label_reap(tr, t, p, -1, NULL)) {
		strbuf_puts(b, "\\n");
		gv_text_tooltip(b, strbuf_str(t));
	}
	if (p->leaked)
		strbuf_puts(b, "\\nnever waited for by its parent: a zombie leak");
	if (p->orphaned) {
		char who[64];
		strbuf_puts(b, "\\norphaned at ");
		tree_duration(b, p->t_adopted);
		strbuf_puts(b, ", adopted by ");
		gv_text_tooltip(b, ptv_describe_adopter(tr->m, p, tr->opts->stable_ids, who, sizeof who));
	}
	if (p->fork_stack.nframes > 0) {
		strbuf_puts(b, "\\nforked at:");
		for (int i = 0; i < p->fork_stack.nframes; i++) {
			strbuf_puts(b, "\\n    ");
			strbuf_reset(t);
			label_frame(t, &p->fork_stack.frames[i]);
			gv_text_tooltip(b, strbuf_str(t));
		}
	}
}

/* First row: "1234  sh → ls" (or "×50  sh → true" for a fold); then the pids a fold covers, or
 * the argv of the last exec. */
static void label_head(tree *tr, strbuf *b, const fold_group *fg, double small)
{
	int proc = fg->rep, nmembers = fg->nmembers;
	const int *members = fg->members;
	const ptv_process *p = ptv_model_process(tr->m, proc);
	strbuf *t = &tr->b;
	char name[24], last[24];

	if (nmembers > 1)
		strbuf_printf(b, "<TR><TD><B>×%d</B>  ", nmembers);
	else
		strbuf_printf(b, "<TR><TD><B>%s</B>  ", tree_proc_name(tr, proc, name));
	label_chain(tr, b, p);
	strbuf_puts(b, "</TD></TR>");
	strbuf_reset(t);
	if (nmembers > 1) {
		strbuf_printf(t, "%s … %s", tree_proc_name(tr, members[0], name),
		              tree_proc_name(tr, members[nmembers - 1], last));
		if (fg->kind == FOLD_ALIKE && fg->nchildren > 0)
			strbuf_puts(t, ptv_tr(" · subtrees merged"));
		label_row(b, tr->t->muted, small, strbuf_str(t));
	} else if (p->nexecs > 0) {
		label_argv(t, &p->execs[p->nexecs - 1]);
		/* Graphviz rejects an empty <FONT></FONT> (an attached zombie has no argv). */
		if (t->len > 0) {
			strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">", tr->t->muted, small);
			gv_text_html_clip(b, strbuf_str(t), LABEL_ARGV_CHARS);
			strbuf_puts(b, "</FONT></TD></TR>");
		}
	}
}

/* "pid 11357 · ppid 11356 → 1" (with stable ids; "ppid ..." alone with pids), then the session
 * and group when the process changed them. */
static void label_ids(tree *tr, strbuf *b, const fold_group *fg, double small)
{
	const ptv_process *p = ptv_model_process(tr->m, fg->rep);
	const ptv_header *h = ptv_model_header(tr->m);
	strbuf *t = &tr->b;
	char who[64];

	if (fg->nmembers > 1)
		return;
	strbuf_reset(t);
	if (tr->opts->stable_ids)
		strbuf_printf(t, "pid %d · ", (int)p->pid);
	strbuf_printf(t, "ppid %d", (int)p->parent_pid);
	if (p->parent < 0 && h && p->parent_pid == h->tracer_pid)
		strbuf_puts(t, " (ptviz)");
	if (p->orphaned && p->adopter_pid != p->parent_pid)
		strbuf_printf(t, " → %d (%s)", (int)p->adopter_pid, p->adopter < 0 && p->adopter_comm ?
		              p->adopter_comm :
		              ptv_describe_adopter(tr->m, p, tr->opts->stable_ids, who, sizeof who));
	label_row(b, tr->t->muted, small, strbuf_str(t));
	if (p->sid == 0 && p->pgid == 0)
		return;
	strbuf_reset(t);
	/* setsid also makes the caller a group leader: no separate setpgid to tell of then. */
	if (p->sid != 0)
		strbuf_printf(t, "setsid(): sid %d, pgid %d", (int)p->sid,
		              (int)(p->pgid != 0 ? p->pgid : p->sid));
	else
		strbuf_printf(t, "setpgid(): pgid %d", (int)p->pgid);
	label_row(b, tr->t->orphan, small, strbuf_str(t));
}

/* "exit 0  1.2 ms": how it ended and how long it lived (a fold: the mean over its processes). */
static void label_end(tree *tr, strbuf *b, int proc, const int *members, int nmembers,
                      double small)
{
	const ptv_process *p = ptv_model_process(tr->m, proc);
	strbuf *t = &tr->b;
	const char *color;
	int64_t lived = 0;

	strbuf_reset(t);
	if (nmembers == 1)
		tree_number(tr, t, NUMBERS_EXIT, proc, 0);
	label_status(tr, t, p, &color);
	strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\"><B>", color);
	gv_text_html(b, strbuf_str(t));
	strbuf_puts(b, "</B></FONT>");
	strbuf_printf(b, "<FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">  ", tr->t->muted, small);
	for (int i = 0; i < nmembers; i++)
		lived += ptv_describe_lifetime(tr->m, ptv_model_process(tr->m, members[i]));
	if (nmembers > 1)
		strbuf_puts(b, ptv_tr("avg "));
	tree_duration(b, nmembers > 0 ? lived / nmembers : 0);
	strbuf_puts(b, "</FONT></TD></TR>");
}

/* Rows that appear only when they say something: threads, zombie time and reaper, orphan, leak
 * with the fork call site. */
static void label_notes(tree *tr, strbuf *b, const fold_group *fg, double small)
{
	const ptv_process *p = ptv_model_process(tr->m, fg->rep);
	const int *members = fg->members;
	int nmembers = fg->nmembers;
	const gv_theme *th = tr->t;
	strbuf *t = &tr->b, esc = STRBUF_INIT;

	if (p->threads > 0) {
		strbuf_reset(t);
		strbuf_printf(t, ptv_tr("+%d thread%s"), p->threads, p->threads == 1 ? "" : "s");
		label_row(b, th->muted, small, strbuf_str(t));
	}
	int64_t most = -1;
	for (int i = 0; nmembers > 1 && i < nmembers; i++) {
		const ptv_process *q = ptv_model_process(tr->m, members[i]);
		if (q->zombie_ns > most)
			most = q->zombie_ns;
	}
	strbuf_reset(t);
	if (nmembers == 1)
		tree_number(tr, t, NUMBERS_REAP, p->id, 0);
	size_t numbered = t->len;
	strbuf split = STRBUF_INIT;
	if (label_reap(tr, t, p, most, &split)) {
		const char *color = p->leaked ? th->leak : tree_zombie_notable(p) ? th->zombie : th->muted;
		gv_text_html(&esc, strbuf_str(t));
		label_row(b, color, small, strbuf_str(&esc));
		strbuf_reset(&esc);
		gv_text_html(&esc, strbuf_str(&split));
		label_row(b, color, small, strbuf_str(&esc));
	} else if (numbered > 0) {
		/* Reaped at once, which the node does not otherwise say: the number needs a place. */
		char who[64];
		strbuf_printf(t, ptv_tr("reaped by %s"), ptv_describe_reaper(tr->m, p,
		              tr->opts->stable_ids, who, sizeof who));
		if (p->reap_via != PTV_REAP_INIT)
			strbuf_printf(t, " (%s)", ptv_reap_via_names[p->reap_via]);
		gv_text_html(&esc, strbuf_str(t));
		label_row(b, th->muted, small, strbuf_str(&esc));
	}
	strbuf_free(&split);
	if (p->orphaned) {
		char who[64];
		strbuf_reset(t);
		strbuf_puts(t, ptv_tr("orphan, adopted by "));
		gv_text_html(t, ptv_describe_adopter(tr->m, p, tr->opts->stable_ids, who, sizeof who));
		label_row(b, th->orphan, small, strbuf_str(t));
	}
	strbuf_reset(t);
	tree_output_refs(tr, t, fg);
	label_row(b, th->text, small, strbuf_str(t));
	if (p->leaked) {
		const ptv_frame *f = ptv_stack_call_site(&p->fork_stack);
		strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\"><B>%s</B></FONT></TD></TR>", th->leak,
		              ptv_tr("LEAK: never waited for by its parent"));
		if (f) {
			strbuf_reset(t);
			label_frame(t, f);
			strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">%s",
			              th->leak, small, ptv_tr("forked at "));
			gv_text_html_clip(b, strbuf_str(t), 60);
			strbuf_puts(b, "</FONT></TD></TR>");
		}
	}
	strbuf_free(&esc);
}

/* Border and fill: leaks red and bold, late-reaped zombies dashed, folds as a stack (box3d). */
static void label_style(tree *tr, Agnode_t *n, const ptv_process *p, const fold_group *fg)
{
	const gv_theme *th = tr->t;

	if (p->leaked) {
		gv_set(n, "color", th->leak);
		gv_set(n, "fillcolor", th->leak_fill);
		gv_set(n, "style", th->leak_style);
		gv_set(n, "penwidth", "2.5");
		tr->mark_used[TREE_MARK_LEAK] = true;
	} else if (tree_zombie_notable(p)) {
		gv_set(n, "color", th->zombie);
		gv_set(n, "style", th->zombie_style);
		gv_set(n, "penwidth", "1.8");
		tr->mark_used[TREE_MARK_ZOMBIE] = true;
	}
	if (fg->nmembers > 1) {
		/* A stack of cards; box3d has no rounded corners, so keep only the other styles. */
		gv_set(n, "shape", "box3d");
		gv_set(n, "style", p->leaked ? "filled,bold"
		                   : tree_zombie_notable(p) ? "filled,dashed" : "filled");
		tr->mark_used[fg->kind == FOLD_ALIKE ? TREE_MARK_ALIKE : TREE_MARK_FOLD] = true;
	}
}

void tree_label_node(tree *tr, int g)
{
	const fold_group *fg = fold_get(tr->f, g);
	int proc = fg->rep, nmembers = fg->nmembers;
	const int *members = fg->members;
	const ptv_process *p = ptv_model_process(tr->m, proc);
	Agnode_t *n = tr->node[g];
	double small = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.85;
	strbuf *b = &tr->a;

	strbuf_reset(b);
	strbuf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
	label_head(tr, b, fg, small);
	label_ids(tr, b, fg, small);
	label_end(tr, b, proc, members, nmembers, small);
	label_notes(tr, b, fg, small);
	strbuf_puts(b, "</TABLE>");
	gv_set_html(n, "label", strbuf_str(b));
	label_tooltip(tr, b, fg);   /* b is free again; tr->b is its scratch */
	gv_set(n, "tooltip", strbuf_str(b));
	label_style(tr, n, p, fg);
}
