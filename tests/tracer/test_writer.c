/* test_writer.c — unit tests of the log writer: UTF-8 sanitising, one line per event, t never
 * decreasing, the exact start_unix_ns-style raw numbers, the event count, buffering, and a failed
 * write cutting the log back to its last line (a new file) or only stopping it (anything else). */
#include "../check.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* A writer on a new empty temporary file (its name in path); NULL on failure. new_file: the
 * writer may cut it back. */
static struct writer *temp_writer_as(char path[static 32], bool new_file)
{
	strcpy(path, "/tmp/ptviz-test-writer-XXXXXX");
	int fd = mkostemp(path, O_CLOEXEC);
	CHECK(fd >= 0);
	if (fd < 0)
		return NULL;
	struct writer *w = NULL;
	char err[256];
	CHECK_INT(writer_new(&w, fd, new_file, err, sizeof err), 0);
	return w;
}

static struct writer *temp_writer(char path[static 32])
{
	return temp_writer_as(path, true);
}

/* The whole of a small file, NUL-terminated (malloc'd), NULL if unreadable. */
static char *slurp(const char *path, long *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 20);
	*len = (long)fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	return buf;
}

/* A write that fails part way (here RLIMIT_FSIZE: EFBIG, as ENOSPC on a full disk) stops the log;
 * a new file is cut back to its last whole line, anything else keeps what the kernel took. The
 * writer says how many events the whole lines hold. */
static void test_cut_to_last_line(bool new_file)
{
	char path[32];
	struct rlimit old, small;
	struct sigaction ign = { .sa_handler = SIG_IGN }, was;
	getrlimit(RLIMIT_FSIZE, &old);
	struct writer *w = temp_writer_as(path, new_file);
	if (!w)
		return;
	sigaction(SIGXFSZ, &ign, &was);
	small = old;
	small.rlim_cur = 1000;
	CHECK_INT(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (int i = 0; i < 100; i++) {
		cJSON *o = writer_begin(w, "state", 42);
		writer_add_str(o, "state", "running");
		writer_emit(w, o);
		if (i % 7 == 0)
			writer_flush(w);
	}
	writer_flush(w);
	CHECK_INT(writer_error(w), EFBIG);
	long kept = writer_kept_events(w);
	CHECK_INT(writer_finish(w), EFBIG);
	writer_free(w);
	setrlimit(RLIMIT_FSIZE, &old);
	sigaction(SIGXFSZ, &was, NULL);

	long len = 0, lines = 0;
	char *got = slurp(path, &len);
	CHECK(got && len > 0 && len <= 1000);
	for (long i = 0; got && i < len; i++)
		lines += got[i] == '\n';
	/* temp_writer wrote no header: every line is an event, the first counted as the header. */
	CHECK_INT(lines - 1, kept);
	CHECK(kept > 5 && kept < 100);
	if (new_file)
		CHECK(got && got[len - 1] == '\n');
	else
		CHECK_INT(len, 1000);   /* the kernel took up to the limit, the last line cut */
	free(got);
	unlink(path);
}

/* writer_stop (the log could not be put under its name): nothing more is written. */
static void test_stop(void)
{
	char path[32];
	struct writer *w = temp_writer(path);
	if (!w)
		return;
	writer_emit(w, writer_begin(w, "fork", 1));
	CHECK_INT(writer_flush(w), 0);
	writer_stop(w, EEXIST);
	writer_emit(w, writer_begin(w, "fork", 2));
	CHECK_INT(writer_finish(w), EEXIST);
	CHECK_INT(writer_kept_events(w), 0);   /* the one line is taken as the header */
	CHECK(!writer_kept_nothing(w));
	writer_free(w);
	long len = 0, lines = 0;
	char *got = slurp(path, &len);
	for (long i = 0; got && i < len; i++)
		lines += got[i] == '\n';
	CHECK_INT(lines, 1);
	free(got);
	unlink(path);
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
	test_stop();
	test_cut_to_last_line(true);
	test_cut_to_last_line(false);
	return check_done("test_writer");
}
