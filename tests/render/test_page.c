/* test_page.c — the interactive page as a file: one self-contained HTML document whose embedded
 * facts survive hostile text (a "</script>", "<!--", U+2028 in argv, paths and output cannot end
 * the script or add an element), whose pictures carry the ids the script looks for (tree_pN,
 * lane_pN) and no id twice, that refers to nothing outside itself, and whose facts are the
 * model's (fork_loop's leaks); a big timeline split into what is inlined and packed pieces that
 * unpack to exactly the marks left out, each piece whole marks; the pictures laid out once for
 * their files and the page; every word the page asks for has
 * its Chinese. The browser tests (tests/browser) check what it does. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "check.h"
#include "page_priv.h"
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
	/* Exactly the page's own three scripts: the timeline's packed rest, the data, the code. */
	CHECK_INT(count(html, "<script"), 3);
	CHECK_INT(count(html, "</script"), 3);
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

/* `ptviz PROG` draws the pictures and the page from one view that keeps its pictures: the page
 * inlines them as laid out for their files (one layout each), and is the page drawn alone. */
static void test_drawn_once(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = load("data/model_fork_loop.jsonl");
	ptv_view *v = NULL;
	char err[512] = "", tree[4096], timeline[4096], once[4096], alone[4096];

	snprintf(tree, sizeof tree, "%s/once-tree.svg", dir);
	snprintf(timeline, sizeof timeline, "%s/once-timeline.svg", dir);
	snprintf(once, sizeof once, "%s/once.html", dir);
	snprintf(alone, sizeof alone, "%s/alone.html", dir);
	CHECK(m && ptv_view_new(&v, m, &opts, err, sizeof err) == 0);
	if (!v) {
		ptv_model_free(m);
		return;
	}
	ptv_view_keep_pictures(v);
	CHECK(ptv_render_tree_view(v, tree, &opts, err, sizeof err) == 0);
	CHECK(ptv_render_timeline_view(v, timeline, &opts, err, sizeof err) == 0);
	CHECK(ptv_render_page_view(v, once, &opts, err, sizeof err) == 0);
	CHECK(ptv_render_page(m, alone, &opts, err, sizeof err) == 0);
	char *a = slurp(once), *b = slurp(alone), *t = slurp(tree), *tl = slurp(timeline);
	CHECK(a && b && strcmp(a, b) == 0);
	/* The files were drawn for the page too: their ids carry its prefixes. */
	CHECK(t && strstr(t, "<g id=\"svg_tree\" class=\"graph\"") != NULL);
	CHECK(tl && strstr(tl, "<g id=\"svg_timeline\" class=\"graph\"") != NULL);
	free(a);
	free(b);
	free(t);
	free(tl);
	ptv_view_free(v);
	ptv_model_free(m);
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

/* base64 text[0..n-1] (no padding errors expected) into out; returns the byte count. */
static size_t unbase64(const char *text, size_t n, unsigned char *out)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0;
	size_t len = 0;

	for (size_t i = 0; i < n && text[i] != '='; i++) {
		const char *c = strchr(abc, text[i]);
		CHECK(c != NULL && *c);
		v = v << 6 | (unsigned)(c - abc);
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[len++] = (unsigned char)(v >> bits);
		}
	}
	return len;
}

