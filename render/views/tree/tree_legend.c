/* tree_legend.c — a compact legend beside the tree: one row per kind of edge and badge present
 * in this picture. It is a single HTML-table node (a cluster of sample edges would stretch over
 * the tree's ranks); the edge rows are the shared legend's (gv_legend.c), the badge rows the
 * tree's own. */
#include <stdio.h>

#include "tree.h"

/* Whether any parent → child edge is drawn. */
static bool legend_has_birth(const tree *tr)
{
	for (int g = 0; g < fold_ngroups(tr->f); g++)
		if (fold_get(tr->f, g)->parent >= 0)
			return true;
	return false;
}

/* The edge kinds this tree drew, as the shared legend's keys (gv_legend.c). */
static void legend_edges(const tree *tr, gv_legend *l)
{
	if (legend_has_birth(tr))
		gv_legend_use(l, GV_KEY_FORK);
	for (int k = 0; k < GV_LINK_COUNT; k++)
		if (tr->link_used[k])
			gv_legend_use(l, gv_key_of_link((gv_link)k));
	if (tr->mark_used[TREE_MARK_ADOPT])
		gv_legend_use(l, GV_KEY_ADOPT);
}

/* A badge row: a small framed sample (markup), then the words (escaped here). */
static void legend_badge_row(strbuf *b, const char *cell_attrs, const char *sample,
                             const char *text, const char *text_color)
{
	strbuf_printf(b, "<TR><TD %s>%s</TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">", cell_attrs,
	              sample, text_color);
	gv_text_html(b, ptv_tr(text));
	strbuf_puts(b, "</FONT></TD></TR>");
}

void tree_legend(tree *tr)
{
	const gv_theme *th = tr->t;
	strbuf *b = &tr->a, *t = &tr->b;
	double fs = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.85;
	gv_legend used = { 0 };
	char attrs[160];
	Agnode_t *n;
	int rows = 0;

	strbuf_reset(b);
	gv_legend_table_open(b, th);
	legend_edges(tr, &used);
	rows += gv_legend_rows_html(b, &used, th, fs);
	if (tr->mark_used[TREE_MARK_PIPE_OBJ] || tr->mark_used[TREE_MARK_FIFO_OBJ]) {
		snprintf(attrs, sizeof attrs, "BORDER=\"1\" COLOR=\"%s\"", th->node_border);
		strbuf_reset(t);
		strbuf_printf(t, "<FONT COLOR=\"%s\">%s</FONT>", th->text, ptv_tr("write│read"));
		legend_badge_row(b, attrs, strbuf_str(t), tr->mark_used[TREE_MARK_PIPE_OBJ] ?
		                 (tr->mark_used[TREE_MARK_FIFO_OBJ] ?
		                  "pipe, FIFO: process ─▶ write end, read end ─▶ process; the fds each held" :
		                  "pipe: process ─▶ write end, read end ─▶ process; the fds each held") :
		                 "FIFO: process ─▶ write end, read end ─▶ process; the fds each held", th->text);
		strbuf_reset(t);
		strbuf_printf(t, "<FONT COLOR=\"%s\">╌╌╌╌▷</FONT>", th->muted);
		legend_badge_row(b, "BORDER=\"0\"", strbuf_str(t),
		                 "an end it closed early (before exiting, not held into an exec)", th->text);
		rows += 2;
	}
	if (tr->mark_used[TREE_MARK_DEAD_END]) {
		snprintf(attrs, sizeof attrs, "BORDER=\"1\" STYLE=\"DASHED\" COLOR=\"%s\"", th->leak);
		strbuf_reset(t);
		strbuf_printf(t, "<FONT COLOR=\"%s\"><B>", th->leak);
		gv_text_html(t, ptv_tr("✕ no reader"));
		strbuf_puts(t, "</B></FONT>");
		legend_badge_row(b, attrs, strbuf_str(t), "dead end: writers left, every read end closed "
		                 "(a write raises SIGPIPE)", th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_REGION]) {
		snprintf(attrs, sizeof attrs, "BORDER=\"1\" COLOR=\"%s\"", th->node_border);
		strbuf_reset(t);
		strbuf_printf(t, "<FONT COLOR=\"%s\">", th->text);
		gv_text_html(t, ptv_tr("shared region"));
		strbuf_puts(t, "</FONT>");
		legend_badge_row(b, attrs, strbuf_str(t), "a MAP_SHARED mapping; ┈┈ to each process that "
		                 "mapped it", th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_LEAK]) {
		snprintf(attrs, sizeof attrs, "BORDER=\"2\" COLOR=\"%s\" BGCOLOR=\"%s\"", th->leak,
		         th->leak_fill);
		strbuf_reset(t);
		strbuf_printf(t, "<FONT COLOR=\"%s\"><B>", th->leak);
		gv_text_html(t, ptv_tr("LEAK"));
		strbuf_puts(t, "</B></FONT>");
		legend_badge_row(b, attrs, strbuf_str(t), "never waited for by its parent (a zombie leak)",
		                 th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_ZOMBIE]) {
		snprintf(attrs, sizeof attrs, "BORDER=\"1\" STYLE=\"DASHED\" COLOR=\"%s\"", th->zombie);
		strbuf_reset(t);
		strbuf_printf(t, "<FONT COLOR=\"%s\">", th->zombie);
		gv_text_html(t, ptv_tr("zombie"));
		strbuf_puts(t, "</FONT>");
		legend_badge_row(b, attrs, strbuf_str(t),
		                 "exited, reaped " TREE_ZOMBIE_NOTABLE_TEXT " or more later", th->text);
		rows++;
	}
	if (tr->nums) {
		legend_badge_row(b, "BORDER=\"0\"", "①②③", NUMBERS_LEGEND, th->text);
		rows++;
	}
	snprintf(attrs, sizeof attrs, "BORDER=\"1\" COLOR=\"%s\"", th->node_border);
	if (tr->mark_used[TREE_MARK_FOLD]) {
		legend_badge_row(b, attrs, "<B>×N</B>", "N identical siblings, drawn once", th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_ALIKE]) {
		legend_badge_row(b, attrs, "<B>×N</B>", "N siblings, same programs and end, drawn once; "
		                 "their subtrees differ: children merged", th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_REST]) {
		legend_badge_row(b, attrs, "<B>+N</B>", "N processes of a subtree summed up in one node "
		                 "(--max-nodes)", th->text);
		rows++;
	}
	strbuf_puts(b, "</TABLE>");
	if (rows == 0)
		return;
	n = agnode(tr->g, "legend", 1);
	gv_set(n, "shape", "plain");
	gv_set(n, "style", "");
	gv_setf(n, "fontsize", "%.1f", fs);
	gv_set(n, "tooltip", "legend");
	gv_set_html(n, "label", strbuf_str(b));
}
