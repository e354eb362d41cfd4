/* page_html.c — the page's HTML: page.html's template with its slots filled, each with what it
 * holds made safe for where it goes (text as entities, JSON with \u escapes, SVG as drawn). */
#define _GNU_SOURCE   /* memmem */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "page_priv.h"
#include "ptviz/lang.h"

void page_html_text(strbuf *out, const char *text)
{
	for (const char *s = text ? text : ""; *s; s++) {
		switch (*s) {
		case '&': strbuf_puts(out, "&amp;"); break;
		case '<': strbuf_puts(out, "&lt;"); break;
		case '>': strbuf_puts(out, "&gt;"); break;
		case '"': strbuf_puts(out, "&quot;"); break;
		case '\'': strbuf_puts(out, "&#39;"); break;
		default: strbuf_put(out, s, 1);
		}
	}
}

void page_html_json(strbuf *out, const char *json)
{
	for (const unsigned char *s = (const unsigned char *)json; *s; s++) {
		if (*s == '<' || *s == '>' || *s == '&')
			strbuf_printf(out, "\\u%04x", *s);
		else if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9)) {
			/* U+2028, U+2029: line ends to old JavaScript parsers */
			strbuf_printf(out, "\\u%04x", s[2] == 0xa8 ? 0x2028 : 0x2029);
			s += 2;
		} else
			strbuf_put(out, (const char *)s, 1);
	}
}

/* needle in s's line (up to the next newline), or NULL. Graphviz writes one element per line,
 * and a search to the end of a 10 MB picture for each of its elements would be quadratic. */
static const char *svg_in_line(const char *s, const char *needle)
{
	const char *eol = strchr(s, '\n');
	size_t len = eol ? (size_t)(eol - s) : strlen(s);

	return memmem(s, len, needle, strlen(needle));
}

/* Whether s starts a <title>: Graphviz titles every graph, node and edge with its name ("n12",
 * "n1->n2"), which a reader hovering it has no use for (the tooltips are links' titles). Sets
 * *end past it. */
static bool svg_name_title(const char *s, const char **end)
{
	const char *close;

	if (strncmp(s, "<title>", 7) != 0 || !(close = svg_in_line(s, "</title>")))
		return false;
	*end = close + 8;
	return true;
}

/* Graphviz wraps each mark that has a tooltip in <g id="a_ID"><a xlink:title="TIP"> ...
 * </a></g>; the same tooltip as a <title> child is two elements fewer, a third of a big
 * timeline's. Whether s starts such a wrapper: then TIP (already escaped) is put out as a
 * <title>, *end is set past the wrapper's start, and *open counts it. */
static bool svg_tooltip_open(strbuf *out, const char *s, const char **end, int *open)
{
	static const char a_open[] = "<a xlink:title=\"";
	const char *a, *tip_end;

	if (strncmp(s, "<g id=\"a_", 9) != 0 || !(a = strchr(s, '>')) ||
	    strncmp(a + 1, a_open, sizeof a_open - 1) != 0)
		return false;
	a += 1 + sizeof a_open - 1;
	if (!(tip_end = strchr(a, '"')) || tip_end[1] != '>')
		return false;
	strbuf_puts(out, "<title>");
	strbuf_put(out, a, (size_t)(tip_end - a));
	strbuf_puts(out, "</title>");
	*end = tip_end + 2;
	(*open)++;
	return true;
}

/* The end of a wrapper svg_tooltip_open took out: "</a>\n</g>". */
static bool svg_tooltip_close(const char *s, const char **end, int *open)
{
	if (*open == 0 || strncmp(s, "</a>\n</g>", 9) != 0)
		return false;
	*end = s + 9;
	(*open)--;
	return true;
}

void page_html_svg(strbuf *out, const char *svg, bool flat_tooltips)
{
	const char *s = svg ? strstr(svg, "<svg") : NULL, *end;
	int open = 0;

	/* Graphviz's comments and titles (the names of nodes and edges) are a third of a big
	 * timeline's text and of the elements the browser builds: left out of the page. */
	while (s && *s) {
		const char *next = strchr(s, '<');
		if (!next) {
			strbuf_puts(out, s);
			break;
		}
		strbuf_put(out, s, (size_t)(next - s));
		s = next;
		if (strncmp(s, "<!--", 4) == 0 && (end = svg_in_line(s, "-->")))
			s = end + 3;
		else if (svg_name_title(s, &end))
			s = end;
		else if (flat_tooltips && (svg_tooltip_open(out, s, &end, &open) ||
		                           svg_tooltip_close(s, &end, &open))) {
			s = end;
			continue;
		} else {
			strbuf_put(out, s, 1);
			s++;
			continue;
		}
		if (*s == '\n')
			s++;
	}
}