static void test_split(void)
{
	strbuf svg = STRBUF_INIT, head = STRBUF_INIT, rest = STRBUF_INIT, back = STRBUF_INIT;
	const char *prolog = "<svg viewBox=\"0 0 10 10\">\n<g id=\"t\" class=\"graph\">\n<polygon points=\"0,0\"/>\n";
	const char *epilog = "</g>\n</svg>\n";
	int marks = 12000, pieces = 0;

	strbuf_puts(&svg, prolog);
	for (int i = 0; i < marks; i++)
		strbuf_printf(&svg, "<g id=\"e%d\" class=\"edge\">\n<title>mark %d</title>\n<g><path d=\"M%d,0\"/></g>\n</g>\n",
		              i, i, i);
	strbuf_puts(&svg, epilog);

	/* Small enough: all of it inline. */
	CHECK(page_split_svg("<svg><g class=\"graph\"></g></svg>", 1000, &head, &rest) == 0);
	CHECK_STR(strbuf_str(&head), "<svg><g class=\"graph\"></g></svg>");
	CHECK_INT((int)rest.len, 0);
	strbuf_reset(&head);

	/* Big: the head is whole marks, closed; the pieces unpack to the rest, each whole marks. */
	CHECK(page_split_svg(strbuf_str(&svg), 4096, &head, &rest) == 0);
	const char *h = strbuf_str(&head);
	size_t hl = strlen(h);
	CHECK(hl > 4096 && hl < 8192);
	CHECK(hl > strlen(epilog) && strcmp(h + hl - strlen(epilog), epilog) == 0);
	CHECK(strncmp(h + hl - strlen(epilog) - 5, "</g>\n", 5) == 0);
	strbuf_put(&back, h, hl - strlen(epilog));
	for (const char *line = strbuf_str(&rest); *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		unsigned char *z = malloc(n), *text = malloc(1 << 20);
		uLongf len = 1 << 20;
		CHECK(uncompress(text, &len, z, unbase64(line, n, z)) == Z_OK);
		CHECK(len <= 256 * 1024 + 200);
		CHECK(strncmp((const char *)text, "<g id=\"e", 8) == 0);
		CHECK(strncmp((const char *)text + len - 5, "</g>\n", 5) == 0);
		strbuf_put(&back, (const char *)text, len);
		free(z);
		free(text);
		pieces++;
		line += n + (eol ? 1 : 0);
	}
	CHECK(pieces >= 3);
	strbuf_puts(&back, epilog);
	CHECK_STR(strbuf_str(&back), strbuf_str(&svg));
	strbuf_free(&svg);
	strbuf_free(&head);
	strbuf_free(&rest);
	strbuf_free(&back);
}

/* Every word page.html ({{t:…}}) and page.js (T("…"), F("…")) ask for has its Chinese in
 * page_words.c: none would stay English in a --lang zh page. Returns how many it checked. */
static int check_words_in(const char *text, const char *const *opens)
{
	int n = 0;

	for (const char *const *o = opens; *o; o++) {
		size_t olen = strlen(*o);
		char close = (*o)[olen - 1] == ':' ? '}' : (*o)[olen - 1];
		for (const char *s = text; (s = strstr(s, *o)); s += olen) {
			const char *end = strchr(s + olen, close);
			if (!end)
				break;
			char *en = strndup(s + olen, (size_t)(end - s - olen));
			if (!page_word_known(en))
				fprintf(stderr, "page word without its Chinese: \"%s\"\n", en);
			CHECK(page_word_known(en));
			free(en);
			n++;
		}
	}
	return n;
}

static void test_words(void)
{
	static const char *const html_opens[] = { "{{t:", NULL };
	static const char *const js_opens[] = { "T('", "F('", "T(\"", "F(\"", NULL };

	CHECK(check_words_in(page_asset_html, html_opens) > 20);
	CHECK(check_words_in(page_asset_js, js_opens) > 50);
	CHECK(!page_word_known("no such words"));
	ptv_lang_set(PTV_LANG_ZH);
	CHECK_STR(page_word("Show leaks"), "显示泄漏");
	CHECK_STR(page_word("running"), ptv_tr("running"));   /* the pictures' word first */
	CHECK_STR(page_word("no such words"), "no such words");
	ptv_lang_set(PTV_LANG_EN);
	CHECK_STR(page_word("Show leaks"), "Show leaks");
}

int main(void)
{
	char dir[] = "/tmp/ptviz-test-page-XXXXXX";

	if (!mkdtemp(dir))
		return 1;
	test_escape(dir);
	test_ids_and_offline(dir);
	test_bad_output(dir);
	test_drawn_once(dir);
	test_split();
	test_words();
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		check_failures++;
	return check_failures ? 1 : 0;
}
