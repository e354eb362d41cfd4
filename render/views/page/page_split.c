/* page_split.c — a big timeline, inlined in two parts so that the page is usable at once.
 *
 * The browser builds every element of an inline SVG before the page's script runs: for a
 * 3,000-process timeline that is 100,000 elements and seconds. The page needs only the lanes on
 * screen at first, so the first PAGE_INLINE_MAX bytes of marks are inlined as they are, and the
 * rest is zlib-compressed and base64-encoded in pieces; page.js unpacks them once the first frame
 * is drawn and the browser is idle, with its DecompressionStream("deflate"), and appends one a
 * frame, between clicks. Nothing is fetched: the bytes are in the page. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "page_priv.h"

/* The rest goes in pieces of about this many bytes, each packed on its own, so that page.js
 * unpacks and appends one a frame and serves clicks between them: a 64 KB piece costs the
 * browser tens of milliseconds, a click waits no longer. */
#define PAGE_PIECE_MAX (64 * 1024)

/* The end of the graph's own group in svg[0..len-1]: the last "</g>" (the "</svg>" follows it).
 * Searched from the end: a strstr loop from the start would read the text once per mark. */
static const char *svg_graph_end(const char *svg, size_t len)
{
	for (size_t i = len; i >= 4; i--)
		if (memcmp(svg + i - 4, "</g>", 4) == 0)
			return svg + i - 4;
	return NULL;
}

/* The offset, at or after from, just past the end of a mark that is a direct child of the
 * graph's group (nesting back to depth 1), or 0 when there is none before stop. svg starts at
 * depth: 0 outside the <svg>, 1 inside the graph's group. */
static size_t svg_mark_end(const char *svg, size_t from, size_t stop, int depth)
{
	for (size_t i = 0; i < stop; i++) {
		if (svg[i] != '<')
			continue;
		if (strncmp(svg + i, "<g ", 3) == 0 || strncmp(svg + i, "<g>", 3) == 0)
			depth++;
		else if (strncmp(svg + i, "</g>", 4) == 0 && --depth == 1 && i + 4 >= from) {
			i += 4;
			return svg[i] == '\n' ? i + 1 : i;
		}
	}
	return 0;
}

static void base64(strbuf *out, const unsigned char *s, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	if (!strbuf_grow(out, (n + 2) / 3 * 4))
		return;
	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		char q[4] = { abc[v >> 18], abc[v >> 12 & 63], abc[v >> 6 & 63], abc[v & 63] };
		strbuf_put(out, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
		char q[4] = { abc[v >> 18], abc[v >> 12 & 63], i + 1 < n ? abc[v >> 6 & 63] : '=', '=' };
		strbuf_put(out, q, 4);
	}
}

/* A piece of the rest, text[0..n-1], compressed (zlib's format, what DecompressionStream
 * ("deflate") reads) and base64-encoded onto out's line. Returns 0, or -1 when out of memory. */
static int pack(strbuf *out, const char *text, size_t n)
{
	uLongf len = compressBound(n);
	unsigned char *z = malloc(len);
	int rc = -1;

	if (z && compress2(z, &len, (const unsigned char *)text, n, 6) == Z_OK) {
		base64(out, z, len);
		strbuf_puts(out, "\n");
		rc = out->oom ? -1 : 0;
	}
	free(z);
	return rc;
}

int page_split_svg(const char *svg, size_t inline_max, strbuf *head, strbuf *rest)
{
	size_t len = strlen(svg), cut, from, gend_at;
	const char *gend = svg_graph_end(svg, len);

	if (len <= inline_max || !gend || !(cut = svg_mark_end(svg, inline_max, (size_t)(gend - svg), 0))) {
		strbuf_puts(head, svg);
		return head->oom ? -1 : 0;
	}
	strbuf_put(head, svg, cut);
	strbuf_puts(head, gend);   /* the graph's "</g>" and "</svg>" */
	gend_at = (size_t)(gend - svg);
	for (from = cut; from < gend_at;) {
		size_t end = svg_mark_end(svg + from, PAGE_PIECE_MAX, gend_at - from, 1);
		end = end ? from + end : gend_at;
		if (pack(rest, svg + from, end - from) < 0)
			return -1;
		from = end;
	}
	return head->oom ? -1 : 0;
}