/* What the slots are filled from: the parts, and the timeline made page-ready and split. */
typedef struct page_fill {
	const page_parts *p;
	strbuf timeline, timeline_rest;
} page_fill;

static void slot_title(strbuf *o, const page_fill *f) { page_html_text(o, f->p->title); }
static void slot_theme(strbuf *o, const page_fill *f) { page_html_text(o, f->p->theme); }
static void slot_css(strbuf *o, const page_fill *f) { strbuf_puts(o, page_asset_css); }
static void slot_js(strbuf *o, const page_fill *f) { strbuf_puts(o, page_asset_js); }
static void slot_tree(strbuf *o, const page_fill *f) { page_html_svg(o, f->p->tree_svg, false); }
static void slot_timeline(strbuf *o, const page_fill *f) { strbuf_puts(o, strbuf_str(&f->timeline)); }
static void slot_timeline_rest(strbuf *o, const page_fill *f) { strbuf_puts(o, strbuf_str(&f->timeline_rest)); }
static void slot_lang(strbuf *o, const page_fill *f) { strbuf_puts(o, ptv_lang_get() == PTV_LANG_ZH ? "zh-Hans" : "en"); }
static void slot_report(strbuf *o, const page_fill *f) { page_html_text(o, f->p->report); }
static void slot_data(strbuf *o, const page_fill *f) { page_html_json(o, f->p->json); }

/* The template's slots, {{name}}, and what fills each. */
static const struct {
	const char *name;
	void (*fill)(strbuf *, const page_fill *);
} page_slots[] = {
	{ "{{title}}", slot_title }, { "{{theme}}", slot_theme }, { "{{css}}", slot_css },
	{ "{{js}}", slot_js }, { "{{tree}}", slot_tree }, { "{{timeline}}", slot_timeline },
	{ "{{timeline_rest}}", slot_timeline_rest }, { "{{report}}", slot_report }, { "{{lang}}", slot_lang },
	{ "{{data}}", slot_data },
};

int page_html_build(strbuf *out, const page_parts *p)
{
	const char *s = page_asset_html;
	page_fill f = { .p = p, .timeline = STRBUF_INIT, .timeline_rest = STRBUF_INIT };
	strbuf flat = STRBUF_INIT;
	int rc = -1;

	page_html_svg(&flat, p->timeline_svg, true);
	if (flat.oom || page_split_svg(strbuf_str(&flat), PAGE_INLINE_MAX, &f.timeline,
	                               &f.timeline_rest) < 0)
		goto out;
	while (*s) {
		const char *open = strstr(s, "{{"), *close;
		size_t i, n = sizeof page_slots / sizeof page_slots[0];
		if (!open) {
			strbuf_puts(out, s);
			break;
		}
		strbuf_put(out, s, (size_t)(open - s));
		for (i = 0; i < n; i++)
			if (strncmp(open, page_slots[i].name, strlen(page_slots[i].name)) == 0)
				break;
		if (strncmp(open, "{{t:", 4) == 0 && (close = strstr(open, "}}"))) {
			/* {{t:English}}: the page's words (page_words.c) */
			char *en = strndup(open + 4, (size_t)(close - open - 4));
			if (!en)
				goto out;
			page_html_text(out, page_word(en));
			free(en);
			s = close + 2;
			continue;
		}
		if (i == n) {   /* not a slot: "{{" is text */
			strbuf_puts(out, "{{");
			s = open + 2;
			continue;
		}
		page_slots[i].fill(out, &f);
		s = open + strlen(page_slots[i].name);
	}
	rc = out->oom ? -1 : 0;
out:
	strbuf_free(&flat);
	strbuf_free(&f.timeline);
	strbuf_free(&f.timeline_rest);
	return rc;
}
