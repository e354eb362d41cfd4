/* gv_legend.c — the legend both views draw, made from what a picture actually shows.
 *
 * A view marks each kind it drew (gv_legend_use) while it draws; the legend then has one row per
 * kind drawn and no other: no "stopped" in a picture where nothing stopped, the fork edge and the
 * FIFO's double line when they are there. The words and the line samples live here once, so the
 * tree and the timeline say a kind the same way and in the same order.
 */
#include <stdio.h>
#include <string.h>

#include "gv.h"

/* Line samples: box-drawing glyphs shaped like the kind's line style and arrowhead, so that the
 * legend also reads in grayscale. */
static const struct {
	const char *glyph;
	const char *text;
} gv_keys[GV_KEY_COUNT] = {
	[GV_KEY_FORK] = { "────▶", "fork (parent → child)" },
	[GV_KEY_PIPE] = { "━━━━▶", "pipe (writer → reader)" },   /* thicker than a fork's */
	[GV_KEY_FIFO] = { "════&gt;", "FIFO (writer → reader)" },
	[GV_KEY_SHM] = { "┈┈┈┈┈", "shared memory" },
	[GV_KEY_SIGNAL] = { "━━━━▷", "signal (sender → receiver)" },
	[GV_KEY_ADOPT] = { "╌╌╌╌○", "orphan, from its adopter" },
	[GV_KEY_REAP] = { "╌╌╌╌▶", "reap (by the call)" },
	[GV_KEY_RUNNING] = { "█████", "running" },
	[GV_KEY_READY] = { "█████", "ready" },
	[GV_KEY_BLOCKED] = { "█████", "blocked" },
	[GV_KEY_STOPPED] = { "█████", "stopped" },
	[GV_KEY_ZOMBIE] = { "▭▭▭", "zombie" },
	[GV_KEY_ORPHAN] = { "▭▭▭", "orphan (outlined)" },
};

void gv_legend_use(gv_legend *l, gv_key k)
{
	if (k >= 0 && k < GV_KEY_COUNT)
		l->used[k] = true;
}

bool gv_legend_used(const gv_legend *l, gv_key k)
{
	return k >= 0 && k < GV_KEY_COUNT && l->used[k];
}

/* The first colour of a colour list ("#00897b:invis:#00897b" → "#00897b"). */
static void gv_legend_first_color(char *out, size_t len, const char *list)
{
	size_t n = strcspn(list, ":");

	snprintf(out, len, "%.*s", (int)n, list);
}

void gv_legend_item_get(const gv_theme *t, gv_key k, gv_legend_item *out)
{
	static const ptv_state states[] = {
		[GV_KEY_RUNNING] = PTV_STATE_RUNNING, [GV_KEY_BLOCKED] = PTV_STATE_BLOCKED,
		[GV_KEY_STOPPED] = PTV_STATE_STOPPED, [GV_KEY_ZOMBIE] = PTV_STATE_ZOMBIE,
	};
	const char *color = t->text;

	out->glyph = gv_keys[k].glyph;
	out->text = ptv_tr(gv_keys[k].text);
	out->style = "solid";
	if (k >= GV_KEY_PIPE && k <= GV_KEY_SIGNAL) {
		const gv_edge_style *st = &t->link[GV_LINK_PIPE + (k - GV_KEY_PIPE)];
		color = st->color;
		out->style = st->style;
	} else if (k == GV_KEY_FORK) {
		color = t->edge;
	} else if (k == GV_KEY_ADOPT || k == GV_KEY_ORPHAN) {
		color = t->orphan;
		out->style = k == GV_KEY_ADOPT ? "dashed" : "solid";
	} else if (k == GV_KEY_REAP) {
		color = t->zombie;
		out->style = "dashed";
	} else if (k == GV_KEY_READY) {
		color = t->state[PTV_STATE_RUNNING];
	} else {
		color = t->state[states[k]];
		if (t->state_style[states[k]])
			out->style = t->state_style[states[k]];
	}
	gv_legend_first_color(out->color, sizeof out->color, color);
}

int gv_legend_rows_html(strbuf *b, const gv_legend *l, const gv_theme *t, double fs)
{
	gv_legend_item it;
	int rows = 0;

	for (int k = 0; k < GV_KEY_COUNT; k++) {
		if (!l->used[k])
			continue;
		gv_legend_item_get(t, (gv_key)k, &it);
		strbuf_printf(b, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\" POINT-SIZE=\"%.1f\"><B>%s"
		              "</B></FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">", it.color,
		              fs * 1.4, it.glyph, t->text);
		gv_text_html(b, it.text);
		strbuf_puts(b, "</FONT></TD></TR>");
		rows++;
	}
	return rows;
}

void gv_legend_table_open(strbuf *b, const gv_theme *t)
{
	strbuf_printf(b, "<TABLE BORDER=\"1\" STYLE=\"ROUNDED\" COLOR=\"%s\" BGCOLOR=\"%s\" "
	              "CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\">"
	              "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"%s\">", t->legend_border,
	              t->legend_fill, t->muted);
	gv_text_html(b, ptv_tr("legend"));
	strbuf_puts(b, "</FONT></TD></TR>");
}
