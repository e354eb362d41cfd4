/* test_timeline_render.c — ptv_render_timeline end to end: every format comes out with the right
 * magic; the DOT output, read back with agread, has one pinned label node per lane at the lane's
 * height, stable ids when asked, user text escaped; themes and errors. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <graphviz/cgraph.h>

#include "check.h"
#include "timeline.h"

static char dir[64];

static ptv_model *load(const char *path)
{
	ptv_model *m = NULL;
	ptv_diag d = { 0 };

	if (ptv_model_load(&m, path, &d) < 0) {
		fprintf(stderr, "cannot load %s: %s\n", path, d.error);
		return NULL;
	}
	return m;
}

static char *out_path(const char *name)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

/* The first n bytes of a file (NUL-terminated), or "" when it cannot be read. */
static void head(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "rb");
	size_t got = 0;

	if (f) {
		got = fread(buf, 1, n - 1, f);
		fclose(f);
	}
	buf[got] = '\0';
}

/* Render in a child process. Graphviz 2.42's pango plugin keeps a pointer to the last font name
 * it measured, which gvFreeContext frees: a second render in the same process reads freed memory
 * (AddressSanitizer stops there). One render per process is what the CLI does. */
static int render(const ptv_model *m, const char *path, const char *theme, bool stable)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char err[256] = "";
	int status = 0;

	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		o.theme = theme;
		o.stable_ids = stable;
		int rc = ptv_render_timeline(m, path, &o, err, sizeof(err));
		if (rc < 0)
			fprintf(stderr, "render %s: %s\n", path, err);
		_exit(rc < 0 ? 1 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static Agraph_t *read_dot(const char *path)
{
	FILE *f = fopen(path, "r");
	Agraph_t *g = f ? agread(f, NULL) : NULL;

	if (f)
		fclose(f);
	return g;
}

static void test_formats(void)
{
	ptv_model *m = load("data/timeline_fork_loop.jsonl");
	char buf[600];

	if (!m) {
		CHECK(m != NULL);
		return;
	}
	CHECK_INT(render(m, out_path("t.svg"), "light", false), 0);
	head(out_path("t.svg"), buf, sizeof(buf));
	CHECK(strstr(buf, "<svg") != NULL);
	CHECK_INT(render(m, out_path("t.png"), "light", false), 0);
	head(out_path("t.png"), buf, 9);
	CHECK(memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0);
	CHECK_INT(render(m, out_path("t.pdf"), "print", false), 0);
	head(out_path("t.pdf"), buf, 6);
	CHECK(memcmp(buf, "%PDF-", 5) == 0);
	CHECK_INT(render(m, out_path("t.dot"), "light", false), 0);
	head(out_path("t.dot"), buf, sizeof(buf));
	CHECK(strncmp(buf, "digraph", 7) == 0);

	/* The dark theme paints its background. */
	CHECK_INT(render(m, out_path("dark.svg"), "dark", false), 0);
	FILE *f = fopen(out_path("dark.svg"), "r");
	bool dark = false;
	char line[4096];
	while (f && fgets(line, sizeof(line), f))
		dark |= strstr(line, "#1e2127") != NULL;
	if (f)
		fclose(f);
	CHECK(dark);
	ptv_model_free(m);
}

/* Lane label nodes of a DOT file: count them and check they are pinned at their lane's height. */
static int check_lanes(const char *path, const char *const *names, int n)
{
	Agraph_t *g = read_dot(path);
	int lanes = 0;

	CHECK(g != NULL);
	if (!g)
		return -1;
	CHECK_STR(agget(g, "layout"), "nop2");
	CHECK_STR(agget(g, "outputorder"), "edgesfirst");
	CHECK_STR(agget(g, "splines"), "line");
	for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
		const char *pos = agget(v, "pos");
		/* Every node is pinned. */
		CHECK(pos && strlen(pos) > 1 && pos[strlen(pos) - 1] == '!');
		if (strncmp(agnameof(v), "lane_", 5) == 0)
			lanes++;
	}
	for (int i = 0; i < n; i++) {
		Agnode_t *v = agnode(g, (char *)names[i], 0);
		CHECK(v != NULL);
		if (!v)
			continue;
		double x = 0, y = 1;
		CHECK(sscanf(agget(v, "pos"), "%lf,%lf!", &x, &y) == 2);
		CHECK(y > -i * TIMELINE_LANE_H - 0.01 && y < -i * TIMELINE_LANE_H + 0.01);
		CHECK(x > 0);
	}
	agclose(g);
	return lanes;
}

