/* gv_theme.c — the colour themes and the attribute helpers every renderer uses.
 *
 * Each kind of edge differs by line style and arrowhead as well as colour, so that the print
 * theme (grayscale) and colour-blind readers can still tell a pipe from a signal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gv.h"

static const gv_theme gv_themes[] = {
	{
		.name = "light",
		.background = "#ffffff", .text = "#202124", .muted = "#5f6368",
		.node_fill = "#f3f6fb", .node_border = "#4a5d78", .node_text = "#1b1f24",
		.edge = "#4a5d78",
		.exit_ok = "#2e7d32", .exit_fail = "#c25e00", .killed = "#8e24aa",
		.leak = "#d32f2f", .leak_fill = "#fde7e7",
		.zombie = "#795548", .orphan = "#1565c0", .running = "#00796b",
		.cluster_fill = "#fff8e1", .cluster_border = "#c9a227",
		.legend_fill = "#fafafa", .legend_border = "#9e9e9e",
		.leak_style = "rounded,filled,bold", .zombie_style = "rounded,filled,dashed",
		.link = {
			[GV_LINK_PIPE] = { "#1f6fd1", "solid", "normal", "2.2", "pipe (writer → reader)" },
			[GV_LINK_FIFO] = { "#00897b:invis:#00897b", "solid", "vee", "1.4", "FIFO (writer → reader)" },
			[GV_LINK_SHM] = { "#ef6c00", "dotted", "none", "2.4", "shared memory" },
			[GV_LINK_SIGNAL] = { "#c2185b", "bold", "empty", "1.6", "signal (sender → receiver)" },
		},
		.state = { [PTV_STATE_RUNNING] = "#43a047", [PTV_STATE_BLOCKED] = "#b0bec5",
		           [PTV_STATE_STOPPED] = "#ffb300", [PTV_STATE_ZOMBIE] = "#e53935" },
	},
	{
		.name = "dark",
		.background = "#1e2127", .text = "#e8eaed", .muted = "#a0a7b4",
		.node_fill = "#2c313c", .node_border = "#8fa3bf", .node_text = "#eef1f5",
		.edge = "#8fa3bf",
		.exit_ok = "#81c784", .exit_fail = "#ffb74d", .killed = "#ce93d8",
		.leak = "#ff6b6b", .leak_fill = "#4d2226",
		.zombie = "#bcaaa4", .orphan = "#64b5f6", .running = "#4db6ac",
		.cluster_fill = "#2a2a22", .cluster_border = "#c9a227",
		.legend_fill = "#262a31", .legend_border = "#6b7280",
		.leak_style = "rounded,filled,bold", .zombie_style = "rounded,filled,dashed",
		.link = {
			[GV_LINK_PIPE] = { "#4fc3f7", "solid", "normal", "2.2", "pipe (writer → reader)" },
			[GV_LINK_FIFO] = { "#4db6ac:invis:#4db6ac", "solid", "vee", "1.4", "FIFO (writer → reader)" },
			[GV_LINK_SHM] = { "#ffb74d", "dotted", "none", "2.4", "shared memory" },
			[GV_LINK_SIGNAL] = { "#f48fb1", "bold", "empty", "1.6", "signal (sender → receiver)" },
		},
		.state = { [PTV_STATE_RUNNING] = "#66bb6a", [PTV_STATE_BLOCKED] = "#546e7a",
		           [PTV_STATE_STOPPED] = "#ffca28", [PTV_STATE_ZOMBIE] = "#ef5350" },
	},
	{
		/* Grayscale: kinds differ by line style, arrowhead and border style, states by pattern. */
		.name = "print",
		.background = "#ffffff", .text = "#000000", .muted = "#404040",
		.node_fill = "#ffffff", .node_border = "#000000", .node_text = "#000000",
		.edge = "#000000",
		.exit_ok = "#000000", .exit_fail = "#000000", .killed = "#000000",
		.leak = "#000000", .leak_fill = "#d0d0d0",
		.zombie = "#404040", .orphan = "#404040", .running = "#000000",
		.cluster_fill = "#f2f2f2", .cluster_border = "#606060",
		.legend_fill = "#ffffff", .legend_border = "#808080",
		.leak_style = "rounded,filled,bold", .zombie_style = "rounded,dashed",
		.link = {
			[GV_LINK_PIPE] = { "#000000", "solid", "normal", "2.4", "pipe (writer → reader)" },
			[GV_LINK_FIFO] = { "#000000:invis:#000000", "solid", "vee", "1.2", "FIFO (writer → reader)" },
			[GV_LINK_SHM] = { "#505050", "dotted", "none", "2.6", "shared memory" },
			[GV_LINK_SIGNAL] = { "#505050", "bold", "empty", "1.6", "signal (sender → receiver)" },
		},
		/* States by pattern: running solid black, blocked a dotted grey tick line, stopped
		 * dashed blocks, a zombie hollow (timeline.c), ready a lighter solid. */
		.state = { [PTV_STATE_RUNNING] = "#1a1a1a", [PTV_STATE_BLOCKED] = "#7a7a7a",
		           [PTV_STATE_STOPPED] = "#4a4a4a", [PTV_STATE_ZOMBIE] = "#000000" },
		.state_style = { [PTV_STATE_BLOCKED] = "dotted", [PTV_STATE_STOPPED] = "dashed" },
	},
};

