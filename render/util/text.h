/* text.h — the one sanitizer of text a traced program controls (argv, paths, output), for every
 * output ptviz writes: Graphviz's XML (SVG, HTML-like labels), report --json, the Perfetto JSON.
 *
 * The log's strings are valid UTF-8 when the tracer wrote them (docs/event-log.md), but a log
 * can come from anywhere: the reader replaces bytes that are not UTF-8 at load (text_utf8_fix),
 * and the renderers replace what XML 1.0 cannot carry (text_char: U+FFFE, U+FFFF; control
 * characters are for the caller to show). The log itself is never rewritten.
 */
#ifndef PTVIZ_UTIL_TEXT_H
#define PTVIZ_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* What the bytes at s are. */
typedef enum text_kind {
	TEXT_END,        /* the terminating NUL */
	TEXT_OK,         /* a character every output carries */
	TEXT_CONTROL,    /* an ASCII control character (U+0000-U+001F, U+007F): show it escaped */
	TEXT_NOT_XML,    /* valid UTF-8 that XML 1.0 forbids (U+FFFE, U+FFFF): replace it */
	TEXT_BAD,        /* a byte that starts no valid UTF-8 sequence: replace it (one byte) */
} text_kind;

/* The replacement character U+FFFD, in UTF-8. */
#define TEXT_REPLACEMENT "\xef\xbf\xbd"

/* Classify the character at s and set *len to its length in bytes (1 for TEXT_BAD and
 * TEXT_CONTROL, 0 at the end). Rejects overlong forms, surrogates and code points above
 * U+10FFFF (RFC 3629). */
text_kind text_char(const char *s, size_t *len);

/* Is s valid UTF-8 (NULL is)? */
bool text_utf8_valid(const char *s);

/* A malloc'd copy of s with every byte that is not valid UTF-8 replaced by U+FFFD, or NULL when
 * out of memory. */
char *text_utf8_fix(const char *s);

#endif
