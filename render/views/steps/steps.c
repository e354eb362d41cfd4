/* steps.c — ptv_render_steps: a slide sequence. Frame k draws the model of the log's first k
 * events — what was true at that moment, nothing guessed — with every node pinned where the
 * final tree's layout puts it (steps_pins.c), so that processes appear in place and nothing
 * moves; the timeline of the same prefix is drawn beside it. Frames fold nothing: a node that
 * stands for several processes would change what it stands for from frame to frame. */
#define _GNU_SOURCE   /* mkdtemp */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gv.h"
#include "steps.h"
#include "vec.h"
#include "view.h"

/* The log in memory, and where each event's line ends. */
typedef struct steps_log {
	char *buf;
	size_t len;
	size_t *ends;        /* ends[k]: bytes up to and including event k+1's newline */
	int nevents;
} steps_log;

/* Read path and find its event lines (every non-empty line after the header). */
static int steps_log_read(steps_log *l, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0;
	int ends_cap = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (l->len + 65536 + 1 > cap) {
			char *b = realloc(l->buf, cap = (l->len + 65536 + 1) * 2);
			if (!b)
				goto oom;
			l->buf = b;
		}
		size_t got = fread(l->buf + l->len, 1, 65536, f);
		l->len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	f = NULL;
	l->buf[l->len] = '\0';
	const char *p = memchr(l->buf, '\n', l->len);
	for (size_t at = p ? (size_t)(p - l->buf) + 1 : l->len; at < l->len;) {
		const char *nl = memchr(l->buf + at, '\n', l->len - at);
		size_t end = nl ? (size_t)(nl - l->buf) + 1 : l->len;
		if (end - at > 1) {
			if (vec_reserve((void **)&l->ends, &ends_cap, l->nevents + 1, sizeof *l->ends) < 0)
				goto oom;
			l->ends[l->nevents++] = end;
		}
		at = end;
	}
	return 0;
oom:
	if (f)
		fclose(f);
	snprintf(err, errlen, "out of memory reading %s", path);
	return -1;
}

/* The "type" of event k (0-based), for the frame's title: "fork", "exit", ... */
static void steps_event_type(const steps_log *l, int k, char *out, size_t len)
{
	size_t from = k > 0 ? l->ends[k - 1] : 0;
	const char *line = l->buf + from, *t = memmem(line, l->ends[k] - from, "\"type\":\"", 8);
	size_t n = 0;

	if (t) {
		t += 8;
		while (t + n < l->buf + l->ends[k] && t[n] != '"' && n + 1 < len)
			n++;
	}
	snprintf(out, len, "%.*s", (int)n, t ? t : "");
}

/* Load the model of the header and the first k events (a prefix of the log: no "end" record,
 * so what still runs is drawn as still running). */
static ptv_model *steps_model(const steps_log *l, int k, char *err, size_t errlen)
{
	ptv_model *m = NULL;
	ptv_diag d = { 0 };
	const char *nl = memchr(l->buf, '\n', l->len);
	size_t len = k > 0 ? l->ends[k - 1] : nl ? (size_t)(nl - l->buf) + 1 : l->len;

	if (ptv_model_load_moment(&m, "log", l->buf, len, &d) < 0)
		snprintf(err, errlen, "%s", d.error[0] ? d.error : "cannot load the log");
	return m;
}

/* Draw m's tree as DOT into tmp and read it back. */
static Agraph_t *steps_tree_graph(const ptv_model *m, const char *tmp, const ptv_render_opts *o,
                                  char *err, size_t errlen)
{
	ptv_render_opts dot = *o;
	Agraph_t *g = NULL;
	FILE *f;

	dot.format = "dot";
	if (ptv_render_tree(m, tmp, &dot, err, errlen) < 0)
		return NULL;
	if ((f = fopen(tmp, "r"))) {
		g = agread(f, NULL);
		fclose(f);
	}
	if (!g)
		snprintf(err, errlen, "cannot read back the tree");
	return g;
}

