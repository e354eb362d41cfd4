/* steps_pins.c — the final tree's layout, kept by name and given back to every frame, so that a
 * node appears where it will stay and nothing moves from one frame to the next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/types.h>

#include "gv.h"
#include "steps.h"
#include "vec.h"

/* Keep value under name (copied). Returns 0 or -1 when out of memory. */
static int steps_pins_put(steps_pins *p, const char *name, const char *value)
{
	char *k = strdup(name), *v = strdup(value);

	if (!k || !v || vec_reserve((void **)&p->names, &p->names_cap, p->n + 1, sizeof *p->names) < 0 ||
	    vec_reserve((void **)&p->values, &p->values_cap, p->n + 1, sizeof *p->values) < 0 ||
	    hmap_sput(&p->index, k, p->n) < 0) {
		free(k);
		free(v);
		return -1;
	}
	p->names[p->n] = k;
	p->values[p->n] = v;
	p->n++;
	return 0;
}

static void steps_pins_box(char *out, size_t len, boxf bb)
{
	snprintf(out, len, "%.2f,%.2f,%.2f,%.2f", bb.LL.x, bb.LL.y, bb.UR.x, bb.UR.y);
}

/* Keep the boxes of sub's clusters, at any depth. */
static int steps_pins_clusters(steps_pins *p, Agraph_t *sub)
{
	char box[96];

	for (Agraph_t *c = agfstsubg(sub); c; c = agnxtsubg(c)) {
		steps_pins_box(box, sizeof box, GD_bb(c));
		if (strncmp(agnameof(c), "cluster", 7) == 0 && steps_pins_put(p, agnameof(c), box) < 0)
			return -1;
		if (steps_pins_clusters(p, c) < 0)
			return -1;
	}
	return 0;
}

int steps_pins_capture(steps_pins *p, GVC_t *gvc, Agraph_t *g, char *err, size_t errlen)
{
	char pos[64];
	int rc = -1;

	if (gvLayout(gvc, g, "dot") != 0) {
		snprintf(err, errlen, "Graphviz could not lay out the final tree");
		return -1;
	}
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
		snprintf(pos, sizeof pos, "%.2f,%.2f!", ND_coord(n).x, ND_coord(n).y);
		if (steps_pins_put(p, agnameof(n), pos) < 0)
			goto oom;
	}
	if (steps_pins_clusters(p, g) < 0)
		goto oom;
	/* The box without the title's room: a frame's layout adds that again above its nodes. */
	boxf bb = GD_bb(g);
	if (GD_label(g) && GD_label(g)->set)
		bb.UR.y -= GD_label(g)->dimen.y;
	steps_pins_box(p->bb, sizeof p->bb, bb);
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	gvFreeLayout(gvc, g);
	return rc;
}

/* The kept value for name, or NULL. */
static const char *steps_pins_get(const steps_pins *p, const char *name)
{
	int i = hmap_sget(&p->index, name);

	return i >= 0 ? p->values[i] : NULL;
}

static void steps_pins_apply_clusters(const steps_pins *p, Agraph_t *sub)
{
	for (Agraph_t *c = agfstsubg(sub); c; c = agnxtsubg(c)) {
		const char *bb = steps_pins_get(p, agnameof(c));
		if (bb)
			gv_set(c, "bb", bb);
		steps_pins_apply_clusters(p, c);
	}
}

void steps_pins_apply(const steps_pins *p, Agraph_t *g)
{
	double llx = 0, lly = 0, urx = 0, ury = 0;

	sscanf(p->bb, "%lf,%lf,%lf,%lf", &llx, &lly, &urx, &ury);
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
		const char *pos = steps_pins_get(p, agnameof(n));
		if (pos)
			gv_set(n, "pos", pos);
		else
			gv_setf(n, "pos", "%.2f,%.2f!", llx + 20, ury - 20);
	}
	steps_pins_apply_clusters(p, g);
	/* neato -n2 makes the picture as big as the nodes it has: two invisible points at the final
	 * box's corners give every frame the same canvas, so nothing shifts on a slide. */
	static const char *const corners[] = { "steps_corner_ll", "steps_corner_ur" };
	for (int i = 0; i < 2; i++) {
		Agnode_t *n = agnode(g, (char *)corners[i], 1);
		gv_set(n, "shape", "point");
		gv_set(n, "style", "invis");
		gv_set(n, "width", "0.01");
		gv_set(n, "height", "0.01");
		gv_set(n, "label", "");
		gv_setf(n, "pos", "%.2f,%.2f!", i ? urx : llx, i ? ury : lly);
	}
}

void steps_pins_free(steps_pins *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->names[i]);
		free(p->values[i]);
	}
	free(p->names);
	free(p->values);
	hmap_free(&p->index);
	memset(p, 0, sizeof *p);
}
