/* gv_text.c — the escaping of user text (argv, paths) for Graphviz.
 *
 * Every string a traced program controls passes through gv_text_each before it reaches Graphviz:
 * invalid UTF-8 would be read as Latin-1 with a warning, U+FFFE/U+FFFF make the SVG not
 * well-formed (text.h classifies them all), control characters would break labels, and
 * HTML-like labels and escStrings give meaning to & < > and backslashes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gv.h"
#include "text.h"

/* How the safe text is escaped once more for its destination. */
typedef enum gv_esc { GV_ESC_NONE, GV_ESC_HTML, GV_ESC_LABEL, GV_ESC_TOOLTIP } gv_esc;

/* How many backslashes show one: Graphviz expands escapes once in labels (plain and HTML-like)
 * and, in 2.42, twice in tooltips (once when the object is emitted, once more by the renderer). */
static const char *gv_backslash(gv_esc esc)
{
	switch (esc) {
	case GV_ESC_NONE: return "\\";
	case GV_ESC_TOOLTIP: return "\\\\\\\\";
	default: return "\\\\";
	}
}

/* Append one safe character (ASCII or a valid UTF-8 sequence) escaped for esc. */
static void gv_put_char(strbuf *b, const char *s, size_t n, gv_esc esc)
{
	if (n == 1 && esc == GV_ESC_HTML) {
		switch (*s) {
		case '&': strbuf_puts(b, "&amp;"); return;
		case '<': strbuf_puts(b, "&lt;"); return;
		case '>': strbuf_puts(b, "&gt;"); return;
		case '"': strbuf_puts(b, "&quot;"); return;
		case '\'': strbuf_puts(b, "&#39;"); return;
		}
	}
	if (n == 1 && *s == '\\') {
		strbuf_puts(b, gv_backslash(esc));
		return;
	}
	strbuf_put(b, s, n);
}

/* Append a visible escape (\n, \t, \xNN) for a control character, escaped for esc. */
static void gv_put_control(strbuf *b, unsigned char c, gv_esc esc)
{
	char vis[8];

	if (c == '\n')
		snprintf(vis, sizeof vis, "\\n");
	else if (c == '\t')
		snprintf(vis, sizeof vis, "\\t");
	else if (c == '\r')
		snprintf(vis, sizeof vis, "\\r");
	else
		snprintf(vis, sizeof vis, "\\x%02x", c);
	strbuf_puts(b, gv_backslash(esc));   /* the escape's backslash is shown, not obeyed */
	strbuf_puts(b, vis + 1);
}

/* Append text made safe and escaped for esc, at most max characters (0 = all). */
static void gv_text_each(strbuf *b, const char *text, size_t max, gv_esc esc)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t chars = 0;

	size_t n;
	text_kind k;

	while ((k = text_char((const char *)s, &n)) != TEXT_END) {
		if (max && chars == max) {
			strbuf_puts(b, "…");
			return;
		}
		if (k == TEXT_BAD || k == TEXT_NOT_XML)
			strbuf_puts(b, TEXT_REPLACEMENT);   /* what XML cannot carry: U+FFFD */
		else if (k == TEXT_CONTROL)
			gv_put_control(b, *s, esc);
		else
			gv_put_char(b, (const char *)s, n, esc);
		s += n;
		chars++;
	}
}

void gv_text_plain(strbuf *b, const char *text)
{
	gv_text_each(b, text, 0, GV_ESC_NONE);
}

void gv_text_html(strbuf *b, const char *text)
{
	gv_text_each(b, text, 0, GV_ESC_HTML);
}

void gv_text_label(strbuf *b, const char *text)
{
	gv_text_each(b, text, 0, GV_ESC_LABEL);
}

void gv_text_tooltip(strbuf *b, const char *text)
{
	gv_text_each(b, text, 0, GV_ESC_TOOLTIP);
}

void gv_text_html_clip(strbuf *b, const char *text, size_t max)
{
	gv_text_each(b, text, max, GV_ESC_HTML);
}

void gv_text_label_clip(strbuf *b, const char *text, size_t max)
{
	gv_text_each(b, text, max, GV_ESC_LABEL);
}

void gv_text_tooltip_clip(strbuf *b, const char *text, size_t max)
{
	gv_text_each(b, text, max, GV_ESC_TOOLTIP);
}
