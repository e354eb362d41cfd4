/* strbuf.h — a growable string, for building labels, tooltips and report lines.
 *
 * On allocation failure a strbuf keeps what it had and sets oom, so a caller can build a whole
 * text and check once at the end.
 */
#ifndef PTVIZ_UTIL_STRBUF_H
#define PTVIZ_UTIL_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strbuf {
	char *s;
	size_t len, cap;
	bool oom;
} strbuf;

#define STRBUF_INIT { 0 }

void strbuf_free(strbuf *b);
void strbuf_reset(strbuf *b);                       /* empty it, keep the memory */
const char *strbuf_str(const strbuf *b);            /* "" when empty; lent */
/* Make room for n more bytes plus a NUL. Returns false (and sets oom) on failure. */
bool strbuf_grow(strbuf *b, size_t n);
void strbuf_put(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
