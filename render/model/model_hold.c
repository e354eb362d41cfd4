/* model_hold.c — a process's fd table, its shared mappings, and the holder records they make.
 *
 * After every change the process's holder record for the object is brought in line: a holder
 * covers a stretch of time during which one exec of the process held one fixed set of ends (read,
 * write, or both); it is closed when that set changes, when the process execs (a new holder
 * starts with the new exec index) and when it exits. Every change costs O(1): what a process
 * holds of an object is kept as counts (model_held), found through a hash map, so a fork that
 * copies thousands of ends costs a constant per end (issue #18).
 */
#include "model_priv.h"

#include <stdlib.h>
#include <string.h>

static void model_oom(ptv_model *m)
{
	model_error(m, "out of memory");
}

/* The held entry of object ii in pi, created (all counts 0, no holder) when create; -1 when
 * absent (or out of memory, error set). */
static int model_held_get(ptv_model *m, int pi, int ii, bool create)
{
	model_proc *p = &m->procs[pi];
	int k = hmap_get(&p->heldix, (uint64_t)ii);
	if (k >= 0 || !create)
		return k;
	if (vec_reserve((void **)&p->held, &p->hcap, p->nheld + 1, sizeof *p->held) < 0 ||
	    hmap_put(&p->heldix, (uint64_t)ii, p->nheld) < 0) {
		model_oom(m);
		return -1;
	}
	p->held[p->nheld] = (model_held){ .ipc = ii, .holder = -1 };
	return p->nheld++;
}

/* Forget held entry k (no counts, no holder left): the last entry moves into its slot. */
static int model_held_drop(ptv_model *m, int pi, int k)
{
	model_proc *p = &m->procs[pi];
	if (hmap_put(&p->heldix, (uint64_t)p->held[k].ipc, -1) < 0)
		return -1;
	p->held[k] = p->held[--p->nheld];
	if (k < p->nheld && hmap_put(&p->heldix, (uint64_t)p->held[k].ipc, k) < 0)
		return -1;
	return 0;
}

/* Close the open holder of held entry e at the current time. */
static void model_hold_close(ptv_model *m, model_held *e)
{
	model_ipc *c = &m->ipcs[e->ipc];
	int h = e->holder;
	c->holders[h].to = m->t;
	/* A holder started by an exec and ended by that same exec (a cloexec end) never existed. */
	if (c->holders[h].from == m->t && (c->hflags[h] & MODEL_HOLD_FROM_EXEC))
		c->hflags[h] |= MODEL_HOLD_DEAD;
	e->holder = -1;
}

static int model_hold_open(ptv_model *m, int pi, model_held *e, bool r, bool w, unsigned char flags)
{
	model_proc *p = &m->procs[pi];
	model_ipc *c = &m->ipcs[e->ipc];
	int n = c->pub.nholders;
	if (vec_reserve((void **)&c->holders, &c->hcap, n + 1, sizeof *c->holders) < 0 ||
	    vec_reserve((void **)&c->hflags, &c->hfcap, n + 1, 1) < 0) {
		model_oom(m);
		return -1;
	}
	c->holders[n] = (ptv_holder){ .proc = pi, .exec_index = p->pub.nexecs - 1, .read = r, .write = w,
		                      .from = m->t, .to = -1, .bytes = m->hdr.io ? 0 : -1 };
	c->hflags[n] = flags;
	c->pub.nholders++;
	e->holder = n;
	return 0;
}

/* Count one fd or mapping more (sign 1) or less (-1) on object ii, then bring pi's holder of ii
 * in line with what the counts say it holds now. */
static int model_hold_count(ptv_model *m, int pi, int ii, int sign, int fd_r, int fd_w, int map_r,
                            int map_w)
{
	int k = model_held_get(m, pi, ii, sign > 0);
	if (k < 0)
		return sign > 0 ? -1 : 0;
	model_held *e = &m->procs[pi].held[k];
	e->fd_r += sign * fd_r;
	e->fd_w += sign * fd_w;
	e->map_r += sign * map_r;
	e->map_w += sign * map_w;
	bool r = e->fd_r > 0 || e->map_r > 0, w = e->fd_w > 0 || e->map_w > 0;
	if (e->holder >= 0) {
		ptv_holder *h = &m->ipcs[ii].holders[e->holder];
		if (h->read == r && h->write == w)
			return 0;
		if ((r || w) && h->from == m->t) {
			/* changed within one instant (both ends of a new pipe): no zero-length holder */
			h->read = r;
			h->write = w;
			return 0;
		}
		model_hold_close(m, e);
	}
	if (!r && !w)
		return model_held_drop(m, pi, k) < 0 ? (model_oom(m), -1) : 0;
	return model_hold_open(m, pi, e, r, w, 0);
}

static int model_fd_count(ptv_model *m, int pi, const model_fd *f, int sign)
{
	return model_hold_count(m, pi, f->ipc, sign, !f->write || f->read_too, f->write, 0, 0);
}

model_fd *model_fd_find(model_proc *p, int fd)
{
	int i = fd >= 0 ? hmap_get(&p->fdix, (uint64_t)fd) : -1;
	return i >= 0 ? &p->fds[i] : NULL;
}

