/* tree_label.c — what a process node says: name, exec chain, how it ended, how long it lived,
 * zombie time and leaks, and a tooltip with the full story (argv, times, call-site stack). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tree.h"

/* Execs shown in a chain before it is shortened to "first → … → last". */
#define LABEL_MAX_CHAIN 4
/* Characters of argv shown on a node; the tooltip has all of it. */
#define LABEL_ARGV_CHARS 44
/* Pids listed in a fold node's tooltip. */
#define LABEL_FOLD_PIDS 24

const char *tree_proc_name(const tree *tr, int proc, char buf[static 24])
{
	const ptv_process *p = ptv_model_process(tr->m, proc);

	if (tr->opts->stable_ids)
		snprintf(buf, 24, "P%d", p->id);
	else
		snprintf(buf, 24, "%d", (int)p->pid);
	return buf;
}

void tree_duration(strbuf *b, int64_t ns)
{
	if (ns < 0)
		ns = 0;
	if (ns < 1000)
		strbuf_printf(b, "%" PRId64 " ns", ns);
	else if (ns < 1000000)
		strbuf_printf(b, "%.3g µs", (double)ns / 1e3);
	else if (ns < 1000000000)
		strbuf_printf(b, "%.3g ms", (double)ns / 1e6);
	else if (ns < 60 * 1000000000LL)
		strbuf_printf(b, "%.3g s", (double)ns / 1e9);
	else
		strbuf_printf(b, "%" PRId64 " min %02" PRId64 " s", ns / (int64_t)60000000000,
		              (ns / (int64_t)1000000000) % 60);
}

