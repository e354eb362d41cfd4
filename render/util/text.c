/* text.c — classification and repair of untrusted text (text.h). */
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if the bytes there are not one. */
static size_t text_utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

text_kind text_char(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = text_utf8_len(u);

	*len = n ? n : 1;
	if (*u == 0) {
		*len = 0;
		return TEXT_END;
	}
	if (n == 0)
		return TEXT_BAD;
	if (n == 1)
		return *u < 0x20 || *u == 0x7f ? TEXT_CONTROL : TEXT_OK;
	/* XML 1.0's Char production leaves out U+FFFE and U+FFFF (and the surrogates, which are
	 * not UTF-8 at all). */
	if (n == 3 && u[0] == 0xef && u[1] == 0xbf && (u[2] == 0xbe || u[2] == 0xbf))
		return TEXT_NOT_XML;
	return TEXT_OK;
}

bool text_utf8_valid(const char *s)
{
	size_t n;
	text_kind k;

	if (!s)
		return true;
	while ((k = text_char(s, &n)) != TEXT_END) {
		if (k == TEXT_BAD)
			return false;
		s += n;
	}
	return true;
}

char *text_utf8_fix(const char *s)
{
	size_t n, at = 0;
	text_kind k;
	/* at most 3 bytes out for every byte in */
	char *out = malloc(strlen(s) * 3 + 1);

	if (!out)
		return NULL;
	while ((k = text_char(s, &n)) != TEXT_END) {
		if (k == TEXT_BAD) {
			memcpy(out + at, TEXT_REPLACEMENT, 3);
			at += 3;
		} else {
			memcpy(out + at, s, n);
			at += n;
		}
		s += n;
	}
	out[at] = '\0';
	return out;
}
