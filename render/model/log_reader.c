/* log_reader.c — JSON Lines framing and the header check of the ptviz event log. */
#include "log_reader.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void log_reader_vmsg(char *dst, size_t size, const char *name, int line, const char *fmt,
                            va_list ap)
{
	int n = line > 0 ? snprintf(dst, size, "%s:%d: ", name, line) : snprintf(dst, size, "%s: ", name);
	if (n < 0 || (size_t)n >= size)
		return;
	vsnprintf(dst + n, size - (size_t)n, fmt, ap);
}

void log_reader_warn(ptv_diag *diag, const char *name, int line, const char *fmt, ...)
{
	va_list ap;
	if (diag->warnings++ > 0)
		return;
	va_start(ap, fmt);
	log_reader_vmsg(diag->warning, sizeof diag->warning, name, line, fmt, ap);
	va_end(ap);
}

void log_reader_error(ptv_diag *diag, const char *name, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_reader_vmsg(diag->error, sizeof diag->error, name, line, fmt, ap);
	va_end(ap);
}

static bool log_reader_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static bool log_reader_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!log_reader_is_space(p[i]))
			return false;
	return true;
}

/* Parse one line as exactly one JSON value; on failure *col is the 1-based error column. */
static cJSON *log_reader_parse(const char *p, size_t n, size_t *col)
{
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(p, n, &end, 0);
	if (!v) {
		*col = end && end >= p && end <= p + n ? (size_t)(end - p) + 1 : 1;
		return NULL;
	}
	if (!end || end < p || end > p + n || !log_reader_blank(end, n - (size_t)(end - p))) {
		/* point at the first byte of the trailing garbage */
		while (end && end >= p && end < p + n && log_reader_is_space(*end))
			end++;
		*col = end && end >= p && end <= p + n ? (size_t)(end - p) + 1 : 1;
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

/* Replace the bytes that are not UTF-8 in every string of v (values and keys) by U+FFFD: the
 * log is meant to hold none (docs/event-log.md), and whatever reads the model writes them on
 * (report --json, Perfetto's JSON, SVG) where they would make the output invalid. Returns how
 * many strings were repaired, or -1 when out of memory. */
static int log_reader_fix_text(cJSON *v)
{
	int fixed = 0;
	for (; v; v = v->next) {
		char **slots[2] = { &v->valuestring, (v->type & cJSON_StringIsConst) ? NULL : &v->string };
		for (int i = 0; i < 2; i++) {
			if (!slots[i] || !*slots[i] || text_utf8_valid(*slots[i]))
				continue;
			char *good = text_utf8_fix(*slots[i]), *copy = good ? cJSON_malloc(strlen(good) + 1) : NULL;
			if (!copy) {
				free(good);
				return -1;
			}
			strcpy(copy, good);
			free(good);
			cJSON_free(*slots[i]);
			*slots[i] = copy;
			fixed++;
		}
		int sub = log_reader_fix_text(v->child);
		if (sub < 0)
			return -1;
		fixed += sub;
	}
	return fixed;
}

/* Line 1 must be {"type":"header","format":"ptviz","version":N} with N we understand. */
static int log_reader_check_header(const cJSON *rec, const char *name, ptv_diag *diag)
{
	const char *type = log_reader_str(rec, "type");
	const char *format = log_reader_str(rec, "format");
	int64_t version;
	if (!type || strcmp(type, "header") != 0 || !format || strcmp(format, "ptviz") != 0) {
		log_reader_error(diag, name, 1, "not a ptviz log (no header)");
		return -1;
	}
	if (log_reader_int(rec, "version", &version) != LOG_FIELD_OK) {
		log_reader_error(diag, name, 1, "header without a \"version\" number");
		return -1;
	}
	if (version > LOG_READER_VERSION) {
		log_reader_error(diag, name, 1, "log version %lld is newer than this ptviz understands (%d)",
		                 (long long)version, LOG_READER_VERSION);
		return -1;
	}
	if (version < 1) {
		log_reader_error(diag, name, 1, "log version %lld is not a valid version", (long long)version);
		return -1;
	}
	return 0;
}

int log_reader_run_buffer(const char *name, const char *buf, size_t len, log_reader_fn fn,
                          void *ctx, ptv_diag *diag)
{
	size_t pos = 0, last_content = 0;
	int line = 0, records = 0, text_warned = 0;
	bool any = false;

	/* Where the last non-blank byte is: a line reaching it is the last line of the log. */
	for (size_t i = len; i > 0; i--) {
		if (!log_reader_is_space(buf[i - 1])) {
			last_content = i - 1;
			any = true;
			break;
		}
	}
	if (!any) {
		log_reader_error(diag, name, 0, "not a ptviz log (empty)");
		return -1;
	}
	while (pos < len) {
		const char *p = buf + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - p) : len - pos;
		size_t col = 0;
		bool is_last = pos + n > last_content;
		cJSON *rec;
		int rc;

		line++;
		pos += n + (nl ? 1 : 0);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (log_reader_blank(p, n))
			continue;
		rec = log_reader_parse(p, n, &col);
		if (!rec || !cJSON_IsObject(rec)) {
			cJSON_Delete(rec);
			if (records == 0) {
				log_reader_error(diag, name, line, "not a ptviz log (no header)");
				return -1;
			}
			if (is_last) {
				/* The tracer writes whole lines; a bad last line is a log cut short. */
				diag->truncated = true;
				log_reader_warn(diag, name, line, "log cut short (incomplete last line); using the %d lines before it",
				                line - 1);
				return 0;
			}
			if (rec == NULL)
				log_reader_error(diag, name, line, "not JSON (column %zu)", col);
			else
				log_reader_error(diag, name, line, "not a JSON object");
			return -1;
		}
		if (records == 0 && log_reader_check_header(rec, name, diag) < 0) {
			cJSON_Delete(rec);
			return -1;
		}
		if (records > 0 && log_reader_str(rec, "type") && !strcmp(log_reader_str(rec, "type"), "header")) {
			/* Two logs joined (cat a.jsonl b.jsonl): their pids and clocks are unrelated. */
			log_reader_warn(diag, name, line, "a second header: another log starts here; only the first (%d lines) is read",
			                line - 1);
			cJSON_Delete(rec);
			return 0;
		}
		int fixed = log_reader_fix_text(rec);
		if (fixed < 0) {
			cJSON_Delete(rec);
			log_reader_error(diag, name, line, "out of memory");
			return -1;
		}
		if (fixed > 0 && !text_warned++)
			log_reader_warn(diag, name, line, "text that is not UTF-8; its bytes are shown as U+FFFD");
		records++;
		rc = fn(ctx, rec, line);
		cJSON_Delete(rec);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int log_reader_run_file(const char *path, log_reader_fn fn, void *ctx, ptv_diag *diag)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = -1;
	struct stat st;
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;

	f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		log_reader_error(diag, name, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	/* a regular file is read in one go into a buffer of its size (no regrowth copies) */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < (uint64_t)SIZE_MAX / 2) {
		cap = (size_t)st.st_size + 65536;
		buf = malloc(cap);
		if (!buf) {
			log_reader_error(diag, name, 0, "out of memory reading the log");
			goto out;
		}
	}
	for (;;) {
		size_t got;
		if (cap - len < 65536) {
			size_t ncap = cap ? cap * 2 : 1 << 20;
			char *nbuf = realloc(buf, ncap);
			if (!nbuf) {
				log_reader_error(diag, name, 0, "out of memory reading the log");
				goto out;
			}
			buf = nbuf;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0) {
			if (ferror(f)) {
				log_reader_error(diag, name, 0, "cannot read: %s", strerror(errno));
				goto out;
			}
			break;
		}
	}
	rc = log_reader_run_buffer(name, buf, len, fn, ctx, diag);
out:
	if (f && !is_stdin)
		fclose(f);
	free(buf);
	return rc;
}

int log_reader_int(const cJSON *o, const char *key, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	double d;
	if (!v || cJSON_IsNull(v))
		return LOG_FIELD_ABSENT;
	if (!cJSON_IsNumber(v))
		return LOG_FIELD_BAD;
	d = v->valuedouble;
	/* Doubles beyond ±2^63 would make the conversion undefined. */
	if (!isfinite(d) || d != floor(d) || d >= 9.2e18 || d <= -9.2e18)
		return LOG_FIELD_BAD;
	*out = (int64_t)d;
	return LOG_FIELD_OK;
}

int log_reader_u64(const cJSON *o, const char *key, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v || cJSON_IsNull(v))
		return LOG_FIELD_ABSENT;
	if (cJSON_IsString(v) && v->valuestring) {
		char *end = NULL;
		unsigned long long x;
		errno = 0;
		x = strtoull(v->valuestring, &end, 0);
		if (errno || end == v->valuestring || *end != '\0' || v->valuestring[0] == '-')
			return LOG_FIELD_BAD;
		*out = x;
		return LOG_FIELD_OK;
	}
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (!isfinite(d) || d < 0 || d != floor(d) || d >= 1.8e19)
			return LOG_FIELD_BAD;
		*out = (uint64_t)d;
		return LOG_FIELD_OK;
	}
	return LOG_FIELD_BAD;
}

const char *log_reader_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool log_reader_bool(const cJSON *o, const char *key, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}
