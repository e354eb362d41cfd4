/* model_links.c — who writes and who reads through a pipe or FIFO, decided once for every view
 * (tree edges, timeline arrows, Perfetto flows) from the holders the replay recorded: first the
 * part each holder plays (ptv_ipc_roles), then the writer → reader pairs of processes, kept in
 * the model (ptv_ipc.links). */
#include "model_priv.h"

#include <stdlib.h>

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

/* Scratch space of the links of one object: the pairs found so far, and where each is. */
typedef struct links_set {
	ptv_ipc_link *v;
	int n, cap;
	hmap at;              /* writer << 32 | reader -> index in v */
} links_set;

/* Add or update the link of holder pair (w, r) of o, when the reader held its end at or after
 * the writer first held its own: what was written, or the end of it (EOF), waits in the pipe
 * for the reader, even when the writer had let go before the reader came (sigpipe's parent
 * closing a pipe to say "go"). A reader gone before the writer came reads nothing of it. The
 * link's t is the earliest moment both had held their ends, with the pair that gave it.
 * Returns 0 or -1 (out of memory). */
static int links_pair(links_set *s, const ptv_ipc *o, int w, int r)
{
	const ptv_holder *hw = &o->holders[w], *hr = &o->holders[r];
	int64_t from = hw->from > hr->from ? hw->from : hr->from;
	uint64_t key = (uint64_t)(uint32_t)hw->proc << 32 | (uint32_t)hr->proc;
	int k = hmap_get(&s->at, key);

	if (hr->to < hw->from)
		return 0;
	if (k < 0) {
		if (vec_reserve((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v) < 0 ||
		    hmap_put(&s->at, key, s->n) < 0)
			return -1;
		s->v[s->n++] = (ptv_ipc_link){ .writer = hw->proc, .reader = hr->proc, .writer_holder = w,
		                               .reader_holder = r, .t = from, .bytes = -1 };
	} else if (from < s->v[k].t) {
		s->v[k].t = from;
		s->v[k].writer_holder = w;
		s->v[k].reader_holder = r;
	}
	return 0;
}

/* The links of one pipe or FIFO into the arena. Returns 0 or -1 (out of memory). */
static int links_of(ptv_model *m, model_ipc *c, ptv_role *role)
{
	const ptv_ipc *o = &c->pub;
	links_set s = { 0 };
	int rc = -1;

	if (o->kind == PTV_IPC_SHM || ptv_ipc_roles(m, o, role) == 0)
		return 0;
	for (int w = 0; w < o->nholders; w++)
		for (int r = 0; role[w] == PTV_ROLE_WRITER && r < o->nholders; r++)
			if (role[r] == PTV_ROLE_READER && o->holders[r].proc != o->holders[w].proc &&
			    links_pair(&s, o, w, r) < 0)
				goto out;
	/* Bytes: everything each writer put through its write-only ends. */
	for (int w = 0; w < o->nholders; w++) {
		const ptv_holder *hw = &o->holders[w];
		if (!hw->write || hw->read || hw->bytes <= 0)
			continue;
		for (int k = 0; k < s.n; k++)
			if (s.v[k].writer == hw->proc)
				s.v[k].bytes = (s.v[k].bytes < 0 ? 0 : s.v[k].bytes) + hw->bytes;
	}
	if (s.n > 0) {
		ptv_ipc_link *links = model_arena_alloc(&m->arena, sizeof *links * (size_t)s.n);
		if (!links)
			goto out;
		for (int k = 0; k < s.n; k++)
			links[k] = s.v[k];
		c->pub.links = links;
		c->pub.nlinks = s.n;
	}
	rc = 0;
out:
	free(s.v);
	hmap_free(&s.at);
	return rc;
}

int model_links_finish(ptv_model *m)
{
	int most = 0;

	for (int i = 0; i < m->nipcs; i++)
		if (m->ipcs[i].pub.nholders > most)
			most = m->ipcs[i].pub.nholders;
	ptv_role *role = malloc(sizeof *role * ((size_t)most + 1));
	if (!role)
		return -1;
	for (int i = 0; i < m->nipcs; i++)
		if (links_of(m, &m->ipcs[i], role) < 0) {
			free(role);
			return -1;
		}
	free(role);
	return 0;
}
