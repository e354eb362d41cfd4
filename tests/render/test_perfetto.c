/* test_perfetto.c — the Chrome Trace Event export: valid JSON that follows the format's field
 * rules (ph, pid, tid, ts in µs on every event; dur >= 0 on slices; M events named; flows paired
 * by id with the finish bound to its enclosing slice), and the facts a user looks for in
 * Perfetto: a track per process named after its program, the zombie slice from exit to reap,
 * fork flows parent → child, the pipe flow writer → reader. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "check.h"
#include "ptviz/render.h"

static char dir[64];

static cJSON *export_and_parse(const char *log, const char *name, bool stable)
{
	ptv_model *m = NULL;
	ptv_diag d = { 0 };
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char path[128], err[256] = "";
	cJSON *doc = NULL;
	char *text = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (ptv_model_load(&m, log, &d) < 0) {
		fprintf(stderr, "cannot load %s: %s\n", log, d.error);
		return NULL;
	}
	o.stable_ids = stable;
	if (ptv_export_perfetto(m, path, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "export: %s\n", err);
		goto out;
	}
	FILE *f = fopen(path, "r");
	if (f) {
		FILE *mem = open_memstream(&text, &len);
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, mem);
		fclose(mem);
		fclose(f);
	}
	doc = text ? cJSON_ParseWithLength(text, len) : NULL;
	if (!doc)
		fprintf(stderr, "%s: not valid JSON\n", path);
out:
	free(text);
	unlink(path);
	ptv_model_free(m);
	return doc;
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The format's field rules, event by event; returns the number of events. */
static int check_rules(const cJSON *doc)
{
	const cJSON *events = cJSON_GetObjectItemCaseSensitive(doc, "traceEvents");
	int n = 0, flows_s = 0, flows_f = 0;

	CHECK(cJSON_IsArray(events));
	CHECK(str(doc, "displayTimeUnit") != NULL);
	CHECK(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "otherData")));
	const cJSON *ev;
	cJSON_ArrayForEach(ev, events) {
		const char *ph = str(ev, "ph");
		n++;
		CHECK(ph && strlen(ph) == 1);
		CHECK(str(ev, "name") != NULL);
		CHECK(!isnan(num(ev, "pid")) && !isnan(num(ev, "tid")));
		CHECK(!isnan(num(ev, "ts")) && num(ev, "ts") >= 0);
		if (!ph)
			continue;
		if (ph[0] == 'X')
			CHECK(num(ev, "dur") >= 0);
		if (ph[0] == 'M') {
			const cJSON *args = cJSON_GetObjectItemCaseSensitive(ev, "args");
			CHECK(cJSON_IsObject(args));
			if (strcmp(str(ev, "name"), "process_sort_index") != 0)
				CHECK(str(args, "name") != NULL);
		}
		if (ph[0] == 'i') {
			const char *s = str(ev, "s");
			CHECK(s && (strcmp(s, "t") == 0 || strcmp(s, "p") == 0 || strcmp(s, "g") == 0));
		}
		if (ph[0] == 's' || ph[0] == 'f') {
			CHECK(!isnan(num(ev, "id")));
			ph[0] == 's' ? flows_s++ : flows_f++;
			if (ph[0] == 'f')
				CHECK(str(ev, "bp") && strcmp(str(ev, "bp"), "e") == 0);
			/* Exactly one start and one finish carry this id, with the same name. */
			int starts = 0, finishes = 0;
			const cJSON *o;
			cJSON_ArrayForEach(o, events) {
				const char *oph = str(o, "ph");
				if (!oph || num(o, "id") != num(ev, "id") || (oph[0] != 's' && oph[0] != 'f'))
					continue;
				CHECK(strcmp(str(o, "name"), str(ev, "name")) == 0);
				oph[0] == 's' ? starts++ : finishes++;
			}
			CHECK_INT(starts, 1);
			CHECK_INT(finishes, 1);
		}
	}
	CHECK_INT(flows_s, flows_f);
	return n;
}

static const cJSON *find_event(const cJSON *doc, const char *ph, const char *name, double pid)
{
	const cJSON *ev;

	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(doc, "traceEvents")) {
		if (strcmp(str(ev, "ph"), ph) == 0 && (!name || strcmp(str(ev, "name"), name) == 0) &&
		    (pid < 0 || num(ev, "pid") == pid))
			return ev;
	}
	return NULL;
}

static int count_events(const cJSON *doc, const char *ph, const char *name)
{
	const cJSON *ev;
	int n = 0;

	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(doc, "traceEvents"))
		if (strcmp(str(ev, "ph"), ph) == 0 && (!name || strcmp(str(ev, "name"), name) == 0))
			n++;
	return n;
}

