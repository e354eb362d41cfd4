/* page_geom.c — what ties the drawn pictures to the facts: which processes each tree node and
 * timeline lane stands for (the fold: ids tree_pN and lane_pN name a group by its first
 * process), where the timeline put each lane and each instant (its axis, compact cuts
 * included), and every event in time order for the cursor to step through. */
#include <stdio.h>
#include <stdlib.h>

#include "page_priv.h"
#include "timeline.h"
#include "vec.h"

static const char *const page_fold_kinds[] = {
	[FOLD_ONE] = "one", [FOLD_SAME] = "same", [FOLD_ALIKE] = "alike", [FOLD_REST] = "rest",
};

static cJSON *geom_groups(const fold *f)
{
	cJSON *a = cJSON_CreateArray();

	for (int g = 0; a && g < fold_ngroups(f); g++) {
		const fold_group *fg = fold_get(f, g);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "rep", fg->rep);
		cJSON_AddStringToObject(o, "kind", page_fold_kinds[fg->kind]);
		cJSON_AddNumberToObject(o, "parent", fg->parent);
		if (fg->nmembers > 1)
			cJSON_AddItemToObject(o, "members", page_json_ints(fg->members, fg->nmembers));
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* The timeline's time → x mapping (timeline_axis_x), in Graphviz points. */
static cJSON *geom_axis(const timeline_layout *L)
{
	const timeline_axis *ax = &L->axis;
	cJSON *o = cJSON_CreateObject(), *cuts = cJSON_CreateArray();

	cJSON_AddNumberToObject(o, "t0", (double)ax->t0);
	cJSON_AddNumberToObject(o, "t1", (double)ax->t1);
	cJSON_AddNumberToObject(o, "x0", ax->x0);
	cJSON_AddNumberToObject(o, "width", ax->width);
	cJSON_AddNumberToObject(o, "scale", ax->scale);
	cJSON_AddNumberToObject(o, "cut_w", TIMELINE_CUT_W);
	cJSON_AddNumberToObject(o, "lane_h", L->lane_h);
	cJSON_AddNumberToObject(o, "label_w", L->label_w);   /* lane labels end 6 pt before it */
	cJSON_AddStringToObject(o, "mode", L->mode == PTV_TIME_COMPACT ? "compact" : "linear");
	for (int i = 0; cuts && i < ax->ncuts; i++) {
		cJSON *r = cJSON_CreateArray();
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)ax->cuts[i].start));
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)ax->cuts[i].end));
		cJSON_AddItemToArray(cuts, r);
	}
	cJSON_AddItemToObject(o, "cuts", cuts);
	return o;
}

/* Each lane as [group's first process, y of its bar in Graphviz points]. */
static cJSON *geom_lanes(const timeline_layout *L)
{
	cJSON *a = cJSON_CreateArray();

	for (int l = 0; a && l < L->nlanes; l++) {
		cJSON *r = cJSON_CreateArray();
		cJSON_AddItemToArray(r, cJSON_CreateNumber(L->lanes[l].proc));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(timeline_layout_lane_y(L, l)));
		cJSON_AddItemToArray(a, r);
	}
	return a;
}

/* ---- events ---------------------------------------------------------------------------------- */

typedef struct geom_event {
	int64_t t;
	const char *kind;
	int proc, other;
	int seq;               /* keeps the model's order among events at one time */
} geom_event;

typedef struct geom_events {
	geom_event *v;
	int n, cap;
	bool oom;
} geom_events;

static void ev_add(geom_events *e, int64_t t, const char *kind, int proc, int other)
{
	if (t < 0 || e->oom)
		return;
	if (vec_reserve((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v) < 0) {
		e->oom = true;
		return;
	}
	e->v[e->n] = (geom_event){ t, kind, proc, other, e->n };
	e->n++;
}

static int ev_cmp(const void *a, const void *b)
{
	const geom_event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq - y->seq;
}

/* A process's events: fork, each exec, each change of state, exit, exit report, adoption, reap. */
static void ev_process(geom_events *e, const ptv_process *p)
{
	ev_add(e, p->t_start, "fork", p->id, p->parent);
	for (int k = 0; k < p->nexecs; k++)
		ev_add(e, p->execs[k].t, "exec", p->id, k);
	for (int k = 1; k < p->nintervals; k++)
		if (p->intervals[k].state != PTV_STATE_ZOMBIE)
			ev_add(e, p->intervals[k].start, ptv_state_name(p->intervals[k].state), p->id, -1);
	if (p->exited) {
		ev_add(e, p->t_exit, "exit", p->id, -1);
		ev_add(e, p->t_zombie, "zombie", p->id, -1);
	}
	if (p->orphaned)
		ev_add(e, p->t_adopted, "adopt", p->id, p->adopter);
	if (p->reaped)
		ev_add(e, p->t_reap, "reap", p->id, p->reaper);
	if (p->detached)
		ev_add(e, p->t_detach, "detach", p->id, -1);
}

/* Every event as [t, kind, proc, other], in time order. */
static cJSON *geom_events_json(const ptv_model *m, bool *oom)
{
	geom_events e = { 0 };
	cJSON *a;

	for (int i = 0; i < ptv_model_nprocesses(m); i++)
		ev_process(&e, ptv_model_process(m, i));
	for (int i = 0; i < ptv_model_nsignals(m); i++) {
		const ptv_signal *s = ptv_model_signal(m, i);
		if (!s->is_kill && s->receiver >= 0)
			ev_add(&e, s->t, "signal", s->receiver, i);
	}
	*oom = e.oom;
	if (e.n > 1)
		qsort(e.v, (size_t)e.n, sizeof *e.v, ev_cmp);
	a = cJSON_CreateArray();
	for (int i = 0; a && i < e.n; i++) {
		cJSON *r = cJSON_CreateArray();
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)e.v[i].t));
		cJSON_AddItemToArray(r, cJSON_CreateString(e.v[i].kind));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(e.v[i].proc));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(e.v[i].other));
		cJSON_AddItemToArray(a, r);
	}
	free(e.v);
	return a;
}

int page_geom_add(cJSON *root, const ptv_model *m, const fold *f, const ptv_render_opts *opts,
                  char *err, size_t errlen)
{
	timeline_layout *L = NULL;
	bool oom = false;

	if (timeline_layout_folded(&L, m, f, opts, err, errlen) < 0)
		return -1;
	cJSON_AddItemToObject(root, "groups", geom_groups(f));
	cJSON_AddItemToObject(root, "axis", geom_axis(L));
	cJSON_AddItemToObject(root, "lanes", geom_lanes(L));
	cJSON_AddItemToObject(root, "events", geom_events_json(m, &oom));
	timeline_layout_free(L);
	if (oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
