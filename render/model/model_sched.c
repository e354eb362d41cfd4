/* model_sched.c — reads the scheduler's records (issue #14; docs/event-log.md "sched"): the
 * header's sched fields, `sched` segments per thread, `sched_lost` windows, `sched_wait` names;
 * model_exact.c merges them into each process's spans once the log is read. */
#include "model_priv.h"
#include "log_reader.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(PTV_CPU_COUNT == 5, "ptv_process.sched_ns holds one figure per ptv_cpu");

/* The log's state letters (ptviz/log.h), in ptv_cpu order. */
static const char model_sched_letters[PTV_CPU_COUNT + 1] = PTV_SCHED_STATE_LETTERS;

/* Times beyond this (146 years) are a damaged log, refused before any sum can overflow. */
#define MODEL_SCHED_MAX_NS ((int64_t)1 << 62)

void model_sched_header(ptv_model *m, const cJSON *hdr)
{
	/* absent in older logs: read as "none" */
	m->sched_exact = model_get_word(m, hdr, "sched", ptv_sched_src_names, PTV_SCHED_COUNT,
	                                PTV_SCHED_NONE) == PTV_SCHED_PERF;
	m->sched_reason = model_arena_strdup(&m->arena, log_reader_str(hdr, "sched_reason"));
}

/* The ptv_cpu of a letter, -1 for none. */
static int model_sched_letter(char c)
{
	const char *at = c ? strchr(model_sched_letters, c) : NULL;
	return at ? (int)(at - model_sched_letters) : -1;
}

/* A JSON array of n non-negative integers into out; false when it is not one. */
static bool model_sched_ints(const cJSON *a, int64_t *out, int n)
{
	const cJSON *v;
	int k = 0;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
		return false;
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9.2e18)
			return false;
		out[k++] = (int64_t)v->valuedouble;
	}
	return true;
}

static int model_sched_push(ptv_model *m, model_proc *p, const model_tseg *s)
{
	if (vec_reserve((void **)&p->tsegs, &p->tscap, p->ntsegs + 1, sizeof *p->tsegs) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	p->tsegs[p->ntsegs++] = *s;
	return 0;
}

/* The mix rows: [index, R, r, S, T, ?] per segment that holds time of other states. */
static void model_sched_mix(const cJSON *mix, model_tseg *segs, int n)
{
	const cJSON *row;
	int64_t v[PTV_CPU_COUNT + 1];
	cJSON_ArrayForEach(row, mix) {
		if (!model_sched_ints(row, v, PTV_CPU_COUNT + 1) || v[0] >= n)
			continue;
		int64_t sum = 0, len = segs[v[0]].end - segs[v[0]].start;
		bool ok = true;
		for (int k = 1; k <= PTV_CPU_COUNT && ok; k++) {
			ok = v[k] <= len;
			sum += ok ? v[k] : 0;
		}
		if (ok && sum == len)   /* the doc: they sum to durs[index]; else ignored */
			memcpy(segs[v[0]].ns, v + 1, sizeof segs[v[0]].ns);
	}
}

/* sched: one thread's segments that became final in one drain (they lie before t). */
int model_ev_sched(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const char *states = log_reader_str(ev, "states");
	int64_t start, tid = pid, *durs = NULL;
	model_tseg *segs = NULL;
	int pi = hmap_get(&m->pids, (uint64_t)pid), n, rc = -1;

	if (pi < 0)
		return 0;   /* a process the trace never saw: nothing to draw it on */
	if (!states || log_reader_int(ev, "start", &start) != LOG_FIELD_OK || start < 0 ||
	    start > MODEL_SCHED_MAX_NS ||
	    (log_reader_int(ev, "tid", &tid) == LOG_FIELD_BAD)) {
		model_warn(m, "sched event of pid %d without \"start\"/\"states\"; skipped", (int)pid);
		return 0;
	}
	n = (int)strlen(states);
	durs = calloc((size_t)n + 1, sizeof *durs);
	segs = calloc((size_t)n + 1, sizeof *segs);
	if (!durs || !segs) {
		model_error(m, "out of memory");
		goto out;
	}
	if (!model_sched_ints(cJSON_GetObjectItemCaseSensitive(ev, "durs"), durs, n)) {
		model_warn(m, "sched event of pid %d: \"durs\" does not match \"states\"; skipped", (int)pid);
		rc = 0;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		int c = model_sched_letter(states[i]);
		if (durs[i] > MODEL_SCHED_MAX_NS - start) {
			model_warn(m, "sched event of pid %d: segments beyond any trace's length; skipped",
			           (int)pid);
			rc = 0;
			goto out;
		}
		if (c < 0) {
			model_warn(m, "sched event of pid %d: unknown state '%c'; skipped", (int)pid, states[i]);
			rc = 0;
			goto out;
		}
		segs[i] = (model_tseg){ .start = start, .end = start + durs[i], .tid = (pid_t)tid,
		                        .cpu = (ptv_cpu)c };
		segs[i].ns[c] = durs[i];
		start += durs[i];
	}
	model_sched_mix(cJSON_GetObjectItemCaseSensitive(ev, "mix"), segs, n);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "end")) &&
	    start > m->procs[pi].tsegs_final)
		m->procs[pi].tsegs_final = start;
	for (int i = 0; i < n; i++)
		if (segs[i].end > segs[i].start && model_sched_push(m, &m->procs[pi], &segs[i]) < 0)
			goto out;
	rc = 0;