/* A folder for the frames: made when missing (a directory already there is used). */
static int steps_mkdir(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(dir, 0777) == 0 || (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	snprintf(err, errlen, "%s: %s", dir, errno == EEXIST ? "not a directory" : strerror(errno));
	return -1;
}

typedef struct steps_run {
	const steps_log *log;
	const char *dir, *ext, *tmp;
	int width;               /* digits of the frame numbers */
	ptv_render_opts o;       /* the caller's, unfolded */
	steps_pins pins;
	gv_ctx *ctx;
} steps_run;

/* The frame after the first k events: its tree, pinned, and its timeline. */
static int steps_frame(steps_run *r, int k, char *err, size_t errlen)
{
	ptv_model *m = steps_model(r->log, k, err, errlen);
	char path[4096], type[32], title[600], what[512];
	ptv_render_opts o = r->o;
	Agraph_t *g = NULL;
	int rc = -1;

	if (!m)
		return -1;
	steps_event_type(r->log, k - 1, type, sizeof type);
	snprintf(title, sizeof title, ptv_tr("%s — event %d of %d: %s"), r->o.title ? r->o.title :
	         ptv_describe_title(m, 80, what, sizeof what), k, r->log->nevents, type);
	/* A frame is a prefix of the log by design: not "cut short", the event count says where. */
	const char *cs = ptv_tr(" (log cut short)");
	char *cut = strstr(title, cs);
	if (cut)
		memmove(cut, cut + strlen(cs), strlen(cut + strlen(cs)) + 1);
	o.title = r->o.title && !*r->o.title ? "" : title;
	if (!(g = steps_tree_graph(m, r->tmp, &o, err, errlen)))
		goto out;
	steps_pins_apply(&r->pins, g);
	snprintf(path, sizeof path, "%s/tree-%0*d.%s", r->dir, r->width, k, r->ext);
	if (gv_render(r->ctx, g, "nop2", path, &o, err, errlen) < 0)
		goto out;
	snprintf(path, sizeof path, "%s/timeline-%0*d.%s", r->dir, r->width, k, r->ext);
	rc = ptv_render_timeline(m, path, &o, err, errlen);
out:
	if (g)
		agclose(g);
	ptv_model_free(m);
	return rc;
}

/* Lay out the whole log's tree once: every frame's positions. */
static int steps_final(steps_run *r, char *err, size_t errlen)
{
	ptv_model *m = steps_model(r->log, r->log->nevents, err, errlen);
	Agraph_t *g = NULL;
	int rc = -1;

	if (!m)
		return -1;
	if ((g = steps_tree_graph(m, r->tmp, &r->o, err, errlen)))
		rc = steps_pins_capture(&r->pins, gv_ctx_gvc(r->ctx), g, err, errlen);
	if (g)
		agclose(g);
	ptv_model_free(m);
	return rc;
}

int ptv_render_steps(const char *log_path, const char *dir, const ptv_render_opts *opts,
                     int *nframes, char *err, size_t errlen)
{
	static const ptv_render_opts defaults = PTV_RENDER_OPTS_INIT;
	steps_log log = { 0 };
	steps_run r = { .log = &log, .dir = dir };
	char tmpdir[4096] = "", tmp[4200];
	const char *t = getenv("TMPDIR");
	int every, rc = -1;

	*nframes = 0;
	r.o = opts ? *opts : defaults;
	r.o.fold = 0;
	r.o.steps_dir = NULL;
	r.o.on_progress = NULL;
	r.o.fresh_outputs = false;
	every = r.o.steps_every > 0 ? r.o.steps_every : 1;
	if (!(r.ext = gv_format_pick(r.o.format ? NULL : "x.svg", r.o.format, err, errlen)) ||
	    !view_theme(NULL, &r.o, err, errlen))
		return -1;
	if (steps_log_read(&log, log_path, err, errlen) < 0 || steps_mkdir(dir, err, errlen) < 0 ||
	    gv_ctx_new(&r.ctx, err, errlen) < 0)
		goto out;
	snprintf(tmpdir, sizeof tmpdir, "%s/ptviz-steps-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		snprintf(err, errlen, "%s: %s", tmpdir, strerror(errno));
		tmpdir[0] = '\0';
		goto out;
	}
	snprintf(tmp, sizeof tmp, "%s/frame.dot", tmpdir);
	r.tmp = tmp;
	r.width = snprintf(NULL, 0, "%d", log.nevents);
	if (steps_final(&r, err, errlen) < 0)
		goto out;
	for (int k = every; ; k += every) {
		if (k > log.nevents)
			k = log.nevents;
		if (steps_frame(&r, k, err, errlen) < 0)
			goto out;
		(*nframes)++;
		if (k == log.nevents)
			break;
	}
	rc = 0;
out:
	if (tmpdir[0]) {
		unlink(tmp);
		rmdir(tmpdir);
	}
	steps_pins_free(&r.pins);
	gv_ctx_free(r.ctx);
	free(log.buf);
	free(log.ends);
	return rc;
}
