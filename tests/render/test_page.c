/* test_page.c — the interactive page as a file: one self-contained HTML document whose embedded
 * facts survive hostile text (a "</script>", "<!--", U+2028 in argv, paths and output cannot end
 * the script or add an element), whose pictures carry the ids the script looks for (tree_pN,
 * lane_pN) and no id twice, that refers to nothing outside itself, and whose facts are the
 * model's (fork_loop's leaks). The browser tests (tests/browser) check what it does. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ptviz/model.h"
#include "ptviz/page.h"

static ptv_model *load(const char *path)
{
	ptv_model *m = NULL;
	ptv_diag d = { 0 };

	if (ptv_model_load(&m, path, &d) < 0)
		fprintf(stderr, "%s: %s\n", path, d.error);
	return m;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	FILE *mem = open_memstream(&buf, &len);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(mem);
	fclose(f);
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *s = hay; (s = strcasestr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

/* Write the page of log into dir; its text (owned by the caller), or NULL. */
static char *page_of(const char *log, const char *dir, const char *name, ptv_render_opts *opts)
{
	char path[4096], err[512] = "";
	ptv_model *m = load(log);
	char *text = NULL;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	CHECK(m != NULL);
	if (m && ptv_render_page(m, path, opts, err, sizeof err) == 0)
		text = slurp(path);
	else
		fprintf(stderr, "%s: %s\n", path, err);
	CHECK(text != NULL);
	ptv_model_free(m);
	return text;
}

/* The embedded facts, parsed as the browser parses them. */
static cJSON *page_data(const char *html)
{
	const char *open = "<script type=\"application/json\" id=\"ptviz-data\">";
	const char *a = strstr(html, open), *b;

	if (!a)
		return NULL;
	a += strlen(open);
	b = strstr(a, "</script>");
	if (!b)
		return NULL;
	char *json = strndup(a, (size_t)(b - a));
	/* Raw U+2028/U+2029 end a line for older JavaScript parsers: escaped in the data. */
	CHECK(strstr(json, "\xe2\x80\xa8") == NULL && strstr(json, "\xe2\x80\xa9") == NULL);
	cJSON *j = cJSON_Parse(json);
	free(json);
	return j;
}

static const char *argv_at(cJSON *data, int proc, int exec, int arg)
{
	cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(data, "procs"), proc);
	cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "execs"), exec);
	return cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "argv"), arg));
}

static void test_escape(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	char *html = page_of("data/page_escape.jsonl", dir, "escape.html", &opts);
	cJSON *data;

	if (!html)
		return;
	/* Exactly the page's own two scripts: the data and the code. */
	CHECK_INT(count(html, "<script"), 2);
	CHECK_INT(count(html, "</script"), 2);
	data = page_data(html);
	CHECK(data != NULL);
	CHECK_STR(argv_at(data, 0, 0, 2), "</script><!-- <script>x</script> & \xe2\x80\xa8 \xe2\x80\xa9 end");
	CHECK_STR(argv_at(data, 1, 0, 0), "</SCRIPT>");
	cJSON *out = cJSON_GetArrayItem(cJSON_GetObjectItem(data, "outputs"), 0);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(out, 3)), "</script>\n<b>hi</b>");
	cJSON_Delete(data);
	free(html);
}

static void test_ids_and_offline(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	char *html = page_of("data/model_fork_loop.jsonl", dir, "fork_loop.html", &opts);

	if (!html)
		return;
	for (int i = 0; i < 4; i++) {
		char id[32];
		snprintf(id, sizeof id, "id=\"tree_p%d\"", i);
		CHECK_INT(count(html, id), 1);
		snprintf(id, sizeof id, "id=\"lane_p%d\"", i);
		CHECK_INT(count(html, id), 1);
	}
	/* Graphviz's own ids carry the picture's name: none is used twice in the page. */
	CHECK_INT(count(html, "id=\"node1\""), 0);
	CHECK_INT(count(html, "id=\"svg_tree_node1\""), 0);   /* the tree's nodes have our ids */
	CHECK(count(html, "id=\"svg_timeline_node1\"") <= 1);
	/* Nothing outside the file: no link, no source, no reference, and a policy that forbids
	 * any load. */
	CHECK_INT(count(html, "<link"), 0);
	CHECK_INT(count(html, " src="), 0);
	CHECK_INT(count(html, "href="), 0);
	CHECK_INT(count(html, "url("), 0);
	CHECK(strstr(html, "default-src 'none'") != NULL);
	CHECK(strstr(html, "<svg") != NULL && strstr(html, "<?xml") == NULL);
	/* Graphviz's comments and names are left out; the template has one comment. */
	CHECK_INT(count(html, "<!--"), 1);
	CHECK_INT(count(html, "<title>n0"), 0);
	CHECK_INT(count(html, "<title>lane_"), 0);
	CHECK(count(html, "xlink:title=") > 4);   /* the tree's tooltips stay */
	CHECK(count(html, "<title>1235 ") >= 1);   /* the timeline's are titles */

	/* The facts are the model's: fork_loop leaked 1235 and 1236 (reaped by init). */
	cJSON *data = page_data(html), *p;
	int leaked = 0, n = 0;
	cJSON_ArrayForEach(p, cJSON_GetObjectItem(data, "procs")) {
		if (cJSON_IsTrue(cJSON_GetObjectItem(p, "leaked"))) {
			int pid = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(p, "pid"));
			CHECK(pid == 1235 || pid == 1236);
			leaked++;
		}
		n++;
	}
	CHECK_INT(n, 4);
	CHECK_INT(leaked, 2);
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(data, "groups")), 4);
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(data, "lanes")), 4);
	cJSON_Delete(data);
	free(html);
}

static void test_bad_output(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = load("data/model_fork_loop.jsonl");
	char path[4096], err[512] = "";

	snprintf(path, sizeof path, "%s/no/such/dir/x.html", dir);
	CHECK(m && ptv_render_page(m, path, &opts, err, sizeof err) < 0);
	CHECK(err[0] != '\0');
	opts.theme = "neon";
	snprintf(path, sizeof path, "%s/theme.html", dir);
	CHECK(m && ptv_render_page(m, path, &opts, err, sizeof err) < 0);
	CHECK(strstr(err, "theme") != NULL);
	CHECK(access(path, F_OK) < 0);
	ptv_model_free(m);
}

int main(void)
{
	char dir[] = "/tmp/ptviz-test-page-XXXXXX";

	if (!mkdtemp(dir))
		return 1;
	test_escape(dir);
	test_ids_and_offline(dir);
	test_bad_output(dir);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		check_failures++;
	return check_failures ? 1 : 0;
}
