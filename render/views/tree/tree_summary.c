/* tree_summary.c — a summary node: a whole subtree the budget summed up in one node ("+6720
 * processes, 3 levels"). It must still tell everything a reader hunts for: which programs ran,
 * how they ended (signal deaths apart, in their colour), and how many were leaked, in red. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"

/* Kinds listed on the node before "+N more"; the tooltip lists more. */
#define SUMMARY_ROW_ITEMS 3
#define SUMMARY_TIP_ITEMS 12
/* Leaked pids listed in the tooltip. */
#define SUMMARY_TIP_PIDS 24

/* How many members share one name or one end. */
typedef struct tally {
	const char *name;     /* program, or signal name; borrowed from the model */
	int key;              /* exit code, signal number; or a kind below */
	int count;
	int rep;              /* a member with this name or end: it says it (ptviz/describe.h) */
} tally;

/* Ends that are neither an exit code nor a signal (exit codes are 0-255). */
enum { END_RUNNING = -1, END_DETACHED = -2, END_UNKNOWN = -3 };

static int tally_by_name(const void *pa, const void *pb)
{
	const tally *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c ? c : (a->key > b->key) - (a->key < b->key);
}

static int tally_by_count(const void *pa, const void *pb)
{
	const tally *a = pa, *b = pb;

	if (a->count != b->count)
		return b->count - a->count;
	return tally_by_name(pa, pb);
}

/* Merge equal (name, key) runs into counts, most frequent first. Returns the number left. */
static int tally_count(tally *v, int n)
{
	int k = 0;

	qsort(v, (size_t)n, sizeof *v, tally_by_name);
	for (int i = 0; i < n; i++) {
		if (k > 0 && v[k - 1].key == v[i].key && strcmp(v[k - 1].name, v[i].name) == 0)
			v[k - 1].count++;
		else
			v[k++] = (tally){ v[i].name, v[i].key, 1, v[i].rep };
	}
	qsort(v, (size_t)k, sizeof *v, tally_by_count);
	return k;
}

/* What a summary's members were and did. */
typedef struct summary {
	tally *programs, *exits, *signals;
	int nprograms, nexits, nsignals, killed;
	int leaked, zombies, orphans;
} summary;

static void summary_release(summary *s)
{
	free(s->programs);
	free(s->exits);
	free(s->signals);
}

/* The key of p's end among the tallies of exits. */
static int summary_end_key(const ptv_process *p)
{
	switch (ptv_describe_status_kind(p)) {
	case PTV_STATUS_EXIT_OK:
	case PTV_STATUS_EXIT_FAIL: return p->exit_code;
	case PTV_STATUS_DETACHED: return END_DETACHED;
	case PTV_STATUS_EXITED: return END_UNKNOWN;
	default: return END_RUNNING;
	}
}

static int summary_collect(summary *s, const ptv_model *m, const fold_group *fg)
{
	size_t k = (size_t)fg->nmembers + 1;

	memset(s, 0, sizeof *s);
	s->programs = malloc(sizeof *s->programs * k);
	s->exits = malloc(sizeof *s->exits * k);
	s->signals = malloc(sizeof *s->signals * k);
	if (!s->programs || !s->exits || !s->signals)
		return -1;
	for (int i = 0; i < fg->nmembers; i++) {
		int pi = fg->members[i];
		const ptv_process *p = ptv_model_process(m, pi);
		s->programs[s->nprograms++] = (tally){ ptv_describe_program(m, p), 0, 1, pi };
		if (ptv_describe_status_kind(p) == PTV_STATUS_KILLED)
			s->signals[s->nsignals++] = (tally){ p->signame ? p->signame : "", p->signo, 1, pi };
		else
			s->exits[s->nexits++] = (tally){ "", summary_end_key(p), 1, pi };
		s->leaked += p->leaked;
		s->zombies += !p->leaked && tree_zombie_notable(p);
		s->orphans += p->orphaned;
	}
	s->killed = s->nsignals;
	s->nprograms = tally_count(s->programs, s->nprograms);
	s->nexits = tally_count(s->exits, s->nexits);
	s->nsignals = tally_count(s->signals, s->nsignals);
	return 0;
}

