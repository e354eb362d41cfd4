/* gv.c — a Graphviz context that does not depend on the plugin config, and atomic output.
 *
 * gvContext() finds its plugins through config6a, a file generated at package install time
 * (`dot -c`) and owned by no package: when it is missing, every layout fails with
 * 'Layout type: "dot" not recognized'. We therefore load the plugin libraries ourselves from the
 * graphviz/ directory beside libgvc and hand their descriptors to gvContextPlugins().
 */
#define _GNU_SOURCE   /* dlinfo, asprintf */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <graphviz/types.h>

#include "gv.h"
#include "outfile.h"

struct gv_ctx {
	GVC_t *gvc;     /* the process's shared context (gv_shared), not owned */
};

/* One Graphviz context per process, created on first use and never freed. The pango plugin of
 * 2.42 (gvtextlayout_pango.c) caches a pointer to the last font name it laid out, and that name
 * is owned by the context: after gvFreeContext, the next context's first text layout reads freed
 * memory (AddressSanitizer catches it when a tree and a timeline are drawn in one run). The dot
 * command line avoids it the same way, with one context for all its graphs. */
static GVC_t *gv_shared;

/* The plugin libraries ptviz needs: layouts, svg/dot (core), png/pdf and text metrics (pango),
 * with the symbol each exports its descriptor under. */
static const struct { const char *lib, *sym; } gv_plugins[] = {
	{ "core", "gvplugin_core_LTX_library" },
	{ "dot_layout", "gvplugin_dot_layout_LTX_library" },
	{ "neato_layout", "gvplugin_neato_layout_LTX_library" },
	{ "pango", "gvplugin_pango_LTX_library" },
};
#define GV_NPLUGINS (sizeof gv_plugins / sizeof gv_plugins[0])

/* Directory holding libgvc.so.6, found through the loader so that a multiarch or /usr/local
 * install works alike. Returns 0 or -1. */
static int gv_libdir(char *dir, size_t len)
{
	void *h = dlopen("libgvc.so.6", RTLD_LAZY | RTLD_NOLOAD);
	char origin[PATH_MAX];
	int rc = -1;

	if (!h)
		return -1;
	if (dlinfo(h, RTLD_DI_ORIGIN, origin) == 0 && strlen(origin) < len) {
		strcpy(dir, origin);
		rc = 0;
	}
	dlclose(h);
	return rc;
}

/* Load the plugins into syms (a NULL-terminated builtins table). The libraries stay loaded for
 * the life of the process, as Graphviz's own demand loading does: pango and cairo register
 * global state that does not survive being unloaded. Returns how many were found. */
static int gv_load_plugins(lt_symlist_t *syms)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	int n = 0;

	if (gv_libdir(dir, sizeof dir) < 0)
		return 0;
	for (size_t i = 0; i < GV_NPLUGINS; i++) {
		snprintf(path, sizeof path, "%s/graphviz/libgvplugin_%s.so.6", dir, gv_plugins[i].lib);
		void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		void *lib = h ? dlsym(h, gv_plugins[i].sym) : NULL;
		if (!lib)
			continue;
		syms[n].name = gv_plugins[i].sym;
		syms[n].address = lib;
		n++;
	}
	syms[n].name = NULL;
	syms[n].address = NULL;
	return n;
}

/* Whether the context knows the "dot" layout. */
static bool gv_has_dot(GVC_t *gvc)
{
	int n = 0;
	char **list = gvPluginList(gvc, "layout", &n, NULL);
	bool found = false;

	for (int i = 0; i < n; i++) {
		if (strcmp(list[i], "dot") == 0)
			found = true;
		free(list[i]);
	}
	free(list);
	return found;
}

int gv_ctx_new(gv_ctx **out, char *err, size_t errlen)
{
	/* The context keeps a pointer to its builtins table: it must outlive it, like gv_shared. */
	static lt_symlist_t syms[GV_NPLUGINS + 1];
	gv_ctx *c = calloc(1, sizeof *c);
	int rc = -1;

	*out = NULL;
	if (!c) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (gv_shared) {
		c->gvc = gv_shared;
		*out = c;
		return 0;
	}
	if (gv_load_plugins(syms) > 0)
		c->gvc = gvContextPlugins(syms, 0);
	if (c->gvc && !gv_has_dot(c->gvc)) {
		gvFreeContext(c->gvc);
		c->gvc = NULL;
	}
	if (!c->gvc)
		c->gvc = gvContext();
	if (!c->gvc) {
		snprintf(err, errlen, "cannot create a Graphviz context");
		goto out;
	}
	if (!gv_has_dot(c->gvc)) {
		snprintf(err, errlen, "Graphviz has no \"dot\" layout: its plugin list is missing "
		         "(run `dot -c` as root to regenerate it)");
		goto out;
	}
	gv_shared = c->gvc;
	*out = c;
	c = NULL;
	rc = 0;
out:
	if (c && c->gvc)
		gvFreeContext(c->gvc);
	free(c);
	return rc;
}

void gv_ctx_free(gv_ctx *c)
{
	free(c);   /* the shared context stays: see gv_shared */
}

