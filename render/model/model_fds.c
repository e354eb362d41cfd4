/* model_fds.c — attach mode's `fds` snapshots (docs/event-log.md): the pipe and FIFO ends a
 * process holds, read from /proc at attach, fork, exec, exit and a low-rate poll, where no pipe,
 * dup or close call is trapped. The process's tracked fd table is made equal to the snapshot:
 * ends it no longer lists are let go, new ones are held from the snapshot's time (the log knows
 * no better: between two snapshots changes are not timed). */
#include "model_priv.h"
#include "log_reader.h"

#include <limits.h>
#include <string.h>

/* One item of ends, read; false when it is not one (skipped with a warning by the caller). */
static bool model_fds_item(ptv_model *m, const cJSON *it, int *fd, uint64_t *ino, bool *fifo,
                           int *access)
{
	*fd = model_get_fd(it, "fd");
	if (*fd < 0 || log_reader_u64(it, "ino", ino) != LOG_FIELD_OK)
		return false;
	*fifo = model_get_word(m, it, "kind", ptv_end_kind_names, PTV_END_KIND_COUNT,
	                       PTV_END_KIND_PIPE) == PTV_END_KIND_FIFO;
	*access = model_get_word(m, it, "end", ptv_access_names, PTV_ACCESS_COUNT, PTV_ACCESS_READ);
	return true;
}

/* The object of inode ino: the latest one of that kind still in use, else a new one (a pipe made,
 * or a FIFO opened, between two snapshots or before the attach: its creator is unknown). */
static int model_fds_object(ptv_model *m, uint64_t ino, bool fifo)
{
	ptv_ipc_kind kind = fifo ? PTV_IPC_FIFO : PTV_IPC_PIPE;
	int ii = hmap_get(&m->inos, ino);
	if (ii >= 0 && m->ipcs[ii].pub.kind == kind && !m->ipcs[ii].done)
		return ii;
	if ((ii = model_ipc_new(m, kind, -1)) < 0)
		return -1;
	m->ipcs[ii].pub.ino = ino;
	if (hmap_put(&m->inos, ino, ii) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	return ii;
}

/* Is fd f of the table in the snapshot, pointing at the same object with the same access? */
static bool model_fds_listed(const ptv_model *m, const cJSON *ends, const model_fd *f)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, ends) {
		uint64_t ino = 0;
		if (model_get_fd(it, "fd") != f->fd || log_reader_u64(it, "ino", &ino) != LOG_FIELD_OK)
			continue;
		const char *end = log_reader_str(it, "end");
		bool w = end && strcmp(end, "read") != 0, rw = end && strcmp(end, "readwrite") == 0;
		return m->ipcs[f->ipc].pub.ino == ino && f->write == w && f->read_too == rw;
	}
	return false;
}

int model_ev_fds(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const cJSON *ends = cJSON_GetObjectItemCaseSensitive(ev, "ends"), *it;
	int pi;
	if (!cJSON_IsArray(ends)) {
		model_error(m, "fds event without \"ends\"");
		return -1;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	/* Let go of what the snapshot no longer lists (from the end: removal moves the last entry). */
	for (int i = m->procs[pi].nfds - 1; i >= 0; i--) {
		model_proc *p = &m->procs[pi];
		if (i < p->nfds && !model_fds_listed(m, ends, &p->fds[i]) &&
		    model_fd_remove(m, pi, p->fds[i].fd, PTV_FD_CLOSED) < 0)
			return -1;
	}
	cJSON_ArrayForEach(it, ends) {
		int fd, access, ii;
		uint64_t ino;
		bool fifo;
		if (!model_fds_item(m, it, &fd, &ino, &fifo, &access)) {
			model_warn(m, "fds event with a bad item; item skipped");
			continue;
		}
		if (model_fd_find(&m->procs[pi], fd))
			continue;   /* held already, as listed */
		if ((ii = model_fds_object(m, ino, fifo)) < 0)
			return -1;
		model_fd f = { .fd = fd, .ipc = ii, .write = access != PTV_ACCESS_READ,
		               .read_too = access == PTV_ACCESS_READWRITE };
		if (model_fd_add(m, pi, f) < 0)
			return -1;
	}
	return 0;
}
