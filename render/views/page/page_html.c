/* page_html.c — the page's HTML: page.html's template with its slots filled, each with what it
 * holds made safe for where it goes (text as entities, JSON with \u escapes, SVG as drawn). */
#include <string.h>

#include "page_priv.h"

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

void page_html_svg(strbuf *out, const char *svg)
{
	const char *start = svg ? strstr(svg, "<svg") : NULL;

	if (start)
		strbuf_puts(out, start);
}

static void slot_title(strbuf *o, const page_parts *p) { page_html_text(o, p->title); }
static void slot_theme(strbuf *o, const page_parts *p) { page_html_text(o, p->theme); }
static void slot_css(strbuf *o, const page_parts *p) { strbuf_puts(o, page_asset_css); }
static void slot_js(strbuf *o, const page_parts *p) { strbuf_puts(o, page_asset_js); }
static void slot_tree(strbuf *o, const page_parts *p) { page_html_svg(o, p->tree_svg); }
static void slot_timeline(strbuf *o, const page_parts *p) { page_html_svg(o, p->timeline_svg); }
static void slot_report(strbuf *o, const page_parts *p) { page_html_text(o, p->report); }
static void slot_data(strbuf *o, const page_parts *p) { page_html_json(o, p->json); }

/* The template's slots, {{name}}, and what fills each. */
static const struct {
	const char *name;
	void (*fill)(strbuf *, const page_parts *);
} page_slots[] = {
	{ "{{title}}", slot_title }, { "{{theme}}", slot_theme }, { "{{css}}", slot_css },
	{ "{{js}}", slot_js }, { "{{tree}}", slot_tree }, { "{{timeline}}", slot_timeline },
	{ "{{report}}", slot_report }, { "{{data}}", slot_data },
};

int page_html_build(strbuf *out, const page_parts *p)
{
	const char *s = page_asset_html;

	while (*s) {
		const char *open = strstr(s, "{{");
		size_t i, n = sizeof page_slots / sizeof page_slots[0];
		if (!open) {
			strbuf_puts(out, s);
			break;
		}
		strbuf_put(out, s, (size_t)(open - s));
		for (i = 0; i < n; i++)
			if (strncmp(open, page_slots[i].name, strlen(page_slots[i].name)) == 0)
				break;
		if (i == n) {   /* not a slot: "{{" is text */
			strbuf_puts(out, "{{");
			s = open + 2;
			continue;
		}
		page_slots[i].fill(out, p);
		s = open + strlen(page_slots[i].name);
	}
	return out->oom ? -1 : 0;
}
