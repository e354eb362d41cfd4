/* gv_scale.c — the size a picture comes out at (--scale, --dpi), for slides.
 *
 * Graphviz scales a whole drawing through its resolution: a PNG at 192 dpi has twice the pixels
 * of one at 96 dpi, and a PDF at 144 "dpi" twice the points of one at 72, shapes, lines and text
 * alike. Its SVG renderer gets this wrong in 2.42/2.43 (with dpi set, the width and height and
 * the inner scale transform both grow, so the picture is scaled twice and cut off); an SVG is
 * scaled instead by its width and height, which a viewer maps onto the unchanged viewBox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gv.h"

/* The resolution each format is drawn at when nothing is asked (Graphviz's defaults). */
#define GV_PNG_DPI 96.0
#define GV_VECTOR_DPI 72.0

double gv_scale_factor(const ptv_render_opts *opts)
{
	return opts && opts->scale > 0 ? opts->scale : 1.0;
}

double gv_scale_dpi(const char *fmt, const ptv_render_opts *opts)
{
	double s = gv_scale_factor(opts);

	if (strcmp(fmt, "png") == 0)
		return (opts && opts->dpi > 0 ? opts->dpi : GV_PNG_DPI) * s;
	if (strcmp(fmt, "pdf") == 0)
		return GV_VECTOR_DPI * s;
	return 0;   /* svg: gv_scale_svg; dot: the graph as built */
}

/* The number after attr=" at s (a "646pt" value), and where it ends; false when absent. */
static bool gv_svg_length(const char *s, const char *attr, double *v, const char **num,
                          const char **end)
{
	const char *a = strstr(s, attr);
	char *e;

	if (!a)
		return false;
	*num = a + strlen(attr);
	*v = strtod(*num, &e);
	if (e == *num)
		return false;
	*end = e;
	return true;
}

int gv_scale_svg(char **data, size_t *len, double s)
{
	const char *svg, *wn, *we, *hn, *he;
	double w, h;
	char *out;
	size_t cap;

	if (s == 1.0 || !*data)
		return 0;
	svg = strstr(*data, "<svg ");
	if (!svg || !gv_svg_length(svg, " width=\"", &w, &wn, &we) ||
	    !gv_svg_length(we, " height=\"", &h, &hn, &he))
		return -1;
	cap = *len + 64;
	if (!(out = malloc(cap)))
		return -1;
	int n = snprintf(out, cap, "%.*s%.2f%.*s%.2f%s", (int)(wn - *data), *data, w * s,
	                 (int)(hn - we), we, h * s, he);
	if (n < 0 || (size_t)n >= cap) {
		free(out);
		return -1;
	}
	free(*data);
	*data = out;
	*len = (size_t)n;
	return 0;
}