static void test_fork_loop(void)
{
	cJSON *doc = export_and_parse("data/timeline_fork_loop.jsonl", "fork_loop.json", false);

	CHECK(doc != NULL);
	if (!doc)
		return;
	CHECK(check_rules(doc) > 20);
	/* A named track per process. */
	CHECK_INT(count_events(doc, "M", "process_name"), 4);
	const cJSON *name = find_event(doc, "M", "process_name", 1235);
	const cJSON *args = name ? cJSON_GetObjectItemCaseSensitive(name, "args") : NULL;
	CHECK(args && strcmp(str(args, "name"), "1235 fork_loop (orphan)") == 0);
	/* The child's zombie slice: from its exit at 140 µs to init's reap at 500.4 ms. */
	const cJSON *z = find_event(doc, "X", "zombie", 1235);
	CHECK(z && fabs(num(z, "ts") - 140.0) < 1e-6);
	CHECK(z && fabs(num(z, "dur") - (500400.0 - 140.0)) < 1e-3);
	/* The parent's nanosleep, in µs. */
	const cJSON *b = find_event(doc, "X", "blocked: nanosleep", 1234);
	CHECK(b && fabs(num(b, "ts") - 250.0) < 1e-6 && fabs(num(b, "dur") - 500000.0) < 1e-3);
	/* Fork flows from the parent to each child; instants for exec, exits, adoption. */
	CHECK_INT(count_events(doc, "s", "fork"), 3);
	const cJSON *f = find_event(doc, "f", "fork", 1236);
	CHECK(f && fabs(num(f, "ts") - 160.0) < 1e-6);
	const cJSON *exec = find_event(doc, "i", "exec fork_loop", 1234);
	CHECK(exec && fabs(num(exec, "ts") - 50.0) < 1e-6);
	CHECK(find_event(doc, "i", "exit 0", 1237) != NULL);
	CHECK(find_event(doc, "i", "orphaned, adopted by init", 1236) != NULL);
	const cJSON *other = cJSON_GetObjectItemCaseSensitive(doc, "otherData");
	CHECK(other && strcmp(str(other, "start_unix_ns"), "1795000000000000000") == 0);
	cJSON_Delete(doc);
}

static void test_pipeline(void)
{
	cJSON *doc = export_and_parse("data/timeline_pipeline.jsonl", "pipeline.json", false);

	CHECK(doc != NULL);
	if (!doc)
		return;
	check_rules(doc);
	/* One pipe flow, from ps (101) to grep (102). */
	CHECK_INT(count_events(doc, "s", "pipe"), 1);
	const cJSON *s = find_event(doc, "s", "pipe", -1), *f = find_event(doc, "f", "pipe", -1);
	CHECK(s && num(s, "pid") == 101);
	CHECK(f && num(f, "pid") == 102);
	CHECK(find_event(doc, "X", "blocked: wait4", 100) != NULL);
	const cJSON *out = find_event(doc, "i", "output", 102);
	const cJSON *args = out ? cJSON_GetObjectItemCaseSensitive(out, "args") : NULL;
	CHECK(args && strcmp(str(args, "data"), "x foo\n") == 0);
	cJSON_Delete(doc);
}

static void test_stable_and_signals(void)
{
	cJSON *doc = export_and_parse("data/timeline_states.jsonl", "states.json", true);

	CHECK(doc != NULL);
	if (!doc)
		return;
	check_rules(doc);
	/* Stable ids: P0 is pid 1 in the export, P3 (the stopped child) pid 4. */
	const cJSON *name = find_event(doc, "M", "process_name", 1);
	const cJSON *args = name ? cJSON_GetObjectItemCaseSensitive(name, "args") : NULL;
	CHECK(args && strcmp(str(args, "name"), "P0 states") == 0);
	CHECK(find_event(doc, "X", "stopped: SIGSTOP", 4) != NULL);
	CHECK(find_event(doc, "i", "SIGSTOP", 4) != NULL);
	CHECK_INT(count_events(doc, "s", "signal"), 2);
	/* The sender's side of each kill(), on the sender's track. */
	CHECK(find_event(doc, "i", "kill SIGSTOP", 1) != NULL);
	CHECK(find_event(doc, "i", "kill SIGUSR1", 1) != NULL);
	cJSON_Delete(doc);
}

static void test_errors(void)
{
	ptv_model *m = NULL;
	ptv_diag d = { 0 };
	char err[256] = "";

	CHECK(ptv_model_load(&m, "data/timeline_zombie.jsonl", &d) == 0);
	CHECK_INT(ptv_export_perfetto(m, "/nonexistent-dir/t.json", NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "No such file or directory");   /* the caller names the file */
	ptv_model_free(m);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ptviz-perfetto-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_fork_loop();
	test_pipeline();
	test_stable_and_signals();
	test_errors();
	rmdir(dir);
	return check_done("test_perfetto");
}
