/* test_report.c — the summary tree, the zombie report (text and JSON) and the leak count of
 * `report --check`, from hand-written logs. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "check.h"
#include "ptviz/report.h"

typedef void (*report_fn)(const ptv_model *, FILE *, const ptv_report_opts *);

/* Run a report into a string (caller frees). */
static char *run(report_fn fn, const ptv_model *m, const ptv_report_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fn(m, f, o);
	fclose(f);
	return buf;
}

static ptv_model *load(const char *path)
{
	ptv_model *m = NULL;
	ptv_diag d;
	if (ptv_model_load(&m, path, &d) < 0)
		fprintf(stderr, "%s\n", d.error);
	CHECK(m != NULL);
	return m;
}

/* The line of text that contains needle, copied into line (empty when absent). */
static const char *line_with(const char *text, const char *needle, char *line, size_t size)
{
	const char *p = strstr(text, needle);
	line[0] = '\0';
	if (!p)
		return line;
	if (*p == '\n')
		p++;
	const char *a = p, *b = strchr(p, '\n');
	while (a > text && a[-1] != '\n')
		a--;
	size_t n = b ? (size_t)(b - a) : strlen(a);
	if (n >= size)
		n = size - 1;
	memcpy(line, a, n);
	line[n] = '\0';
	return line;
}

static void test_summary(void)
{
	ptv_model *m = load("data/model_fork_loop.jsonl");
	ptv_report_opts o = PTV_REPORT_OPTS_INIT;
	char line[512];
	if (!m)
		return;
	char *s = run(ptv_report_summary, m, &o);
	fputs(s, stderr);
	const char *head = "ptviz: fork_loop — 4 processes, 2 zombies never waited for by their parent (leaks), 2.7 ms\n";
	CHECK(strncmp(s, head, strlen(head)) == 0);
	CHECK(strstr(line_with(s, "\n1234 fork_loop", line, sizeof line), "exit 0") != NULL);
	line_with(s, "├─1235 fork_loop", line, sizeof line);
	/* Orphaned while a zombie: the time its parent left it, and the time its adopter took. */
	CHECK(strstr(line, "exit 0") && strstr(line, "zombie 2.1 ms (600 µs under its living parent, "
	                                         "1.5 ms waiting for its adopter) → reaped by init (orphaned)"));
	line_with(s, "├─1236 fork_loop", line, sizeof line);
	CHECK(strstr(line, "exit 3") && strstr(line, "reaped by init"));
	line_with(s, "└─1237 fork_loop → ls", line, sizeof line);   /* forked, then exec'd ls */
	CHECK(strstr(line, "exit 0") && strstr(line, "reaped by 1234 (wait4)"));
	CHECK(strstr(s, "\033") == NULL);   /* no colors unless asked */
	free(s);

	o.color = true;
	s = run(ptv_report_summary, m, &o);
	CHECK(strstr(s, "\033[31mzombie 2.1 ms") != NULL);
	free(s);

	o = (ptv_report_opts)PTV_REPORT_OPTS_INIT;
	o.stable_ids = true;
	o.max_lines = 2;
	s = run(ptv_report_summary, m, &o);
	CHECK(strstr(s, "\nP0 fork_loop") != NULL);
	CHECK(strstr(s, "├─P1 fork_loop") != NULL);
	CHECK(strstr(s, "P2") == NULL);
	CHECK(strstr(s, "… 2 more\n") != NULL);
	free(s);
	CHECK_INT(ptv_report_leaks(m), 2);
	ptv_model_free(m);
}