/* "exit 0", "still running", "SIGKILL" for one tally of ends, as raw text: what its
 * representative's end is called. */
static void summary_end_name(const tree *tr, strbuf *b, const tally *t, bool signal)
{
	const ptv_process *p = ptv_model_process(tr->m, t->rep);
	char text[96];

	if (signal)
		strbuf_puts(b, ptv_describe_signal(p, text, sizeof text));
	else
		strbuf_puts(b, ptv_describe_status(p, text, sizeof text));
}

static const char *summary_end_color(const tree *tr, const tally *t)
{
	return gv_status_color(tr->t, ptv_describe_status_kind(ptv_model_process(tr->m, t->rep)));
}

/* "worker ×6700 · sh ×20 · 2 more" as HTML, each item in its own colour (NULL: the row's). */
static void summary_items(tree *tr, strbuf *b, const tally *v, int n, int max, bool programs,
                          bool signals)
{
	strbuf *t = &tr->b;

	for (int i = 0; i < n && i < max; i++) {
		strbuf_reset(t);
		if (programs)
			strbuf_puts(t, v[i].name);
		else
			summary_end_name(tr, t, &v[i], signals);
		if (i > 0)
			strbuf_puts(b, " · ");
		if (!programs && !signals)
			strbuf_printf(b, "<FONT COLOR=\"%s\">", summary_end_color(tr, &v[i]));
		gv_text_html_clip(b, strbuf_str(t), 24);
		strbuf_printf(b, " ×%d", v[i].count);
		if (!programs && !signals)
			strbuf_puts(b, "</FONT>");
	}
	if (n > max)
		strbuf_printf(b, " · %d more", n - max);
}

/* The same list for the tooltip ("exit 0 ×6650, exit 1 ×3"). */
static void summary_tip_items(tree *tr, strbuf *b, const tally *v, int n, bool programs,
                              bool signals)
{
	strbuf *t = &tr->b;

	for (int i = 0; i < n && i < SUMMARY_TIP_ITEMS; i++) {
		strbuf_reset(t);
		if (programs)
			strbuf_puts(t, v[i].name);
		else
			summary_end_name(tr, t, &v[i], signals);
		strbuf_puts(b, i > 0 ? ", " : "");
		gv_text_tooltip_clip(b, strbuf_str(t), 60);
		strbuf_printf(b, " ×%d", v[i].count);
	}
	if (n > SUMMARY_TIP_ITEMS)
		strbuf_printf(b, ", and %d more", n - SUMMARY_TIP_ITEMS);
}

static void summary_label(tree *tr, strbuf *b, const fold_group *fg, const summary *s)
{
	const gv_theme *th = tr->t;
	double small = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.85;

	strbuf_reset(b);
	strbuf_puts(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
	strbuf_printf(b, "<TR><TD><B>+%d process%s</B>  <FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">"
	              "%d level%s, summed up</FONT></TD></TR>", fg->nmembers,
	              fg->nmembers == 1 ? "" : "es", th->muted, small, fg->levels,
	              fg->levels == 1 ? "" : "s");
	strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\">", th->muted, small);
	summary_items(tr, b, s->programs, s->nprograms, SUMMARY_ROW_ITEMS, true, false);
	strbuf_puts(b, "</FONT></TD></TR>");
	if (s->nexits > 0) {
		strbuf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%.1f\">", small);
		summary_items(tr, b, s->exits, s->nexits, SUMMARY_ROW_ITEMS, false, false);
		strbuf_puts(b, "</FONT></TD></TR>");
	}
	if (s->killed > 0) {
		strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\"><B>killed ×%d</B>: ",
		              th->killed, small, s->killed);
		summary_items(tr, b, s->signals, s->nsignals, SUMMARY_ROW_ITEMS, false, true);
		strbuf_puts(b, "</FONT></TD></TR>");
	}
	if (s->leaked > 0)
		strbuf_printf(b, "<TR><TD><FONT COLOR=\"%s\"><B>LEAK: %d never waited for by their parent"
		              "</B></FONT></TD></TR>", th->leak, s->leaked);
	if (s->zombies > 0 || s->orphans > 0) {
		strbuf_printf(b, "<TR><TD><FONT POINT-SIZE=\"%.1f\">", small);
		if (s->zombies > 0)
			strbuf_printf(b, "<FONT COLOR=\"%s\">zombie " TREE_ZOMBIE_NOTABLE_TEXT
			              " or more ×%d</FONT>", th->zombie, s->zombies);
		if (s->orphans > 0)
			strbuf_printf(b, "%s<FONT COLOR=\"%s\">orphans ×%d</FONT>", s->zombies ? " · " : "",
			              th->orphan, s->orphans);
		strbuf_puts(b, "</FONT></TD></TR>");
	}
	strbuf_puts(b, "</TABLE>");
}

