/* logwrite.c — the event log's JSON printer (see logwrite.h). Follows cJSON 1.7's print_value,
 * print_string_ptr and print_number, unformatted. */
#include "logwrite.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct lw {
	char *p;
	size_t len, cap;   /* cap: bytes usable, the NUL excluded */
	bool full;
};

static void lw_put(struct lw *b, const char *s, size_t n)
{
	if (b->full || b->len + n > b->cap) {
		b->full = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void lw_ch(struct lw *b, char c)
{
	lw_put(b, &c, 1);
}

/* An integer-valued double below 10^15 in magnitude: %1.15g prints its digits exactly. */
static bool lw_number_fast(struct lw *b, double d)
{
	if (!(d > -1e15 && d < 1e15) || (d == 0 && signbit(d)))
		return false;   /* too long for 15 digits, NaN, or -0 (cJSON prints "-0") */
	long long v = (long long)d;
	if ((double)v != d)
		return false;
	char tmp[24];
	int i = sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	lw_put(b, tmp + i, sizeof tmp - (size_t)i);
	return true;
}

/* cJSON's test that 15 digits gave the number back: equal within a relative DBL_EPSILON (so
 * 2^53 prints as 9.00719925474099e+15; the log's integers never come near). */
static bool lw_close_enough(double a, double b)
{
	double max = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= max * DBL_EPSILON;
}

/* cJSON's way: 15 significant digits if they give the number back, else 17. */
static void lw_number(struct lw *b, const cJSON *item)
{
	double d = item->valuedouble;
	if (lw_number_fast(b, d))
		return;
	char num[32];
	int n;
	if (isnan(d) || isinf(d)) {
		n = snprintf(num, sizeof num, "null");
	} else {
		double test = 0.0;
		n = snprintf(num, sizeof num, "%1.15g", d);
		if (sscanf(num, "%lg", &test) != 1 || !lw_close_enough(test, d))
			n = snprintf(num, sizeof num, "%1.17g", d);
	}
	if (n < 0 || (size_t)n >= sizeof num) {
		b->full = true;
		return;
	}
	const struct lconv *lc = localeconv();
	char point = lc && lc->decimal_point ? lc->decimal_point[0] : '.';
	for (int i = 0; i < n; i++)
		if (num[i] == point)
			num[i] = '.';
	lw_put(b, num, (size_t)n);
}

/* The letter of c's short escape (\n ...), 0 when it has none. */
static char lw_escape_letter(unsigned char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '\b': return 'b';
	case '\f': return 'f';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	default: return 0;
	}
}

/* A JSON string: the seven short escapes, \u00XX below 32, every other byte as it is. */
static void lw_string(struct lw *b, const char *s)
{
	lw_ch(b, '"');
	if (s) {
		const unsigned char *u = (const unsigned char *)s;
		size_t run = 0;
		for (size_t i = 0;; i++) {
			unsigned char c = u[i];
			if (c >= 32 && c != '"' && c != '\\') {
				run++;
				continue;
			}
			lw_put(b, (const char *)u + i - run, run);
			run = 0;
			if (c == 0)
				break;
			char esc[8];
			char letter = lw_escape_letter(c);
			if (letter) {
				esc[0] = '\\';
				esc[1] = letter;
				lw_put(b, esc, 2);
			} else {
				snprintf(esc, sizeof esc, "\\u%04x", c);
				lw_put(b, esc, 6);
			}
		}
	}
	lw_ch(b, '"');
}

static void lw_value(struct lw *b, const cJSON *item);

/* The members of an object (keys) or the elements of an array, between open and close. */
static void lw_children(struct lw *b, const cJSON *item, char open, char close, bool keys)
{
	lw_ch(b, open);
	for (const cJSON *c = item->child; c && !b->full; c = c->next) {
		if (keys) {
			lw_string(b, c->string);
			lw_ch(b, ':');
		}
		lw_value(b, c);
		if (c->next)
			lw_ch(b, ',');
	}
	lw_ch(b, close);
}

static void lw_value(struct lw *b, const cJSON *item)
{
	switch (item->type & 0xFF) {
	case cJSON_NULL:
		lw_put(b, "null", 4);
		break;
	case cJSON_False:
		lw_put(b, "false", 5);
		break;
	case cJSON_True:
		lw_put(b, "true", 4);
		break;
	case cJSON_Number:
		lw_number(b, item);
		break;
	case cJSON_Raw:
		if (!item->valuestring)
			b->full = true;
		else
			lw_put(b, item->valuestring, strlen(item->valuestring));
		break;
	case cJSON_String:
		lw_string(b, item->valuestring);
		break;
	case cJSON_Array:
		lw_children(b, item, '[', ']', false);
		break;
	case cJSON_Object:
		lw_children(b, item, '{', '}', true);
		break;
	default:
		b->full = true;
	}
}

long logwrite_print(const cJSON *item, char *buf, size_t cap)
{
	if (!item || cap == 0)
		return -1;
	struct lw b = { buf, 0, cap - 1, false };
	lw_value(&b, item);
	buf[b.len] = 0;
	return b.full ? -1 : (long)b.len;
}
