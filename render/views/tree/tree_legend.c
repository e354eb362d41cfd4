/* tree_legend.c — a compact legend beside the tree: one row per kind of edge and badge present
 * in this picture. It is a single HTML-table node (a cluster of sample edges would stretch over
 * the tree's ranks); line samples are box-drawing glyphs in the kind's colour, shaped like its
 * line style and arrowhead so that they also read in grayscale. */
#include <stdio.h>

#include "tree.h"

/* Line samples: solid, double, dotted, bold with a hollow head, dashed with a circle. */
static const char *const legend_glyph[GV_LINK_COUNT] = {
	[GV_LINK_PIPE] = "────▶",
	[GV_LINK_FIFO] = "════&gt;",
	[GV_LINK_SHM] = "┈┈┈┈┈",
	[GV_LINK_SIGNAL] = "━━━━▷",
};

/* The first colour of a colour list ("#00897b:invis:#00897b" → "#00897b"). */
static void legend_color(char *out, size_t len, const char *list)
{
	size_t n = 0;

	while (list[n] && list[n] != ':')
		n++;
	snprintf(out, len, "%.*s", (int)n, list);
}

/* A row with a line sample (glyphs a little larger than the text, so dashes show). */
static void legend_line_row(strbuf *b, double fs, const char *color, const char *glyph,
                            const char *text, const char *text_color)
{
	strbuf_printf(b, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\"><B>%s</B>"
	              "</FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">%s</FONT></TD></TR>",
	              color, fs * 1.4, glyph, text_color, text);
}

void tree_legend(tree *tr)
{
	const gv_theme *th = tr->t;
	strbuf *b = &tr->a, *t = &tr->b;
	double fs = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.85;
	char color[32];
	Agnode_t *n;
	int rows = 0;

	strbuf_reset(b);
	strbuf_printf(b, "<TABLE BORDER=\"1\" STYLE=\"ROUNDED\" COLOR=\"%s\" BGCOLOR=\"%s\" "
	              "CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\">"
	              "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"%s\">legend</FONT></TD></TR>",
	              th->legend_border, th->legend_fill, th->muted);
	for (int k = 0; k < GV_LINK_COUNT; k++) {
		if (!tr->link_used[k])
			continue;
		strbuf_reset(t);
		gv_text_html(t, th->link[k].label);
		legend_color(color, sizeof color, th->link[k].color);
		legend_line_row(b, fs, color, legend_glyph[k], strbuf_str(t), th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_PIPE_OBJ] || tr->mark_used[TREE_MARK_FIFO_OBJ]) {
		strbuf_printf(b, "<TR><TD BORDER=\"1\" COLOR=\"%s\"><FONT COLOR=\"%s\">write│read</FONT>"
		              "</TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">%s: process ─▶ write end, read "
		              "end ─▶ process; the fds each held</FONT></TD></TR>", th->node_border, th->text,
		              th->text, tr->mark_used[TREE_MARK_PIPE_OBJ] ?
		              (tr->mark_used[TREE_MARK_FIFO_OBJ] ? "pipe, FIFO" : "pipe") : "FIFO");
		legend_line_row(b, fs, th->muted, "╌╌╌╌▷", "an end it closed early (before exiting, not held into an exec)",
		                th->text);
		rows += 2;
	}
	if (tr->mark_used[TREE_MARK_DEAD_END]) {
		strbuf_printf(b, "<TR><TD BORDER=\"1\" STYLE=\"DASHED\" COLOR=\"%s\"><FONT COLOR=\"%s\">"
		              "<B>✕ no reader</B></FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">dead end: "
		              "writers left, every read end closed (a write raises SIGPIPE)</FONT></TD></TR>",
		              th->leak, th->leak, th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_REGION]) {
		legend_color(color, sizeof color, th->link[GV_LINK_SHM].color);
		strbuf_printf(b, "<TR><TD BORDER=\"1\" COLOR=\"%s\"><FONT COLOR=\"%s\">shared region"
		              "</FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">a MAP_SHARED mapping; "
		              "┈┈ to each process that mapped it</FONT></TD></TR>", color, th->text, th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_ADOPT]) {
		legend_line_row(b, fs, th->orphan, "╌╌╌╌○", "orphan, from its adopter", th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_LEAK]) {
		strbuf_printf(b, "<TR><TD BORDER=\"2\" COLOR=\"%s\" BGCOLOR=\"%s\"><FONT COLOR=\"%s\">"
		              "<B>LEAK</B></FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">never waited "
		              "for by its parent (a zombie leak)</FONT></TD></TR>", th->leak, th->leak_fill, th->leak, th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_ZOMBIE]) {
		strbuf_printf(b, "<TR><TD BORDER=\"1\" STYLE=\"DASHED\" COLOR=\"%s\"><FONT COLOR=\"%s\">"
		              "zombie</FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">exited, reaped "
		              TREE_ZOMBIE_NOTABLE_TEXT " or more later</FONT></TD></TR>", th->zombie, th->zombie, th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_FOLD]) {
		strbuf_printf(b, "<TR><TD BORDER=\"1\" COLOR=\"%s\"><B>×N</B></TD><TD ALIGN=\"LEFT\">"
		              "<FONT COLOR=\"%s\">N identical siblings, drawn once</FONT></TD></TR>",
		              th->node_border, th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_ALIKE]) {
		strbuf_printf(b, "<TR><TD BORDER=\"1\" COLOR=\"%s\"><B>×N</B></TD><TD ALIGN=\"LEFT\">"
		              "<FONT COLOR=\"%s\">N siblings, same programs and end, drawn once; "
		              "their subtrees differ: children merged</FONT></TD></TR>",
		              th->node_border, th->text);
		rows++;
	}
	if (tr->mark_used[TREE_MARK_REST]) {
		strbuf_printf(b, "<TR><TD BORDER=\"1\" COLOR=\"%s\"><B>+N</B></TD><TD ALIGN=\"LEFT\">"
		              "<FONT COLOR=\"%s\">N processes of a subtree summed up in one node "
		              "(--max-nodes)</FONT></TD></TR>", th->node_border, th->text);
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
