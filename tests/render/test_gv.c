/* test_gv.c — the Graphviz plumbing: every format renders with the right magic, even with the
 * plugin config out of reach; bad formats and unwritable paths fail cleanly; user text is escaped. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "gv.h"

/* A small graph with an HTML label and a plain label holding hostile user text. */
static Agraph_t *sample_graph(void)
{
	const gv_theme *t = gv_theme_get("light");
	Agraph_t *g = gv_graph_new("sample", t, NULL, 0);
	Agnode_t *a = agnode(g, "a", 1), *b = agnode(g, "b", 1);
	strbuf html = STRBUF_INIT, plain = STRBUF_INIT;

	strbuf_puts(&html, "<B>");
	gv_text_html(&html, "sh -c 'a < b && echo \"x\"'\n\\N");
	strbuf_puts(&html, "</B>");
	gv_set_html(a, "label", strbuf_str(&html));
	gv_text_label(&plain, "C:\\N\\n<&>\xff");
	gv_set(b, "label", strbuf_str(&plain));
	gv_set(b, "shape", "box");
	agedge(g, a, b, NULL, 1);
	strbuf_free(&html);
	strbuf_free(&plain);
	return g;
}

/* Whether the file at path starts with magic. */
static bool file_starts(const char *path, const char *magic)
{
	char buf[64] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	return n >= strlen(magic) && memcmp(buf, magic, strlen(magic)) == 0;
}

/* Number of entries in dir besides . and .. */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void test_formats(gv_ctx *c, const char *dir)
{
	static const struct { const char *name, *magic, *alt; } cases[] = {
		{ "out.svg", "<?xml", "<svg" }, { "out.png", "\x89PNG", NULL },
		{ "out.pdf", "%PDF", NULL }, { "out.dot", "digraph", NULL },
	};
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	char path[512], err[256];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		Agraph_t *g = sample_graph();
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
		err[0] = '\0';
		int rc = gv_render(c, g, "dot", path, &opts, err, sizeof err);
		CHECK_INT(rc, 0);
		if (rc)
			fprintf(stderr, "%s: %s\n", cases[i].name, err);
		CHECK(stat(path, &st) == 0 && st.st_size > 100);
		CHECK(file_starts(path, cases[i].magic) || (cases[i].alt && file_starts(path, cases[i].alt)));
		agclose(g);
	}
	/* An explicit format wins over the extension. */
	Agraph_t *g = sample_graph();
	opts.format = "dot";
	snprintf(path, sizeof path, "%s/forced.svg", dir);
	CHECK_INT(gv_render(c, g, "dot", path, &opts, err, sizeof err), 0);
	CHECK(file_starts(path, "digraph"));
	agclose(g);
	/* Only the four outputs and forced.svg: no temporary files left behind. */
	CHECK_INT(dir_entries(dir), 5);
}

static void test_dot_reads_back(gv_ctx *c, const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	char path[512], err[256];
	Agraph_t *g = sample_graph(), *back;
	FILE *f;

	snprintf(path, sizeof path, "%s/back.dot", dir);
	CHECK_INT(gv_render(c, g, "dot", path, &opts, err, sizeof err), 0);
	agclose(g);
	f = fopen(path, "r");
	back = f ? agread(f, NULL) : NULL;
	if (f)
		fclose(f);
	CHECK(back != NULL);
	if (!back)
		return;
	CHECK_INT(agnnodes(back), 2);
	CHECK_INT(agnedges(back), 1);
	Agnode_t *a = agnode(back, "a", 0), *b = agnode(back, "b", 0);
	CHECK(a && b);
	if (a && b) {
		const char *la = agget(a, "label"), *lb = agget(b, "label");
		CHECK(aghtmlstr((char *)la));
		CHECK(strstr(la, "&lt; b &amp;&amp; echo &quot;x&quot;&#39;") != NULL);
		CHECK(strstr(la, "\\\\n\\\\N") != NULL);  /* newline shown as \n, \N kept literal */
		CHECK(strchr(la, '\n') == NULL);
		CHECK_STR(lb, "C:\\\\N\\\\n<&>\xef\xbf\xbd");
		CHECK_STR(agget(back, "layout"), "dot");
	}
	agclose(back);
}