GVC_t *gv_ctx_gvc(gv_ctx *c)
{
	return c->gvc;
}

static const char *const gv_formats[] = { "svg", "png", "pdf", "dot" };

/* The canonical (static) name of format fmt, case-insensitive, or NULL. */
static const char *gv_format_known(const char *fmt)
{
	for (size_t i = 0; i < sizeof gv_formats / sizeof gv_formats[0]; i++)
		if (strcasecmp(fmt, gv_formats[i]) == 0)
			return gv_formats[i];
	if (strcasecmp(fmt, "gv") == 0)
		return "dot";
	return NULL;
}

/* The extension of the file path names ("svg" of "out/tree.svg"), or NULL when it has none. */
static const char *gv_extension(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *dot = path ? strrchr(slash ? slash + 1 : path, '.') : NULL;

	return dot && dot[1] ? dot + 1 : NULL;
}

const char *ptv_render_format_for(const char *path)
{
	const char *ext = gv_extension(path);

	return ext ? gv_format_known(ext) : NULL;
}

const char *gv_format_pick(const char *path, const char *format, char *err, size_t errlen)
{
	const char *fmt;

	if (format && *format) {
		fmt = gv_format_known(format);
		if (!fmt)
			snprintf(err, errlen, "unknown output format '%s' (use svg, png, pdf or dot)", format);
		return fmt;
	}
	if (!path || strcmp(path, "-") == 0)
		return "svg";
	fmt = ptv_render_format_for(path);
	if (!fmt) {
		const char *ext = gv_extension(path);
		if (ext)
			snprintf(err, errlen, "unknown output format '%s' (use svg, png, pdf or dot)", ext);
		else
			snprintf(err, errlen, "cannot tell the output format of '%s' (name it .svg, .png, "
			         ".pdf or .dot, or give a format)", path);
	}
	return fmt;
}

/* Graphviz's last buffered message, trimmed, into err (or fallback when there is none). */
static void gv_last_error(char *err, size_t errlen, const char *fallback)
{
	char *msg = aglasterr();
	size_t n;

	if (!msg || !*msg) {
		snprintf(err, errlen, "%s", fallback);
		free(msg);
		return;
	}
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	snprintf(err, errlen, "%s: %s", fallback, msg);
	free(msg);
}

/* The largest PNG side, in pixels: cairo stops at 32767. */
#define GV_PNG_MAX_PX 32640.0

