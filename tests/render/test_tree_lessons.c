/* test_tree_lessons.c — what the course's lessons need from the tree, read back from DOT: the
 * fork return values and per-parent fork numbers on the birth edges (fork_nobreak), pid and
 * ppid beside the stable ids, and what each process printed, numbered in order beside the tree
 * with each node naming its lines (global_var's identical addresses), partial lines joined and
 * the --output-max cap said. */
#define _GNU_SOURCE
#include "test_tree.h"

/* fork_nobreak: P0 forks P1, P2, P3; P1 forks P4 then P6; P2 forks P5; P4 forks P7. */
static void test_fork_numbers(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_fork_nobreak.jsonl");
	Agraph_t *g;

	opts.stable_ids = true;
	g = tt_dot(m, dir, "fork_nobreak", &opts);
	if (!g)
		goto out;
	Agedge_t *e1 = tt_edge(g, tt_proc(g, 0), tt_proc(g, 1), "label", NULL);
	Agedge_t *e3 = tt_edge(g, tt_proc(g, 0), tt_proc(g, 3), "label", NULL);
	Agedge_t *e6 = tt_edge(g, tt_proc(g, 1), tt_proc(g, 6), "label", NULL);
	CHECK(e1 && e3 && e6);
	CHECK(tt_has(e1, "label", "1st fork() = 14756"));
	CHECK(tt_has(e1, "label", "in the child: 0"));
	CHECK(tt_has(e3, "label", "3rd fork() = 14758"));
	CHECK(tt_has(e6, "label", "2nd fork() = 14761"));
	/* The real pid and ppid beside P-ids. */
	CHECK(tt_has(tt_proc(g, 6), "label", "pid 14761 · ppid 14756"));
	CHECK(tt_has(tt_proc(g, 0), "label", "ppid 14749 (ptviz)"));
	/* Each process printed one line; the root's came last (it waited for the others). */
	CHECK(tt_has(tt_proc(g, 0), "label", "printed 8"));
	CHECK(tt_has(agnode(g, "output", 0), "label", "process pid=14754 ppid=14749 forked=3 reaped=3"));
	agclose(g);
out:
	ptv_model_free(m);
}

/* global_var: both lines in full, in the order written, the child's first. */
static void test_global_var(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_global_var.jsonl");
	Agraph_t *g = tt_dot(m, dir, "global_var", &opts);

	if (!g)
		goto out;
	const char *list = tt_get(agnode(g, "output", 0), "label");
	const char *child = strstr(list, "child: counter=11 at 0x555ab2870040");
	const char *parent = strstr(list, "parent: counter=10 at 0x555ab2870040");
	CHECK(child && parent && child < parent);
	CHECK(strstr(list, "<B>1</B>") && strstr(list, "<B>2</B>"));
	CHECK(tt_has(tt_proc(g, 1), "label", "printed 1"));
	CHECK(tt_has(tt_proc(g, 0), "label", "printed 2"));
	/* The list and the legend in one column: the legend under the list. */
	CHECK(tt_edge(g, agnode(g, "output", 0), agnode(g, "legend", 0), "style", "invis"));
	/* pids by default: no "pid ..." row, the ppid still. */
	CHECK(tt_has(tt_proc(g, 1), "label", "ppid 32655"));
	agclose(g);
out:
	ptv_model_free(m);
}

/* Lines split across writes are joined; stderr is marked; the cap is said. */
static void test_output_cut(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_output_cut.jsonl");
	Agraph_t *g;

	opts.stable_ids = true;
	g = tt_dot(m, dir, "output_cut", &opts);
	if (!g)
		goto out;
	CHECK_INT((int)ptv_model_header(m)->output_max, 16);
	CHECK(ptv_model_output(m, 2)->cut);
	const char *list = tt_get(agnode(g, "output", 0), "label");
	const char *oops = strstr(list, "oops!"), *hello = strstr(list, "hello world");
	CHECK(oops && hello && oops < hello);
	CHECK(strstr(list, "(stderr)") != NULL);
	CHECK(strstr(list, "second li") != NULL);
	CHECK(strstr(list, "more than the 16 bytes recorded (--output-max)") != NULL);
	CHECK(tt_has(tt_proc(g, 1), "label", "printed 1, 4"));
	CHECK(tt_has(tt_proc(g, 0), "label", "printed 2, 3"));
	agclose(g);
out:
	ptv_model_free(m);
}

/* fork_loop, the course's first picture, fits a slide: at most 1500 pt (2000 px at 96 dpi)
 * either way (it was 1868 pt wide), with each orphaned zombie's time split on a row of its own. */
static void test_fork_loop_compact(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_fork_loop.jsonl");
	char path[256], err[512] = "", line[512] = "";
	double w = 0, h = 0;
	Agraph_t *g;
	FILE *f;

	opts.stable_ids = true;
	snprintf(path, sizeof path, "%s/fork_loop.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), 0);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f) && !strstr(line, "<svg width="))
		;
	if (f)
		fclose(f);
	CHECK_INT(sscanf(strstr(line, "<svg width=") ? strstr(line, "<svg width=") : "",
	                 "<svg width=\"%lfpt\" height=\"%lfpt\"", &w, &h), 2);
	CHECK(w > 0 && w <= 1500 && h > 0 && h <= 1500);
	g = tt_dot(m, dir, "fork_loop", &opts);
	if (g) {
		CHECK(tt_has(tt_proc(g, 1), "label", "parent alive "));
		CHECK(tt_has(tt_proc(g, 1), "label", " · orphaned "));
		agclose(g);
	}
	ptv_model_free(m);
}

int main(void)
{
	char dir[64];

	tt_mkdir(dir);
	test_fork_loop_compact(dir);
	test_fork_numbers(dir);
	test_global_var(dir);
	test_output_cut(dir);
	tt_rmdir(dir);
	return check_done("test_tree_lessons");
}
