/* test_tree_big.c — a 10,000-process log (a fork loop whose children run `true`; every 100th
 * fails with one of a few codes) folds into a handful of nodes that still account for every
 * process, and renders to SVG. */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "test_tree.h"
#include "gv.h"

#define BIG_CHILDREN 10000

/* The log, built in memory: header, the parent's exec, then fork/exec/exit/reap per child. */
static char *big_log(size_t *len)
{
	strbuf b = STRBUF_INIT;
	long long t = 100;

	strbuf_puts(&b, "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":1000,"
	                "\"root\":1000,\"tracer_pid\":999,\"mode\":\"launch\",\"argv\":[\"./many\"],"
	                "\"start_unix_ns\":0,\"kernel\":\"6.1\",\"clock\":\"CLOCK_MONOTONIC\"}\n");
	strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exec\",\"pid\":1000,\"path\":\"/s/many\","
	                  "\"argv\":[\"./many\"]}\n", t);
	for (int i = 0; i < BIG_CHILDREN; i++) {
		int c = 2000 + i, code = i % 100 ? 0 : (i / 100) % 3;
		t += 1000;
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"fork\",\"pid\":1000,\"child\":%d,\"via\":\"fork\"}\n",
		              t, c);
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exec\",\"pid\":%d,\"path\":\"/usr/bin/true\","
		                  "\"argv\":[\"true\",\"%d\"]}\n", t + 10, c, i);
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":%d}\n", t + 20, c, code);
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"state\",\"pid\":%d,\"state\":\"zombie\"}\n", t + 30, c);
		strbuf_printf(&b, "{\"t\":%lld,\"type\":\"reap\",\"pid\":1000,\"child\":%d,\"via\":\"wait4\"}\n",
		              t + 40, c);
	}
	t += 1000;
	strbuf_printf(&b, "{\"t\":%lld,\"type\":\"exit\",\"pid\":1000,\"code\":0}\n", t);
	strbuf_printf(&b, "{\"t\":%lld,\"type\":\"reap\",\"pid\":999,\"child\":1000,\"via\":\"tracer\"}\n", t + 10);
	strbuf_printf(&b, "{\"t\":%lld,\"type\":\"end\",\"pid\":1000,\"status\":0,\"reason\":\"exited\"}\n", t + 20);
	*len = b.len;
	return b.oom ? (strbuf_free(&b), NULL) : b.s;
}

int main(void)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_diag diag = { 0 };
	ptv_model *m = NULL;
	char dir[64], path[128], err[512] = "";
	size_t len = 0;
	char *log = big_log(&len);
	struct stat st;
	Agraph_t *g;

	CHECK(log != NULL);
	if (!log || ptv_model_load_buffer(&m, "big", log, len, &diag) < 0) {
		fprintf(stderr, "load: %s\n", diag.error);
		free(log);
		return check_done("test_tree_big");
	}
	CHECK_INT(ptv_model_nprocesses(m), BIG_CHILDREN + 1);
	tt_mkdir(dir);
	opts.fold = 8;
	g = tt_dot(m, dir, "big", &opts);
	if (g) {
		/* exit 0 (9,900), exit 1 and exit 2 (33 each), exit 0 again among every 100th: the
		 * zero-coded ones fold with the others, so 3 folds and the parent. */
		int total = 0;
		CHECK_INT(tt_proc_nodes(g), 4);
		for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
			const char *x = strstr(tt_get(n, "label"), "×");
			if (x)
				total += atoi(x + strlen("×"));
		}
		CHECK_INT(total, BIG_CHILDREN);
		CHECK(tt_has(tt_proc(g, 1), "label", "×9934"));
		agclose(g);
	}
	snprintf(path, sizeof path, "%s/big.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), 0);
	CHECK(stat(path, &st) == 0 && st.st_size > 1000);
	tt_rmdir(dir);
	ptv_model_free(m);
	free(log);
	return check_done("test_tree_big");
}