static void test_dot_lanes(void)
{
	ptv_model *m = load("data/timeline_fork_loop.jsonl");
	static const char *const pids[] = { "lane_1234", "lane_1235", "lane_1236", "lane_1237" };
	static const char *const stable[] = { "lane_P0", "lane_P1", "lane_P2", "lane_P3" };

	if (!m) {
		CHECK(m != NULL);
		return;
	}
	CHECK_INT(render(m, out_path("lanes.dot"), "light", false), 0);
	CHECK_INT(check_lanes(out_path("lanes.dot"), pids, 4), 4);
	CHECK_INT(render(m, out_path("stable.dot"), "light", true), 0);
	CHECK_INT(check_lanes(out_path("stable.dot"), stable, 4), 4);

	/* The cut is on the axis with the removed time. */
	Agraph_t *g = read_dot(out_path("lanes.dot"));
	bool cut = false;
	for (Agnode_t *v = g ? agfstnode(g) : NULL; v; v = agnxtnode(g, v)) {
		const char *label = agget(v, "label");
		cut |= label && strstr(label, "⋯ 500 ms ⋯") != NULL;
	}
	CHECK(cut);
	if (g)
		agclose(g);
	ptv_model_free(m);
}

/* A pid used twice in one trace still gives two lanes. */
static void test_pid_reuse(void)
{
	ptv_model *m = load("data/timeline_reuse.jsonl");

	if (!m) {
		CHECK(m != NULL);
		return;
	}
	CHECK_INT(render(m, out_path("reuse.dot"), "light", false), 0);
	Agraph_t *g = read_dot(out_path("reuse.dot"));
	int lanes = 0;
	for (Agnode_t *v = g ? agfstnode(g) : NULL; v; v = agnxtnode(g, v))
		lanes += strncmp(agnameof(v), "lane_", 5) == 0;
	CHECK_INT(lanes, ptv_model_nprocesses(m));
	CHECK(g && agnode(g, "lane_501", 0) && agnode(g, "lane_501_P2", 0));
	if (g)
		agclose(g);
	ptv_model_free(m);
}

static void test_escaping(void)
{
	ptv_model *m = load("data/timeline_escape.jsonl");
	char buf[64];

	if (!m) {
		CHECK(m != NULL);
		return;
	}
	CHECK_INT(render(m, out_path("esc.dot"), "light", false), 0);
	Agraph_t *g = read_dot(out_path("esc.dot"));
	CHECK(g != NULL);
	if (g) {
		/* "run\N" must not expand to the node's name: the backslash is doubled. */
		Agnode_t *v = agnode(g, "lane_700", 0);
		const char *label = v ? agget(v, "label") : NULL;
		CHECK(label && strstr(label, "run\\\\N") != NULL);
		v = agnode(g, "lane_701", 0);
		label = v ? agget(v, "label") : NULL;
		CHECK(label && strstr(label, "<script>") != NULL);
		agclose(g);
	}
	/* And the hostile text renders. */
	CHECK_INT(render(m, out_path("esc.svg"), "light", false), 0);
	CHECK_INT(render(m, out_path("esc.png"), "dark", false), 0);
	head(out_path("esc.png"), buf, 9);
	CHECK(memcmp(buf, "\x89PNG", 4) == 0);
	ptv_model_free(m);
}

static void test_errors(void)
{
	ptv_model *m = load("data/timeline_zombie.jsonl");
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char err[256] = "";

	if (!m) {
		CHECK(m != NULL);
		return;
	}
	o.theme = "neon";
	CHECK_INT(ptv_render_timeline(m, out_path("x.svg"), &o, err, sizeof(err)), -1);
	CHECK(strstr(err, "neon") != NULL);
	o.theme = "light";
	err[0] = '\0';
	CHECK_INT(ptv_render_timeline(m, out_path("x.xyz"), &o, err, sizeof(err)), -1);
	CHECK(strstr(err, "xyz") != NULL);
	/* Laid out, then not writable: fails, leaving nothing behind. */
	CHECK_INT(render(m, "/nonexistent-dir/x.svg", "light", false), -1);
	CHECK(access(out_path("x.svg"), F_OK) != 0);
	ptv_model_free(m);
}

static void cleanup(void)
{
	static const char *const files[] = { "t.svg", "t.png", "t.pdf", "t.dot", "dark.svg",
	                                     "lanes.dot", "stable.dot", "esc.dot", "esc.svg", "esc.png",
	                                     "reuse.dot" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(out_path(files[i]));
	rmdir(dir);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ptviz-timeline-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_formats();
	test_dot_lanes();
	test_pid_reuse();
	test_escaping();
	test_errors();
	cleanup();
	return check_done("test_timeline_render");
}
