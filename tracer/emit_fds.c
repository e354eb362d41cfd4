/* emit_fds.c — the `fds` record: a snapshot of one process's pipe/FIFO ends (attach mode). */
#include "emit_int.h"

void emit_fds(struct emit *em, pid_t pid, ptv_fds_at at, const struct fdsnap *s)
{
	cJSON *o = emit_begin(em, PTV_EV_FDS, pid);
	if (!o)
		return;
	emit_word(o, "at", ptv_fds_at_names, PTV_FDS_COUNT, at);
	cJSON *ends = cJSON_AddArrayToObject(o, "ends");
	for (int i = 0; ends && i < s->n; i++) {
		cJSON *e = cJSON_CreateObject();
		if (!e)
			break;
		writer_add_int(e, "fd", s->v[i].fd);
		writer_add_int(e, "ino", (long long)s->v[i].ino);
		emit_word(e, "kind", ptv_end_kind_names, PTV_END_KIND_COUNT, s->v[i].kind);
		emit_word(e, "end", ptv_access_names, PTV_ACCESS_COUNT, s->v[i].end);
		cJSON_AddItemToArray(ends, e);
	}
	writer_emit(em->w, o);
}