static void summary_tooltip(tree *tr, strbuf *b, const fold_group *fg, const summary *s)
{
	const fold_group *up = fold_get(tr->f, fg->parent);
	char name[24], last[24];

	strbuf_reset(b);
	strbuf_printf(b, "%d processes in %d level%s under ", fg->nmembers, fg->levels,
	              fg->levels == 1 ? "" : "s");
	if (up->nmembers > 1)
		strbuf_printf(b, "the ×%d node", up->nmembers);
	else
		strbuf_puts(b, tree_proc_name(tr, up->rep, name));
	strbuf_printf(b, ", summed up in one node to keep the picture within --max-nodes %d "
	              "(--max-nodes 0 draws every one)", fold_summary(tr->f)->max_nodes);
	strbuf_printf(b, "\\npids %s … %s", tree_proc_name(tr, fg->members[0], name),
	              tree_proc_name(tr, fg->members[fg->nmembers - 1], last));
	strbuf_puts(b, "\\nprograms: ");
	summary_tip_items(tr, b, s->programs, s->nprograms, true, false);
	strbuf_puts(b, "\\nends: ");
	summary_tip_items(tr, b, s->exits, s->nexits, false, false);
	if (s->killed > 0) {
		strbuf_printf(b, "\\nkilled ×%d: ", s->killed);
		summary_tip_items(tr, b, s->signals, s->nsignals, false, true);
	}
	if (s->leaked > 0) {
		int shown = 0;
		strbuf_printf(b, "\\nLEAK: %d never waited for by their parent:", s->leaked);
		for (int i = 0; i < fg->nmembers && shown < SUMMARY_TIP_PIDS; i++) {
			if (!ptv_model_process(tr->m, fg->members[i])->leaked)
				continue;
			strbuf_printf(b, " %s", tree_proc_name(tr, fg->members[i], name));
			shown++;
		}
		if (s->leaked > shown)
			strbuf_puts(b, " …");
		strbuf_puts(b, " (ptviz report lists them all)");
	}
}

void tree_summary_node(tree *tr, int g)
{
	const fold_group *fg = fold_get(tr->f, g);
	Agnode_t *n = tr->node[g];
	strbuf *b = &tr->a;
	summary s;

	if (summary_collect(&s, tr->m, fg) < 0) {
		tr->a.oom = true;   /* reported as out of memory by the caller */
		summary_release(&s);
		return;
	}
	summary_label(tr, b, fg, &s);
	gv_set_html(n, "label", strbuf_str(b));
	summary_tooltip(tr, b, fg, &s);
	gv_set(n, "tooltip", strbuf_str(b));
	/* A folder of processes; red and bold when leaks are inside, like a leaked process. */
	gv_set(n, "shape", "folder");
	if (s.leaked > 0) {
		gv_set(n, "color", tr->t->leak);
		gv_set(n, "fillcolor", tr->t->leak_fill);
		gv_set(n, "style", "filled,bold");
		gv_set(n, "penwidth", "2.5");
		tr->mark_used[TREE_MARK_LEAK] = true;
	} else {
		gv_set(n, "style", "filled");
	}
	tr->mark_used[TREE_MARK_REST] = true;
	summary_release(&s);
}
