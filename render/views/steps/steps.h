/* steps.h — private to the step frames (--steps): the final tree's layout kept as fixed
 * positions, and the frames drawn with them. */
#ifndef PTVIZ_RENDER_STEPS_H
#define PTVIZ_RENDER_STEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include "hmap.h"

/* Where the final layout put everything, by name: each node's centre, each cluster's box, and
 * the whole graph's box, as Graphviz attribute values ("x,y", "llx,lly,urx,ury") in points. */
typedef struct steps_pins {
	hmap index;          /* node or cluster name → slot */
	char **names;        /* owned; the keys of index */
	char **values;       /* owned: "x,y!" for a node, a box for a cluster */
	int n, names_cap, values_cap;
	char bb[96];         /* the graph's box */
} steps_pins;

/* Lay g out with dot (through gvc) and keep every position; the layout is freed again.
 * Returns 0, or -1 with err. */
int steps_pins_capture(steps_pins *p, GVC_t *gvc, Agraph_t *g, char *err, size_t errlen);
/* Give g's nodes, clusters and graph the kept positions, for the "nop2" layout (neato -n2): a
 * node unknown to the final layout (none should be: a frame draws a prefix of the final log)
 * goes to the box's corner rather than making the layout fail. */
void steps_pins_apply(const steps_pins *p, Agraph_t *g);
void steps_pins_free(steps_pins *p);

#endif
