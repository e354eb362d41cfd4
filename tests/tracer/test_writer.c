/* test_writer.c — unit tests of the log writer: UTF-8 sanitising, one line per event, t never
 * decreasing, the exact start_unix_ns-style raw numbers, the event count, and buffering. */
#include "../check.h"
#include "writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_sanitize(void)
{
	static const struct { const char *in; size_t len; const char *want; } rows[] = {
		{ "plain", 5, "plain" },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },                    /* valid 2-byte sequence */
		{ "a\xff" "b", 3, "a\xef\xbf\xbd" "b" },                /* invalid byte */
		{ "\xe2\x82", 2, "\xef\xbf\xbd\xef\xbf\xbd" },           /* truncated 3-byte sequence */
		{ "\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd" },           /* overlong '/' */
		{ "\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
		{ "x\0y", 3, "x\xef\xbf\xbdy" },                        /* NUL never reaches JSON raw */
		{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },           /* 4-byte emoji */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *out = utf8_sanitize(rows[i].in, rows[i].len);
		CHECK_STR(out, rows[i].want);
		free(out);
	}
}

/* A writer on a new empty temporary file (its name in path); NULL on failure. */
static struct writer *temp_writer(char path[static 32])
{
	strcpy(path, "/tmp/ptviz-test-writer-XXXXXX");
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	struct writer *w = NULL;
	char err[256];
	CHECK_INT(writer_new(&w, path, err, sizeof err), 0);
	return w;
}

static void test_lines(void)
{
	char path[32];
	struct writer *w = temp_writer(path);
	if (!w)
		return;
	for (int i = 0; i < 100; i++) {
		cJSON *o = writer_begin(w, "state", 42);
		writer_add_bytes(o, "on", "bad\xff\n\"quote", 11);
		writer_add_hex(o, "addr", 0x7f3a2c000000ULL);
		writer_emit(w, o);
	}
	cJSON *end = writer_begin(w, "end", 42);
	cJSON_AddItemToObject(end, "start_unix_ns", cJSON_CreateRaw("1795000000123456789"));
	writer_emit_uncounted(w, end);
	CHECK_INT(writer_events(w), 100);
	CHECK_INT(writer_error(w), 0);
	writer_free(w);

	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	double last_t = -1;
	while (f && getline(&line, &cap, f) > 0) {
		n++;
		cJSON *o = cJSON_Parse(line);
		CHECK(o != NULL);
		if (!o)
			continue;
		double t = cJSON_GetObjectItem(o, "t")->valuedouble;
		CHECK(t >= last_t);
		last_t = t;
		if (n <= 100) {
			CHECK_STR(cJSON_GetObjectItem(o, "on")->valuestring, "bad\xef\xbf\xbd\n\"quote");
			CHECK_STR(cJSON_GetObjectItem(o, "addr")->valuestring, "0x7f3a2c000000");
		} else {
			/* The raw number is written exactly, not rounded through a double. */
			CHECK(strstr(line, "\"start_unix_ns\":1795000000123456789") != NULL);
		}
		cJSON_Delete(o);
	}
	CHECK_INT(n, 101);
	free(line);
	if (f)
		fclose(f);
	unlink(path);
}

/* Size of the file at path, -1 if unreadable. */
static long file_size(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	return n;
}

/* Lines are queued, written whole at writer_flush or when they no longer fit, and a line larger
 * than the whole buffer still goes out in one piece. */
static void test_buffering(void)
{
	char path[32];
	struct writer *w = temp_writer(path);
	if (!w)
		return;
	CHECK(writer_pending_ns(w) < 0);
	writer_emit(w, writer_begin(w, "fork", 1));
	CHECK(writer_pending_ns(w) >= 0);
	CHECK_INT(file_size(path), 0);
	CHECK_INT(writer_flush(w), 0);
	CHECK(writer_pending_ns(w) < 0);
	long one = file_size(path);
	CHECK(one > 0);

	size_t big = 200 * 1024;
	char *s = malloc(big + 1);
	memset(s, 'x', big);
	s[big] = 0;
	cJSON *o = writer_begin(w, "exec", 2);
	writer_add_str(o, "path", s);
	writer_emit(w, o);
	/* Whole lines only: the file holds both lines complete, or just the first. */
	long now = file_size(path);
	CHECK(now == one || now > (long)big);
	writer_free(w);

	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	while (f && getline(&line, &cap, f) > 0) {
		cJSON *l = cJSON_Parse(line);
		CHECK(l != NULL);
		if (l && ++n == 2)
			CHECK_INT((long)strlen(cJSON_GetObjectItem(l, "path")->valuestring), (long)big);
		cJSON_Delete(l);
	}
	CHECK_INT(n, 2);
	free(line);
	free(s);
	if (f)
		fclose(f);
	unlink(path);
}

int main(void)
{
	test_sanitize();
	test_lines();
	test_buffering();
	return check_done("test_writer");
}
