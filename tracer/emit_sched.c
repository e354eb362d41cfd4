/* emit_sched.c — the records of the scheduler's view (docs/event-log.md: sched, sched_lost,
 * sched_wait). Part of the emitter (emit.h); the segments' own fields come from the sched
 * library's sched_runs_to_json, the one place that knows their layout. */
#include "emit.h"
#include "emit_int.h"

#include "sched_runs.h"

#include <stdio.h>

void emit_sched(struct emit *em, const struct sched_batch *b, uint64_t t0)
{
	cJSON *o = emit_begin(em, PTV_EV_SCHED, b->pid);
	if (!o)
		return;
	if (b->tid != b->pid)
		writer_add_int(o, "tid", b->tid);
	if (sched_runs_to_json(b, t0, o) < 0) {
		cJSON_Delete(o);
		return;
	}
	writer_emit(em->w, o);
}

void emit_sched_lost(struct emit *em, pid_t root, int cpu, int64_t from, int64_t to,
                     unsigned long long lost)
{
	cJSON *o = emit_begin(em, PTV_EV_SCHED_LOST, root);
	if (!o)
		return;
	writer_add_int(o, "cpu", cpu);
	writer_add_int(o, "from", from);
	writer_add_int(o, "to", to);
	writer_add_int(o, "lost", (long long)lost);
	writer_emit(em->w, o);
}

void emit_sched_wait(struct emit *em, const struct emit_sched_wait *w)
{
	cJSON *o = emit_begin(em, PTV_EV_SCHED_WAIT, w->pid);
	if (!o)
		return;
	writer_add_int(o, "tid", w->tid);
	writer_add_int(o, "since", w->since);
	writer_add_int(o, "nr", w->nr);
	if (w->call)
		writer_add_str(o, "call", w->call);
	cJSON *args = cJSON_AddArrayToObject(o, "args");
	for (int i = 0; args && i < 3; i++) {
		char hex[24];
		snprintf(hex, sizeof hex, "0x%llx", w->args[i]);
		cJSON_AddItemToArray(args, cJSON_CreateString(hex));
	}
	if (w->fd >= 0) {
		writer_add_int(o, "fd", w->fd);
		if (w->fd_target)
			writer_add_str(o, "fd_target", w->fd_target);
	}
	if (w->wchan && w->wchan[0])
		writer_add_str(o, "wchan", w->wchan);
	writer_emit(em->w, o);
}
