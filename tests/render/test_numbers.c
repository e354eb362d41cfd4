/* test_numbers.c — --numbers: the life events numbered ①②③ in time order, each number once and
 * on the right edge or node (tree, from DOT), the same numbers on the timeline's marks (SVG), a
 * legend line saying what they are, and step frames numbering a prefix of the same order. */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "test_tree.h"

/* The circled number starting at s (①…⑳, ㉑…㉟, ㊱…㊿), or 0. */
static int circled(const unsigned char *s)
{
	if (s[0] < 0xe0 || s[0] > 0xef || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
		return 0;
	unsigned cp = ((unsigned)(s[0] & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	if (cp >= 0x2460 && cp <= 0x2473)
		return (int)(cp - 0x2460 + 1);
	if (cp >= 0x3251 && cp <= 0x325f)
		return (int)(cp - 0x3251 + 21);
	if (cp >= 0x32b1 && cp <= 0x32bf)
		return (int)(cp - 0x32b1 + 36);
	return 0;
}

/* How often each number 1..50 occurs in the file at path (count[0]: none); the file's text. */
static char *count_numbers(const char *path, int count[51])
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0;

	memset(count, 0, sizeof(int) * 51);
	if (!f || getdelim(&text, &len, '\0', f) < 0) {
		CHECK(!"file reads");
		if (f)
			fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	/* The legend's sample "①②③" is no event. */
	for (char *l = strstr(text, "①②③"); l; l = strstr(l, "①②③"))
		memset(l, 'x', strlen("①②③"));
	for (const unsigned char *s = (const unsigned char *)text; *s; s++)
		count[circled(s)]++;
	return text;
}

/* tree_orphan.jsonl, in time order: ① P0's exec, ② fork P1, ③ P1 forks P2, ④ P1 exits,
 * ⑤ P2 adopted by init, ⑥ P0 reaps P1, ⑦ fork P3 (vfork), ⑧ P3 execs true, ⑨ P3 exits,
 * ⑩ fork P4, ⑪ P4 execs sleep, ⑫ P4 killed, ⑬ reaped, ⑭ P3 reaped, ⑮ P0 exits (its reap by
 * ptviz is no event of the program's), ⑯ P2 exits, ⑰ init reaps it. */
static void test_tree(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_orphan.jsonl");
	char path[256];
	int count[51];
	Agraph_t *g;

	opts.stable_ids = true;
	opts.numbers = true;
	g = tt_dot(m, dir, "orphan", &opts);
	if (!g)
		goto out;
	snprintf(path, sizeof path, "%s/orphan.dot", dir);
	free(count_numbers(path, count));
	for (int k = 1; k <= 17; k++)
		CHECK_INT(count[k], 1);
	CHECK_INT(count[18], 0);
	CHECK(tt_has(tt_proc(g, 0), "label", "① orphan"));
	CHECK(tt_edge(g, tt_proc(g, 0), tt_proc(g, 1), "label", "② 1st fork() = 301"));
	CHECK(tt_edge(g, tt_proc(g, 1), tt_proc(g, 2), "label", "③ 1st fork() = 302"));
	CHECK(tt_has(tt_proc(g, 1), "label", "④ exit 0"));
	CHECK(tt_edge(g, agnode(g, "outside_1", 0), tt_proc(g, 2), "label", "⑤ adopted"));
	CHECK(tt_has(tt_proc(g, 1), "label", "⑥ reaped by P0 (wait4)"));
	CHECK(tt_edge(g, tt_proc(g, 0), tt_proc(g, 3), "label", "⑦ 2nd vfork() = 303"));
	CHECK(tt_has(tt_proc(g, 3), "label", "orphan → ⑧ true"));
	CHECK(tt_has(tt_proc(g, 3), "label", "⑨ exit 0"));
	CHECK(tt_has(tt_proc(g, 3), "label", "⑭ "));
	CHECK(tt_has(tt_proc(g, 4), "label", "⑪ sleep"));
	CHECK(tt_has(tt_proc(g, 4), "label", "⑫ killed"));
	CHECK(tt_has(tt_proc(g, 4), "label", "⑬ reaped by P0"));
	CHECK(tt_has(tt_proc(g, 0), "label", "⑮ exit 0"));
	CHECK(tt_has(tt_proc(g, 2), "label", "⑯ exit 0"));
	CHECK(tt_has(tt_proc(g, 2), "label", "⑰ zombie"));
	CHECK(strstr(tt_legend(g), "order of events: fork, exec, exit, adoption, reap") != NULL);
	agclose(g);
	/* Without --numbers, none. */
	opts.numbers = false;
	g = tt_dot(m, dir, "plain", &opts);
	snprintf(path, sizeof path, "%s/plain.dot", dir);
	free(count_numbers(path, count));
	for (int k = 1; k <= 50; k++)
		CHECK_INT(count[k], 0);
	CHECK(g && !strstr(tt_legend(g), "order of events"));
	if (g)
		agclose(g);
out:
	ptv_model_free(m);
}

/* The timeline puts the same numbers on its marks: every one at most once, the lifecycle marks
 * it labels (those where marks crowd, as the forks at the start, keep theirs in the tooltip),
 * and the legend line. */
static void test_timeline(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_orphan.jsonl");
	char path[256], err[512] = "";
	int count[51];

	opts.stable_ids = true;
	opts.numbers = true;
	snprintf(path, sizeof path, "%s/orphan-timeline.svg", dir);
	CHECK_INT(ptv_render_timeline(m, path, &opts, err, sizeof err), 0);
	char *svg = count_numbers(path, count);
	for (int k = 1; k <= 50; k++)
		CHECK(count[k] <= 1);
	CHECK_INT(count[1] + count[4] + count[11] + count[15] + count[17], 5);
	CHECK(svg && strstr(svg, "① exec orphan") && strstr(svg, "⑪ exec sleep"));
	CHECK(svg && strstr(svg, "⑤ orphan → init") && strstr(svg, "⑰ init"));
	CHECK(svg && strstr(svg, "order of events: fork, exec, exit, adoption, reap"));
	free(svg);
	ptv_model_free(m);
}

/* A step frame numbers what it draws as the final picture does: after the log's 6 first events
 * (up to the reparent), ① to ⑤, on the same edges and nodes. */
static void test_steps(const char *dir)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char sub[128], path[256], err[512] = "";
	int frames = 0, count[51];

	snprintf(sub, sizeof sub, "%s/steps", dir);
	o.format = "dot";
	o.stable_ids = true;
	o.numbers = true;
	CHECK_INT(ptv_render_steps("data/tree_orphan.jsonl", sub, &o, &frames, err, sizeof err), 0);
	CHECK_INT(frames, 28);
	snprintf(path, sizeof path, "%s/tree-05.dot", sub);
	free(count_numbers(path, count));
	for (int k = 1; k <= 5; k++)
		CHECK_INT(count[k], 1);
	for (int k = 6; k <= 50; k++)
		CHECK_INT(count[k], 0);
	FILE *f = fopen(path, "r");
	Agraph_t *g = f ? agread(f, NULL) : NULL;
	if (f)
		fclose(f);
	CHECK(g && tt_edge(g, tt_proc(g, 1), tt_proc(g, 2), "label", "③ 1st fork() = 302"));
	CHECK(g && tt_edge(g, agnode(g, "outside_1", 0), tt_proc(g, 2), "label", "⑤ adopted"));
	if (g)
		agclose(g);
}

int main(void)
{
	char dir[64];

	tt_mkdir(dir);
	test_tree(dir);
	test_timeline(dir);
	test_steps(dir);
	tt_rmdir(dir);
	return check_done("test_numbers");
}
