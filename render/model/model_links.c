/* model_roles.c — who writes and who reads through a pipe or FIFO, decided once for every view
 * (tree edges, timeline arrows, Perfetto flows) from the holders the replay recorded. */
#include "ptviz/model.h"

/* Holder h's part under tier: 0 = moved bytes (--io), 1 = exec'd while holding, 2 = any. */
static ptv_role roles_of(const ptv_model *m, const ptv_ipc *o, const ptv_holder *h, int tier)
{
	/* Zero-length records are the instant between two fd operations (pipe() then close()). */
	if (h->write == h->read || h->to <= h->from || h->proc < 0 || h->proc >= ptv_model_nprocesses(m))
		return PTV_ROLE_NONE;
	if (tier == 0 && h->bytes <= 0)
		return PTV_ROLE_NONE;
	if (tier == 1) {
		const ptv_process *p = ptv_model_process(m, h->proc);
		if (h->exec_index < 0 || h->exec_index >= p->nexecs ||
		    p->execs[h->exec_index].t < o->t_created)
			return PTV_ROLE_NONE;
	}
	return h->write ? PTV_ROLE_WRITER : PTV_ROLE_READER;
}

int ptv_ipc_roles(const ptv_model *m, const ptv_ipc *o, ptv_role *role)
{
	for (int tier = 0; tier < 3; tier++) {
		int writers = 0, readers = 0;
		for (int i = 0; i < o->nholders; i++) {
			role[i] = o->kind == PTV_IPC_SHM ? PTV_ROLE_NONE : roles_of(m, o, &o->holders[i], tier);
			writers += role[i] == PTV_ROLE_WRITER;
			readers += role[i] == PTV_ROLE_READER;
		}
		if (writers && readers)
			return writers + readers;
	}
	for (int i = 0; i < o->nholders; i++)
		role[i] = PTV_ROLE_NONE;
	return 0;
}