static const char *label_base(const char *path)
{
	const char *s;

	if (!path || !*path)
		return NULL;
	s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* The exec chain as HTML: "sh → ls"; a forked child that never exec'd shows its program. */
static void label_chain(tree *tr, strbuf *b, const ptv_process *p)
{
	const char *names[LABEL_MAX_CHAIN + 2];
	int k = 0;
	bool inherited = p->parent >= 0;

	if (inherited || p->nexecs == 0)
		names[k++] = inherited ? ptv_process_program(tr->m, ptv_model_process(tr->m, p->parent),
		                                             p->t_start)
		                       : ptv_process_program(tr->m, p, p->t_start);
	for (int i = 0; i < p->nexecs; i++) {
		const char *n = ptv_exec_name(&p->execs[i]);
		bool last = i == p->nexecs - 1;
		if (k > 0 && strcmp(names[k - 1], n) == 0 && !last)
			continue;
		if (k == LABEL_MAX_CHAIN && !last)
			continue;
		if (k == LABEL_MAX_CHAIN)
			names[k++] = "…";
		names[k++] = n;
	}
	for (int i = 0; i < k; i++) {
		if (i > 0)
			strbuf_puts(b, " → ");
		gv_text_html_clip(b, names[i], 32);
	}
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

/* "exit 0", "killed: SIGPIPE", "still running"; its colour in *color. */
static void label_status(tree *tr, strbuf *b, const ptv_process *p, const char **color)
{
	*color = tr->t->text;
	if (p->exited && p->signaled) {
		strbuf_puts(b, "killed: ");
		if (p->signame)
			gv_text_html(b, p->signame);
		else
			strbuf_printf(b, "signal %d", p->signo);
		if (p->core)
			strbuf_puts(b, " (core dumped)");
		*color = tr->t->killed;
	} else if (p->exited) {
		strbuf_printf(b, "exit %d", p->exit_code);
		*color = p->exit_code == 0 ? tr->t->exit_ok : tr->t->exit_fail;
	} else if (p->detached) {
		strbuf_puts(b, "detached");
	} else {
		strbuf_puts(b, "still running");
		*color = tr->t->running;
	}
}

/* Who reaped p, as a name: "init", "ptviz", "1234". */
static void label_reaper(tree *tr, strbuf *b, const ptv_process *p)
{
	char name[24];
	const ptv_header *h = ptv_model_header(tr->m);

	if (p->reaper >= 0)
		strbuf_puts(b, tree_proc_name(tr, p->reaper, name));
	else if (p->reaper_pid == 1 || (p->reap_via == PTV_REAP_INIT && p->reaper_pid <= 1))
		strbuf_puts(b, "init");
	else if (h && p->reaper_pid == h->tracer_pid)
		strbuf_puts(b, "ptviz");
	else
		strbuf_printf(b, "%d", (int)p->reaper_pid);
}

/* The zombie/reap line, or nothing when the parent reaped at once. most_ns is the longest zombie
 * time among the processes a fold stands for (-1: p alone). Returns whether it wrote. */
static bool label_reap(tree *tr, strbuf *b, const ptv_process *p, int64_t most_ns)
{
	bool other = p->reaped && p->reaper != p->parent &&
	             !(p->parent < 0 && p->reap_via == PTV_REAP_TRACER);
	bool notable = tree_zombie_notable(p);

	if (!p->exited || (!other && !notable && !p->leaked && p->reaped))
		return false;
	if (p->reaped && p->reap_via == PTV_REAP_AUTO) {
		strbuf_puts(b, "auto-reaped (SIGCHLD ignored)");
		return true;
	}
	if (notable || p->leaked) {
		strbuf_puts(b, most_ns >= 0 ? "zombie up to " : "zombie ");
		tree_duration(b, most_ns >= 0 ? most_ns : p->zombie_ns);
		strbuf_puts(b, p->reaped ? ", " : " (never reaped)");
	}
	if (p->reaped) {
		strbuf_puts(b, "reaped by ");
		label_reaper(tr, b, p);
		if (p->reap_via != PTV_REAP_INIT)
			strbuf_printf(b, " (%s)", ptv_reap_via_names[p->reap_via]);
	}
	return true;
}

/* "main (fork_loop.c:34)" for a call-site frame, as raw text. */
static void label_frame(strbuf *b, const ptv_frame *f)
{
	if (f->fn)
		strbuf_puts(b, f->fn);
	else
		strbuf_printf(b, "%s+0x%" PRIx64, f->obj ? label_base(f->obj) : "?", f->off);
	if (f->file && f->line > 0)
		strbuf_printf(b, " (%s:%d)", label_base(f->file), f->line);
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
		strbuf_puts(b, "\\nexec ");
		gv_text_tooltip(b, p->execs[i].path ? p->execs[i].path : "?");
		strbuf_puts(b, " at ");
		tree_duration(b, p->execs[i].t);
		strbuf_puts(b, ":\\n    ");
		strbuf_reset(t);
		label_argv(t, &p->execs[i]);
		gv_text_tooltip_clip(b, strbuf_str(t), 2000);
	}
	if (p->exited) {
		const char *color;
		strbuf_puts(b, "\\n");
		strbuf_reset(t);
		label_status(tr, t, p, &color);
		strbuf_puts(b, strbuf_str(t));   /* signal names are plain words */
		strbuf_puts(b, " at ");
		tree_duration(b, p->t_exit);
		strbuf_puts(b, ", lived ");
		tree_duration(b, p->t_exit - p->t_start);
	}
	strbuf_reset(t);
	if (label_reap(tr, t, p, -1)) {
		strbuf_puts(b, "\\n");
		gv_text_tooltip(b, strbuf_str(t));
	}
	if (p->leaked)
		strbuf_puts(b, "\\nnever reaped by its parent: a zombie leak");
	if (p->orphaned) {
		strbuf_puts(b, "\\norphaned at ");
		tree_duration(b, p->t_adopted);
		if (p->adopter >= 0)
			strbuf_printf(b, ", adopted by %s", tree_proc_name(tr, p->adopter, name));
		else
			strbuf_printf(b, ", adopted by %s%d", p->adopter_pid == 1 ? "init, pid " : "",
			              (int)p->adopter_pid);
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
			strbuf_puts(t, " · subtrees merged");
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

/* "exit 0  1.2 ms": how it ended and how long it lived (a fold: the mean over its processes). */
static void label_end(tree *tr, strbuf *b, int proc, const int *members, int nmembers,
                      double small)
{
	const ptv_process *p = ptv_model_process(tr->m, proc);
	strbuf *t = &tr->b;
	const char *color;
	int64_t lived = 0;

	strbuf_reset(t);
	label_status(tr, t, p, &color);
	strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\"><B>%s</B></FONT>", color, strbuf_str(t));
	strbuf_printf(b, "<FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">  ", tr->t->muted, small);
	for (int i = 0; i < nmembers; i++) {
		const ptv_process *q = ptv_model_process(tr->m, members[i]);
		lived += (q->exited ? q->t_exit : ptv_model_end(tr->m)) - q->t_start;
	}
	if (nmembers > 1)
		strbuf_puts(b, "avg ");
	tree_duration(b, nmembers > 0 ? lived / nmembers : 0);
	strbuf_puts(b, "</FONT></TD></TR>");
}

/* Rows that appear only when they say something: threads, zombie time and reaper, orphan, leak
 * with the fork call site. */
static void label_notes(tree *tr, strbuf *b, const ptv_process *p, const int *members,
                        int nmembers, double small)
{
	const gv_theme *th = tr->t;
	strbuf *t = &tr->b, esc = STRBUF_INIT;
	char name[24];

	if (p->threads > 0) {
		strbuf_reset(t);
		strbuf_printf(t, "+%d thread%s", p->threads, p->threads == 1 ? "" : "s");
		label_row(b, th->muted, small, strbuf_str(t));
	}
	int64_t most = -1;
	for (int i = 0; nmembers > 1 && i < nmembers; i++) {
		const ptv_process *q = ptv_model_process(tr->m, members[i]);
		if (q->zombie_ns > most)
			most = q->zombie_ns;
	}
	strbuf_reset(t);
	if (label_reap(tr, t, p, most)) {
		gv_text_html(&esc, strbuf_str(t));
		label_row(b, p->leaked ? th->leak
		             : tree_zombie_notable(p) ? th->zombie : th->muted,
		          small, strbuf_str(&esc));
	}
	if (p->orphaned) {
		strbuf_reset(t);
		strbuf_puts(t, "orphan, adopted by ");
		if (p->adopter >= 0)
			strbuf_puts(t, tree_proc_name(tr, p->adopter, name));
		else if (p->adopter_pid == 1)
			strbuf_puts(t, "init");
		else
			strbuf_printf(t, "%d", (int)p->adopter_pid);
		label_row(b, th->orphan, small, strbuf_str(t));
	}
	if (p->leaked) {
		const ptv_frame *f = ptv_stack_call_site(&p->fork_stack);
		strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\"><B>LEAK: never reaped by its parent</B>"
		              "</FONT></TD></TR>", th->leak);
		if (f) {
			strbuf_reset(t);
			label_frame(t, f);
			strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">forked at ",
			              th->leak, small);
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
	label_end(tr, b, proc, members, nmembers, small);
	label_notes(tr, b, p, members, nmembers, small);
	strbuf_puts(b, "</TABLE>");
	gv_set_html(n, "label", strbuf_str(b));
	label_tooltip(tr, b, fg);   /* b is free again; tr->b is its scratch */
	gv_set(n, "tooltip", strbuf_str(b));
	label_style(tr, n, p, fg);
}