out:
	free(durs);
	free(segs);
	return rc;
}

/* sched_lost: a window of every lane is uncertain. */
int model_ev_sched_lost(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t from, to, cpu = -1, lost = 0;
	(void)pid;
	if (log_reader_int(ev, "from", &from) != LOG_FIELD_OK ||
	    log_reader_int(ev, "to", &to) != LOG_FIELD_OK || to < from) {
		model_warn(m, "sched_lost event without a window; skipped");
		return 0;
	}
	log_reader_int(ev, "cpu", &cpu);
	log_reader_int(ev, "lost", &lost);
	if (vec_reserve((void **)&m->lost, &m->lcap, m->nlost + 1, sizeof *m->lost) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	m->lost[m->nlost++] = (ptv_sched_lost){ .from = from, .to = to,
	                                        .cpu = cpu >= 0 && cpu < INT_MAX ? (int)cpu : -1,
	                                        .lost = lost };
	return 0;
}

/* sched_wait: the call a thread asleep since `since` was in, asked without stopping it. */
int model_ev_sched_wait(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t since;
	const char *call = log_reader_str(ev, "call");
	int pi = hmap_get(&m->pids, (uint64_t)pid);
	if (pi < 0 || !call || log_reader_int(ev, "since", &since) != LOG_FIELD_OK)
		return 0;
	model_proc *p = &m->procs[pi];
	if (vec_reserve((void **)&p->swaits, &p->swcap, p->nswaits + 1, sizeof *p->swaits) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	p->swaits[p->nswaits++] = (model_swait){ .since = since, .call = model_intern(m, call) };
	return 0;
}

void model_sched_free(ptv_model *m)
{
	for (int i = 0; i < m->nprocs; i++) {
		free(m->procs[i].tsegs);
		free(m->procs[i].swaits);
		free(m->procs[i].spans);
	}
	free(m->lost);
	free(m->outcomes);
	free(m->xfers);
}

bool ptv_model_sched_exact(const ptv_model *m)
{
	return m->sched_exact;
}

const char *ptv_model_sched_reason(const ptv_model *m)
{
	return m->sched_reason;
}

int ptv_model_nsched_lost(const ptv_model *m)
{
	return m->nlost;
}

const ptv_sched_lost *ptv_model_sched_lost(const ptv_model *m, int index)
{
	return index >= 0 && index < m->nlost ? &m->lost[index] : NULL;
}