static void test_server(void)
{
	ptv_model *m = load("data/report_server.jsonl");
	ptv_report_opts o = PTV_REPORT_OPTS_INIT;
	char line[512];
	if (!m)
		return;
	CHECK_INT(ptv_report_leaks(m), 8);

	char *s = run(ptv_report_summary, m, &o);
	CHECK(strstr(s, "ptviz: server — 11 processes, 8 zombies never waited for by their parent (leaks)") == s);
	CHECK(strstr(line_with(s, "\n88 server", line, sizeof line), "killed: SIGTERM") != NULL);
	CHECK(strstr(line_with(s, "─130 server → sh → ls", line, sizeof line), "reaped by 88 (wait4)") != NULL);
	line_with(s, "└─140 server", line, sizeof line);
	CHECK(strstr(line, "still running") && strstr(line, "orphaned → adopted by init"));
	free(s);

	s = run(ptv_report_zombies, m, &o);
	fputs(s, stderr);
	const char *a = strstr(s, "server (pid 88) leaked 5 children forked at handle_conn (server.c:120)\n    100 101 102 103 104\n");
	const char *b = strstr(s, "server (pid 88) leaked 2 children forked at spawn_worker (server.c:200)\n    110 111\n");
	const char *c = strstr(s, "server (pid 88) leaked 1 child (no call-site stack: unwinding failed)\n    120\n");
	CHECK(a && b && c && a < b && b < c);
	CHECK(strstr(line_with(s, "  140 ", line, sizeof line), "adopted by init") != NULL);
	/* 130 was waited for at once (10 µs): not one of the zombies the tree marks, but said. */
	CHECK(strstr(s, "\n  130 ") == NULL);
	CHECK(strstr(s, "ptviz: server — 8 zombies, 9 orphans, 8 leaks\n") == s);
	CHECK(strstr(s, "1 other child was reaped within 20 ms of its exit.") != NULL);
	free(s);

	o.json = true;
	s = run(ptv_report_zombies, m, &o);
	cJSON *doc = cJSON_Parse(s);
	CHECK(doc != NULL);
	if (doc) {
		cJSON *counts = cJSON_GetObjectItem(doc, "counts");
		CHECK_INT(cJSON_GetObjectItem(counts, "processes")->valueint, 11);
		CHECK_INT(cJSON_GetObjectItem(counts, "leaks")->valueint, 8);
		CHECK_INT(cJSON_GetObjectItem(counts, "orphans")->valueint, 9);
		CHECK_INT(cJSON_GetObjectItem(counts, "zombies")->valueint, 8);   /* the leaks; not 130 */
		CHECK_INT(cJSON_GetObjectItem(counts, "still_running")->valueint, 1);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "program")), "server");
		cJSON *leaks = cJSON_GetObjectItem(doc, "leaks");
		CHECK_INT(cJSON_GetArraySize(leaks), 3);
		cJSON *g0 = cJSON_GetArrayItem(leaks, 0);
		CHECK_INT(cJSON_GetObjectItem(g0, "count")->valueint, 5);
		CHECK_INT(cJSON_GetObjectItem(g0, "parent_pid")->valueint, 88);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(g0, "call_site"), "fn")), "handle_conn");
		CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(g0, "call_site"), "line")->valueint, 120);
		CHECK(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(leaks, 2), "call_site")));
		/* processes: the 8 zombies and the one live orphan */
		cJSON *procs = cJSON_GetObjectItem(doc, "processes"), *p;
		CHECK_INT(cJSON_GetArraySize(procs), 9);
		int leaked = 0;
		cJSON_ArrayForEach(p, procs)
			leaked += cJSON_IsTrue(cJSON_GetObjectItem(p, "leaked"));
		CHECK_INT(leaked, 8);
	}
	cJSON_Delete(doc);
	free(s);
	ptv_model_free(m);
}

static void test_threads_session(void)
{
	ptv_model *m = load("data/model_reuse.jsonl");
	ptv_report_opts o = PTV_REPORT_OPTS_INIT;
	char line[512];
	if (!m)
		return;
	char *s = run(ptv_report_summary, m, &o);
	line_with(s, "└─501 reuse → sleep", line, sizeof line);
	CHECK(strstr(line, "auto-reaped") && strstr(line, "(1 thread, new session)"));
	CHECK(strstr(line_with(s, "├─501 reuse", line, sizeof line), "reaped by 500 (waitid)") != NULL);
	free(s);
	ptv_model_free(m);
}

static void test_no_leaks(void)
{
	ptv_model *m = load("data/model_pipeline.jsonl");
	ptv_report_opts o = PTV_REPORT_OPTS_INIT;
	if (!m)
		return;
	CHECK_INT(ptv_report_leaks(m), 0);
	char *s = run(ptv_report_summary, m, &o);
	CHECK(strstr(s, "ptviz: sh — 3 processes, 1.1 µs\n") == s);
	CHECK(strstr(s, "zombies") == NULL);
	free(s);
	s = run(ptv_report_zombies, m, &o);
	CHECK(strstr(s, "No leaks") != NULL);
	free(s);
	ptv_model_free(m);
}

/* A 300-deep fork chain: the tree is drawn without blowing up (innermost levels, after "…"). */
static void test_deep_chain(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fprintf(f, "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":1000,\"root\":1000}\n");
	for (int i = 1; i < 300; i++)
		fprintf(f, "{\"t\":%d,\"type\":\"fork\",\"pid\":%d,\"child\":%d}\n", i, 999 + i, 1000 + i);
	fprintf(f, "{\"t\":400,\"type\":\"end\",\"pid\":1000,\"status\":0}\n");
	fclose(f);
	ptv_model *m = NULL;
	ptv_diag d;
	CHECK_INT(ptv_model_load_buffer(&m, "chain", buf, len, &d), 0);
	free(buf);
	if (!m)
		return;
	ptv_report_opts o = PTV_REPORT_OPTS_INIT;
	char *s = run(ptv_report_summary, m, &o), line[1024];
	CHECK(strncmp(s, "ptviz: ? — 300 processes", strlen("ptviz: ? — 300 processes")) == 0);
	line_with(s, "└─1299 ", line, sizeof line);
	CHECK(strncmp(line, "… ", strlen("… ")) == 0);
	CHECK(strstr(line, "still running") != NULL);
	free(s);
	ptv_model_free(m);
}

int main(void)
{
	test_deep_chain();
	test_summary();
	test_server();
	test_no_leaks();
	test_threads_session();
	return check_done("test_report");
}