const gv_theme *gv_theme_get(const char *name)
{
	if (!name || !*name)
		name = "light";
	for (size_t i = 0; i < sizeof gv_themes / sizeof gv_themes[0]; i++)
		if (strcmp(gv_themes[i].name, name) == 0)
			return &gv_themes[i];
	return NULL;
}

const char *gv_status_color(const gv_theme *t, ptv_status s)
{
	switch (s) {
	case PTV_STATUS_EXIT_OK: return t->exit_ok;
	case PTV_STATUS_EXIT_FAIL: return t->exit_fail;
	case PTV_STATUS_KILLED: return t->killed;
	case PTV_STATUS_RUNNING: return t->running;
	default: return t->text;
	}
}

void gv_set(void *obj, const char *name, const char *value)
{
	/* cgraph 2.42 takes char* but does not modify these strings. */
	agsafeset(obj, (char *)name, (char *)value, "");
}

void gv_setf(void *obj, const char *name, const char *fmt, ...)
{
	char small[256], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof small) {
		big = malloc((size_t)n + 1);
		if (!big)
			return;
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	gv_set(obj, name, big ? big : small);
	free(big);
}

void gv_set_html(void *obj, const char *name, const char *html)
{
	Agraph_t *root = agroot(obj);
	char *s = agstrdup_html(root, (char *)html);

	if (!s)
		return;
	/* Declare the attribute first: agsafeset would copy s as a plain string. */
	if (!agattr(root, agobjkind(obj), (char *)name, NULL))
		agattr(root, agobjkind(obj), (char *)name, "");
	agset(obj, (char *)name, s);
	agstrfree(root, s);
}

Agraph_t *gv_graph_new(const char *name, const gv_theme *t, const char *font, double font_size)
{
	Agraph_t *g = agopen((char *)name, Agdirected, NULL);
	char size[32];

	if (!g)
		return NULL;
	if (!font || !*font)
		font = "Helvetica";
	snprintf(size, sizeof size, "%g", font_size > 0 ? font_size : 11.0);
	agattr(g, AGRAPH, "bgcolor", (char *)t->background);
	agattr(g, AGRAPH, "fontname", (char *)font);
	agattr(g, AGRAPH, "fontsize", size);
	agattr(g, AGRAPH, "fontcolor", (char *)t->text);
	agattr(g, AGNODE, "fontname", (char *)font);
	agattr(g, AGNODE, "fontsize", size);
	agattr(g, AGNODE, "fontcolor", (char *)t->node_text);
	agattr(g, AGNODE, "color", (char *)t->node_border);
	agattr(g, AGNODE, "fillcolor", (char *)t->node_fill);
	agattr(g, AGEDGE, "fontname", (char *)font);
	agattr(g, AGEDGE, "fontcolor", (char *)t->text);
	agattr(g, AGEDGE, "color", (char *)t->edge);
	snprintf(size, sizeof size, "%g", (font_size > 0 ? font_size : 11.0) * 0.85);
	agattr(g, AGEDGE, "fontsize", size);
	return g;
}