/* Write g to f in fmt (already laid out unless fmt is "dot"). Returns 0 or -1 with err. */
static int gv_write(gv_ctx *c, Agraph_t *g, const char *fmt, FILE *f, char *err, size_t errlen)
{
	if (strcmp(fmt, "dot") == 0) {
		if (agwrite(g, f) != 0) {
			snprintf(err, errlen, "cannot write DOT: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (gvRender(c->gvc, g, fmt, f) != 0 || agerrors() >= AGERR) {
		gv_last_error(err, errlen, "Graphviz could not render");
		return -1;
	}
	return 0;
}

/* Draw g into memory, then write that to path. Graphviz 2.42 exit()s the whole process, without a
 * word, when a write to its output file fails (gvdevice.c, on a full disk): it only ever writes
 * to memory here, and ptviz writes the file, reporting failures and removing its temporary file.
 * Returns 0 or -1 with err. */
static int gv_output(gv_ctx *c, Agraph_t *g, const char *fmt, const char *path,
                     const ptv_render_opts *opts, char *err, size_t errlen)
{
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	outfile of;
	int rc = -1;

	if (!mem) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = gv_write(c, g, fmt, mem, err, errlen);
	if (fclose(mem) != 0 && rc == 0) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	if (rc == 0 && strcmp(fmt, "svg") == 0 && gv_scale_svg(&data, &len, gv_scale_factor(opts)) < 0) {
		snprintf(err, errlen, "cannot scale the SVG");
		rc = -1;
	}
	if (rc == 0 && (rc = outfile_open_as(&of, path, opts && opts->fresh_outputs, err,
	                                     errlen)) == 0) {
		errno = 0;
		fwrite(data, 1, len, of.f);
		rc = outfile_commit(&of, err, errlen);   /* a failed fwrite shows there (ferror) */
	}
	free(data);
	return rc;
}

static void gv_progress(const ptv_render_opts *opts, const char *stage)
{
	if (opts && opts->on_progress)
		opts->on_progress(opts->progress_ctx, stage);
}

/* A PNG larger than cairo allows comes out shrunk to fit, its text too small to read: say so,
 * and what keeps it legible. */
static void gv_warn_if_shrunk(Agraph_t *g, double dpi, const ptv_render_opts *opts)
{
	if (!opts || !opts->on_warning)
		return;
	boxf bb = GD_bb(g);
	double px = dpi / 72.0, w = (bb.UR.x - bb.LL.x) * px, h = (bb.UR.y - bb.LL.y) * px;
	double max = GV_PNG_MAX_PX;
	if (w <= max && h <= max)
		return;
	char msg[256];
	snprintf(msg, sizeof msg, "the picture is %.0f x %.0f px, more than a PNG can hold (%.0f px a "
	         "side): shrunk to fit; SVG or PDF keeps it legible, or draw fewer nodes with %s",
	         w, h, max, opts->fold == 0 ? "folding (without --no-fold)" : "--max-nodes");
	opts->on_warning(opts->progress_ctx, msg);
}

/* Write g (laid out) into mem instead of a file. Returns 0 or -1 with err. */
static int gv_write_mem(gv_ctx *c, Agraph_t *g, const char *fmt, strbuf *mem, char *err,
                        size_t errlen)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	int rc;

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = gv_write(c, g, fmt, f, err, errlen);
	if (fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	if (rc == 0) {
		strbuf_put(mem, data, len);
		if (mem->oom) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		}
	}
	free(data);
	return rc;
}

/* What a picture embedded in the page needs of its graph, set before the layout: id (may be
 * NULL) becomes the graph's id, which Graphviz puts before the ids it makes up, so that two
 * pictures in one page have no id in common; and the coordinates ptviz pinned are kept (nop2
 * would move the drawing to the origin), so that a script can place marks on the picture from
 * the same figures. */
static void gv_embeddable(Agraph_t *g, const char *id)
{
	if (id)
		gv_set(g, "id", id);
	gv_set(g, "notranslate", "true");
}

/* gv_render into path, or into mem when mem is not NULL; with keep, when the format is SVG,
 * the page's SVG too (gv_render_keep). */
static int gv_render_any(gv_ctx *c, Agraph_t *g, const char *engine, const char *path,
                         strbuf *mem, strbuf *keep, const ptv_render_opts *opts, char *err,
                         size_t errlen)
{
	const char *fmt = gv_format_pick(path, opts ? opts->format : NULL, err, errlen);
	bool laid_out = false;
	agerrlevel_t level;
	int rc = -1;

	if (!fmt)
		return -1;
	if (!path) {
		snprintf(err, errlen, "no output file");
		return -1;
	}
	/* Buffer Graphviz's messages instead of printing them; aglasterr() returns the last. */
	level = agseterr(AGMAX);
	agreseterrors();
	gv_set(g, "layout", engine);
	/* The whole drawing grows with the resolution (gv_scale.c); no page margin around it (a PDF
	 * would otherwise get half an inch of white on every side). */
	double dpi = gv_scale_dpi(fmt, opts);
	if (dpi > 0)
		gv_setf(g, "dpi", "%.2f", dpi);
	gv_set(g, "margin", "0");
	/* Cairo's bitmaps stop at 32767 pixels a side; Graphviz then scales the picture down itself
	 * but says so on stderr. Ask for that size up front (inches at the png's resolution). */
	const char *size = agget(g, "size");
	bool png_capped = strcmp(fmt, "png") == 0 && (!size || !*size);
	if (png_capped)
		gv_setf(g, "size", "%.2f,%.2f", GV_PNG_MAX_PX / dpi, GV_PNG_MAX_PX / dpi);
	if (strcmp(fmt, "dot") != 0) {
		gv_progress(opts, "layout");
		if (gvLayout(c->gvc, g, engine) != 0 || agerrors() >= AGERR) {
			gv_last_error(err, errlen, "Graphviz layout failed");
			goto out;
		}
		laid_out = true;
		if (png_capped)
			gv_warn_if_shrunk(g, dpi, opts);
	}
	gv_progress(opts, "render");
	if (mem)
		rc = gv_write_mem(c, g, fmt, mem, err, errlen);
	else
		rc = gv_output(c, g, fmt, path, opts, err, errlen);
	if (rc == 0 && keep && strcmp(fmt, "svg") == 0)
		rc = gv_write_mem(c, g, "svg", keep, err, errlen);
out:
	if (laid_out)
		gvFreeLayout(c->gvc, g);
	agreseterrors();
	agseterr(level);
	return rc;
}

int gv_render(gv_ctx *c, Agraph_t *g, const char *engine, const char *path,
              const ptv_render_opts *opts, char *err, size_t errlen)
{
	return gv_render_any(c, g, engine, path, NULL, NULL, opts, err, errlen);
}

int gv_render_mem(gv_ctx *c, Agraph_t *g, const char *engine, const char *id, strbuf *mem,
                  const ptv_render_opts *opts, char *err, size_t errlen)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;

	if (opts)
		o = *opts;
	o.format = "svg";
	gv_embeddable(g, id);
	return gv_render_any(c, g, engine, "-", mem, NULL, &o, err, errlen);
}

int gv_render_keep(gv_ctx *c, Agraph_t *g, const char *engine, const char *path, const char *id,
                   strbuf *keep, const ptv_render_opts *opts, char *err, size_t errlen)
{
	const char *fmt = gv_format_pick(path, opts ? opts->format : NULL, err, errlen);

	if (fmt && strcmp(fmt, "svg") == 0)
		gv_embeddable(g, id);
	else
		keep = NULL;
	return gv_render_any(c, g, engine, path, NULL, keep, opts, err, errlen);
}
