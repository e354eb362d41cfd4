/* test_steps.c — --steps: one frame (tree and timeline) per event or per N events and one after
 * the last; every process's node sits where the final layout puts it, in every frame it is in;
 * a frame says which event it follows; a zombie whose parent still runs is not yet a leak. */
#define _GNU_SOURCE
#include <dirent.h>
#include <sys/stat.h>

#include "test_tree.h"

/* Event lines in the log (every non-empty line after the header). */
static int log_events(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[65536];
	int n = -1;

	while (f && fgets(line, sizeof line, f))
		n += line[0] != '\n';
	if (f)
		fclose(f);
	return n;
}

/* Files in dir whose name starts with prefix. */
static int count_files(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (d)
		closedir(d);
	return n;
}

static Agraph_t *read_dot(const char *path)
{
	FILE *f = fopen(path, "r");
	Agraph_t *g = f ? agread(f, NULL) : NULL;

	if (f)
		fclose(f);
	return g;
}

static void test_frames(const char *dir)
{
	const char *log = "data/tree_daemon.jsonl";
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char sub[128], path[256], err[512] = "", want_pos[8][64] = { { 0 } };
	int events = log_events(log), frames = 0;

	CHECK(events > 5);
	/* Every 3 events, and the last: ceil(events / 3) frames of each view. */
	snprintf(sub, sizeof sub, "%s/every3", dir);
	o.format = "dot";
	o.steps_every = 3;
	o.stable_ids = true;
	CHECK_INT(ptv_render_steps(log, sub, &o, &frames, err, sizeof err), 0);
	CHECK_INT(frames, (events + 2) / 3);
	CHECK_INT(count_files(sub, "tree-"), frames);
	CHECK_INT(count_files(sub, "timeline-"), frames);

	/* One per event; a node is pinned at the same place in each frame it is drawn in. */
	snprintf(sub, sizeof sub, "%s/each", dir);
	o.steps_every = 0;
	CHECK_INT(ptv_render_steps(log, sub, &o, &frames, err, sizeof err), 0);
	CHECK_INT(frames, events);
	int width = snprintf(NULL, 0, "%d", events), seen[8] = { 0 }, first_seen[8];
	for (int i = 0; i < 8; i++)
		first_seen[i] = -1;
	for (int k = 1; k <= events; k++) {
		snprintf(path, sizeof path, "%s/tree-%0*d.dot", sub, width, k);
		Agraph_t *g = read_dot(path);
		CHECK(g != NULL);
		if (!g)
			continue;
		char want[64];
		snprintf(want, sizeof want, "event %d of %d", k, events);
		CHECK(tt_has(g, "label", want));
		CHECK(!tt_has(g, "label", "cut short"));
		for (int i = 0; i < 8; i++) {
			Agnode_t *n = tt_proc(g, i);
			if (!n)
				continue;
			const char *pos = tt_get(n, "pos");
			CHECK(pos[0] != '\0');
			if (first_seen[i] < 0) {
				first_seen[i] = k;
				snprintf(want_pos[i], sizeof want_pos[i], "%s", pos);
			}
			CHECK_STR(pos, want_pos[i]);
			/* The daemon leaks nothing: P1's zombie before P0's wait4 is not reaped yet. */
			CHECK(!tt_has(n, "label", "LEAK"));
			seen[i]++;
		}
		agclose(g);
	}
	/* The daemon's three processes appear one after another and stay. */
	CHECK(seen[0] == events && seen[1] > 0 && seen[2] > 0);
	CHECK(first_seen[1] > 1 && first_seen[2] > first_seen[1]);
	CHECK_INT(seen[2], events - first_seen[2] + 1);
}

/* Bad input: one reason, no frames. */
static void test_errors(const char *dir)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	char sub[128], err[512] = "";
	int frames = -1;

	snprintf(sub, sizeof sub, "%s/none", dir);
	CHECK_INT(ptv_render_steps("data/no-such-log.jsonl", sub, &o, &frames, err, sizeof err), -1);
	CHECK(strstr(err, "No such file") != NULL);
	CHECK_INT(frames, 0);
	o.format = "gif";
	CHECK_INT(ptv_render_steps("data/tree_daemon.jsonl", sub, &o, &frames, err, sizeof err), -1);
	CHECK(strstr(err, "gif") != NULL);
	struct stat st;
	CHECK(stat(sub, &st) != 0);
}

int main(void)
{
	char dir[64];

	tt_mkdir(dir);
	test_frames(dir);
	test_errors(dir);
	tt_rmdir(dir);
	return check_failures ? 1 : 0;
}