int model_fd_remove(ptv_model *m, int pi, int fd)
{
	model_proc *p = &m->procs[pi];
	int i = fd >= 0 ? hmap_get(&p->fdix, (uint64_t)fd) : -1;
	if (i < 0)
		return 0;
	model_fd gone = p->fds[i];
	p->fds[i] = p->fds[--p->nfds];
	if (hmap_put(&p->fdix, (uint64_t)fd, -1) < 0 ||
	    (i < p->nfds && hmap_put(&p->fdix, (uint64_t)p->fds[i].fd, i) < 0)) {
		model_oom(m);
		return -1;
	}
	return model_fd_count(m, pi, &gone, -1);
}

int model_fd_add(ptv_model *m, int pi, model_fd nf)
{
	if (model_fd_remove(m, pi, nf.fd) < 0)   /* an fd number is reused: the old end is gone */
		return -1;
	model_proc *p = &m->procs[pi];
	if (vec_reserve((void **)&p->fds, &p->fcap, p->nfds + 1, sizeof *p->fds) < 0 ||
	    hmap_put(&p->fdix, (uint64_t)nf.fd, p->nfds) < 0) {
		model_oom(m);
		return -1;
	}
	p->fds[p->nfds++] = nf;
	return model_fd_count(m, pi, &nf, 1);
}

/* PROT_NONE still maps the object: it counts as read. */
static int model_map_count(ptv_model *m, int pi, const model_map_ent *e, int sign)
{
	return model_hold_count(m, pi, e->ipc, sign, 0, 0, e->read || !e->write, e->write);
}

int model_map_add(ptv_model *m, int pi, model_map_ent e)
{
	model_proc *p = &m->procs[pi];
	if (vec_reserve((void **)&p->maps, &p->mcap, p->nmaps + 1, sizeof *p->maps) < 0) {
		model_oom(m);
		return -1;
	}
	p->maps[p->nmaps++] = e;
	return model_map_count(m, pi, &e, 1);
}

int model_map_remove_at(ptv_model *m, int pi, int i)
{
	model_proc *p = &m->procs[pi];
	model_map_ent gone = p->maps[i];
	p->maps[i] = p->maps[--p->nmaps];
	return model_map_count(m, pi, &gone, -1);
}

void model_hold_bytes(ptv_model *m, int pi, int ii, int64_t bytes)
{
	int k = model_held_get(m, pi, ii, false);
	if (k < 0 || m->procs[pi].held[k].holder < 0)
		return;
	ptv_holder *h = &m->ipcs[ii].holders[m->procs[pi].held[k].holder];
	h->bytes = (h->bytes < 0 ? 0 : h->bytes) + bytes;
}

int model_ipc_fork(ptv_model *m, int creator, int child)
{
	for (int i = 0; i < m->procs[creator].nfds; i++) {
		model_fd f = m->procs[creator].fds[i];   /* re-read: the array of procs does not move here */
		if (model_fd_add(m, child, f) < 0)
			return -1;
	}
	return 0;
}

int model_ipc_exec(ptv_model *m, int pi)
{
	model_proc *p = &m->procs[pi];
	for (int i = 0; i < p->nfds;) {
		if (p->fds[i].cloexec) {
			if (model_fd_remove(m, pi, p->fds[i].fd) < 0)
				return -1;
		} else {
			i++;
		}
	}
	/* exec replaces the address space: every shared mapping goes */
	while (p->nmaps > 0)
		if (model_map_remove_at(m, pi, p->nmaps - 1) < 0)
			return -1;
	/* The ends still held now belong to the new program. */
	for (int k = 0; k < p->nheld; k++) {
		model_held *e = &p->held[k];
		if (e->holder < 0)
			continue;
		ptv_holder *h = &m->ipcs[e->ipc].holders[e->holder];
		bool r = h->read, w = h->write;
		if (h->from == m->t) {
			h->exec_index = p->pub.nexecs - 1;   /* held since this very instant */
			m->ipcs[e->ipc].hflags[e->holder] |= MODEL_HOLD_FROM_EXEC;
			continue;
		}
		model_hold_close(m, e);
		if (model_hold_open(m, pi, e, r, w, MODEL_HOLD_FROM_EXEC) < 0)
			return -1;
	}
	return 0;
}

void model_ipc_exit(ptv_model *m, int pi)
{
	model_proc *p = &m->procs[pi];
	for (int k = 0; k < p->nheld; k++)
		if (p->held[k].holder >= 0)
			model_hold_close(m, &p->held[k]);
	/* Its tables go with it: thousands of short-lived children that each inherited thousands
	 * of ends would otherwise keep them all. */
	free(p->fds);
	free(p->maps);
	free(p->held);
	p->fds = NULL;
	p->maps = NULL;
	p->held = NULL;
	p->nfds = p->fcap = p->nmaps = p->mcap = p->nheld = p->hcap = 0;
	hmap_free(&p->fdix);
	hmap_free(&p->heldix);
}

void model_ipc_finish(ptv_model *m)
{
	for (int pi = 0; pi < m->nprocs; pi++)
		model_ipc_exit(m, pi);
	for (int i = 0; i < m->nipcs; i++) {
		model_ipc *c = &m->ipcs[i];
		int k = 0;
		for (int h = 0; h < c->pub.nholders; h++)
			if (!(c->hflags[h] & MODEL_HOLD_DEAD))
				c->holders[k++] = c->holders[h];
		c->pub.nholders = k;
		c->pub.holders = c->holders;
	}
}
