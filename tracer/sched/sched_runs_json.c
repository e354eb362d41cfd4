/* sched_runs_json.c — a batch of segments as the fields of a `sched` log event (README.md,
 * "Log events"): the segments are contiguous, so one start time and a duration per segment
 * place them all; the state letters go in one string. */
#include "sched_runs.h"

#include <errno.h>
#include <stdlib.h>

/* Whether the segment holds time in a state other than the one it is drawn in. */
static bool sched_runs_json_mixed(const sched_seg *s)
{
	for (int k = 0; k < SCHED_STATE_COUNT; k++)
		if (k != (int)s->state && s->ns[k])
			return true;
	return false;
}

static cJSON *sched_runs_json_ns(const uint64_t ns[SCHED_STATE_COUNT], int index)
{
	cJSON *a = cJSON_CreateArray();
	if (a && index >= 0 && !cJSON_AddItemToArray(a, cJSON_CreateNumber(index)))
		goto fail;
	for (int k = 0; a && k < SCHED_STATE_COUNT; k++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateNumber((double)ns[k])))
			goto fail;
	return a;
fail:
	cJSON_Delete(a);
	return NULL;
}

/* "mix": [[index, R, r, S, T, ?], ...] for the mixed segments; absent when there are none. */
static int sched_runs_json_mix(const sched_batch *b, cJSON *obj)
{
	cJSON *mix = NULL;
	for (int i = 0; i < b->nsegs; i++) {
		if (!sched_runs_json_mixed(&b->segs[i]))
			continue;
		if (!mix && !(mix = cJSON_AddArrayToObject(obj, "mix")))
			return -ENOMEM;
		cJSON *row = sched_runs_json_ns(b->segs[i].ns, i);
		if (!row || !cJSON_AddItemToArray(mix, row)) {
			cJSON_Delete(row);
			return -ENOMEM;
		}
	}
	return 0;
}

int sched_runs_to_json(const sched_batch *b, uint64_t t0, cJSON *obj)
{
	char *states = malloc((size_t)b->nsegs + 1);
	cJSON *durs = NULL, *ns = NULL;
	int rc = -ENOMEM;
	if (!states || b->nsegs < 1)
		goto out;
	for (int i = 0; i < b->nsegs; i++)
		states[i] = sched_state_letters[b->segs[i].state];
	states[b->nsegs] = 0;
	if (!cJSON_AddNumberToObject(obj, "start", (double)((int64_t)b->segs[0].start - (int64_t)t0)) ||
	    !cJSON_AddStringToObject(obj, "states", states) ||
	    !(durs = cJSON_AddArrayToObject(obj, "durs")))
		goto out;
	for (int i = 0; i < b->nsegs; i++)
		if (!cJSON_AddItemToArray(durs,
		                          cJSON_CreateNumber((double)(b->segs[i].end - b->segs[i].start))))
			goto out;
	if (!(ns = sched_runs_json_ns(b->ns, -1)) || !cJSON_AddItemToObject(obj, "ns", ns)) {
		cJSON_Delete(ns);
		goto out;
	}
	if (sched_runs_json_mix(b, obj) < 0)
		goto out;
	if (b->ended && !cJSON_AddTrueToObject(obj, "end"))
		goto out;
	rc = 0;
out:
	free(states);
	return rc;
}