static void test_errors(gv_ctx *c, const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	char path[512], err[256];
	Agraph_t *g = sample_graph();

	opts.format = "xyz";
	snprintf(path, sizeof path, "%s/bad.svg", dir);
	CHECK_INT(gv_render(c, g, "dot", path, &opts, err, sizeof err), -1);
	CHECK_STR(err, "unknown output format 'xyz' (use svg, png, pdf or dot)");
	opts.format = NULL;
	snprintf(path, sizeof path, "%s/bad.jpg", dir);
	CHECK_INT(gv_render(c, g, "dot", path, &opts, err, sizeof err), -1);
	CHECK_STR(err, "unknown output format 'jpg' (use svg, png, pdf or dot)");
	snprintf(path, sizeof path, "%s/no/such/dir/out.svg", dir);
	CHECK_INT(gv_render(c, g, "dot", path, &opts, err, sizeof err), -1);
	CHECK(strstr(err, "No such file or directory") != NULL);
	/* A layout Graphviz does not know fails and leaves nothing behind. */
	snprintf(path, sizeof path, "%s/nolayout.svg", dir);
	CHECK_INT(gv_render(c, g, "no-such-engine", path, &opts, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	CHECK(access(path, F_OK) != 0);
	CHECK_INT(dir_entries(dir), 0);
	/* A failed render over an existing file leaves the old file as it was. */
	snprintf(path, sizeof path, "%s/keep.svg", dir);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("old picture\n", f);
		fclose(f);
	}
	CHECK_INT(gv_render(c, g, "no-such-engine", path, &opts, err, sizeof err), -1);
	CHECK(file_starts(path, "old picture"));
	CHECK_INT(dir_entries(dir), 1);
	/* A good one replaces it. */
	CHECK_INT(gv_render(c, g, "dot", path, &opts, err, sizeof err), 0);
	CHECK(file_starts(path, "<?xml") || file_starts(path, "<svg"));
	CHECK_INT(dir_entries(dir), 1);
	agclose(g);

	CHECK_STR(ptv_render_format_for("a/b.c/x.SVG"), "svg");
	CHECK_STR(ptv_render_format_for("tree.gv"), "dot");
	CHECK(ptv_render_format_for("a.d/noext") == NULL);
	CHECK(ptv_render_format_for("x.jpeg") == NULL);
}

static void test_text(void)
{
	strbuf b = STRBUF_INIT;

	gv_text_plain(&b, "a\tb\x01\xc3\xa9\xed\xa0\x80");   /* tab, ^A, é, a UTF-16 surrogate */
	CHECK_STR(strbuf_str(&b), "a\\tb\\x01\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	strbuf_reset(&b);
	gv_text_html_clip(&b, "<<<<<", 3);
	CHECK_STR(strbuf_str(&b), "&lt;&lt;&lt;…");
	strbuf_reset(&b);
	gv_text_label_clip(&b, "\xc3\xa9\xc3\xa9", 2);
	CHECK_STR(strbuf_str(&b), "\xc3\xa9\xc3\xa9");
	strbuf_reset(&b);
	strbuf_printf(&b, "%d-%s", 42, "x");
	CHECK_STR(strbuf_str(&b), "42-x");
	strbuf_free(&b);
	CHECK_STR(strbuf_str(&b), "");

	CHECK(gv_theme_get(NULL) == gv_theme_get("light"));
	CHECK(gv_theme_get("dark") != NULL && gv_theme_get("print") != NULL);
	CHECK(gv_theme_get("neon") == NULL);
	/* Every kind of link differs from every other in style or arrowhead, not only colour. */
	const gv_theme *p = gv_theme_get("print");
	for (int i = 0; i < GV_LINK_COUNT; i++)
		for (int j = i + 1; j < GV_LINK_COUNT; j++)
			CHECK(strcmp(p->link[i].arrowhead, p->link[j].arrowhead) != 0 ||
			      strcmp(p->link[i].style, p->link[j].style) != 0);
}

int main(void)
{
	char dir[] = "/tmp/ptviz-test-gv-XXXXXX", sub[128], err[256];
	gv_ctx *c = NULL;

	/* The context must not depend on Graphviz's plugin config being where gvContext looks. */
	setenv("GVBINDIR", "/nonexistent", 1);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	CHECK_INT(gv_ctx_new(&c, err, sizeof err), 0);
	if (!c) {
		fprintf(stderr, "gv_ctx_new: %s\n", err);
		return check_done("test_gv");
	}
	snprintf(sub, sizeof sub, "%s/formats", dir);
	mkdir(sub, 0700);
	test_formats(c, sub);
	snprintf(sub, sizeof sub, "%s/back", dir);
	mkdir(sub, 0700);
	test_dot_reads_back(c, sub);
	snprintf(sub, sizeof sub, "%s/errors", dir);
	mkdir(sub, 0700);
	test_errors(c, sub);
	test_text();
	gv_ctx_free(c);
	gv_ctx_free(NULL);

	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_done("test_gv");
}
