/* model_ipc.c — who held which pipe/FIFO end and which shared mapping, replayed from the fd
 * events of the log: the events' handlers. The fd tables, mappings and holder records they
 * change are model_hold.c's.
 */
#include "model_priv.h"
#include "log_reader.h"

#include <limits.h>
#include <string.h>

int model_ipc_new(ptv_model *m, ptv_ipc_kind kind, int creator)
{
	if (vec_reserve((void **)&m->ipcs, &m->ipcap, m->nipcs + 1, sizeof *m->ipcs) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	model_ipc *c = &m->ipcs[m->nipcs];
	memset(c, 0, sizeof *c);
	c->pub.id = m->nipcs;
	c->pub.kind = kind;
	c->pub.creator = creator;
	c->pub.t_created = m->t;
	return m->nipcs++;
}

/* An fd number from an event: -1 when absent or nonsense. */
int model_get_fd(const cJSON *ev, const char *key)
{
	int64_t v;
	return log_reader_int(ev, key, &v) == LOG_FIELD_OK && v >= 0 && v <= INT_MAX ? (int)v : -1;
}

static bool model_has_flag(const cJSON *ev, const char *flag)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(ev, "flags"), *v;
	cJSON_ArrayForEach(v, a)
		if (cJSON_IsString(v) && !strcmp(v->valuestring, flag))
			return true;
	return false;
}

int model_ev_pipe(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const cJSON *fds = cJSON_GetObjectItemCaseSensitive(ev, "fds");
	uint64_t ino = 0;
	int pi, ii, rfd, wfd;
	if (!cJSON_IsArray(fds) || cJSON_GetArraySize(fds) != 2 || !cJSON_IsNumber(cJSON_GetArrayItem(fds, 0)) ||
	    !cJSON_IsNumber(cJSON_GetArrayItem(fds, 1))) {
		model_error(m, "pipe event without \"fds\" [read, write]");
		return -1;
	}
	if (log_reader_u64(ev, "ino", &ino) != LOG_FIELD_OK) {
		model_error(m, "pipe event without \"ino\"");
		return -1;
	}
	double r = cJSON_GetArrayItem(fds, 0)->valuedouble, w = cJSON_GetArrayItem(fds, 1)->valuedouble;
	if (!(r >= 0 && r <= INT_MAX && w >= 0 && w <= INT_MAX) || r == w) {
		model_warn(m, "pipe event with bad fds; event skipped");
		return 0;
	}
	rfd = (int)r;
	wfd = (int)w;
	if ((pi = model_proc_lookup(m, pid)) < 0 || (ii = model_ipc_new(m, PTV_IPC_PIPE, pi)) < 0)
		return -1;
	m->ipcs[ii].pub.ino = ino;
	m->ipcs[ii].pub.nonblock = model_has_flag(ev, "O_NONBLOCK");
	if (hmap_put(&m->inos, ino, ii) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	bool cloexec = model_has_flag(ev, "O_CLOEXEC");
	if (model_fd_add(m, pi, (model_fd){ .fd = rfd, .ipc = ii, .write = false, .cloexec = cloexec }) < 0)
		return -1;
	return model_fd_add(m, pi, (model_fd){ .fd = wfd, .ipc = ii, .write = true, .cloexec = cloexec });
}

static int model_fifo_new(ptv_model *m, const char *path, int creator)
{
	int ii = model_ipc_new(m, PTV_IPC_FIFO, creator);
	if (ii < 0)
		return -1;
	m->ipcs[ii].pub.path = model_arena_strdup(&m->arena, path);
	if (!m->ipcs[ii].pub.path || hmap_sput(&m->fifos, m->ipcs[ii].pub.path, ii) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	return ii;
}

int model_ev_fifo(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const char *path = log_reader_str(ev, "path");
	int pi;
	if (!path) {
		model_error(m, "fifo event without \"path\"");
		return -1;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	return model_fifo_new(m, path, pi) < 0 ? -1 : 0;
}

int model_ev_open(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const char *path = log_reader_str(ev, "path"), *kind = log_reader_str(ev, "kind");
	uint64_t ino = 0;
	int fd = model_get_fd(ev, "fd"), pi, ii = -1;
	bool have_ino = log_reader_u64(ev, "ino", &ino) == LOG_FIELD_OK;

	if (kind && strcmp(kind, "fifo") != 0)
		return 0;   /* only FIFOs are tracked */
	if (fd < 0) {
		model_error(m, "open event without \"fd\"");
		return -1;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	if (path)
		ii = hmap_sget(&m->fifos, path);
	if (ii < 0 && have_ino) {
		int j = hmap_get(&m->inos, ino);
		if (j >= 0 && m->ipcs[j].pub.kind == PTV_IPC_FIFO)
			ii = j;
	}
	/* A FIFO made before the trace (or by someone untraced) appears at its first open. */
	if (ii < 0 && (ii = path ? model_fifo_new(m, path, -1) : model_ipc_new(m, PTV_IPC_FIFO, -1)) < 0)
		return -1;
	if (have_ino) {
		if (!m->ipcs[ii].pub.ino)
			m->ipcs[ii].pub.ino = ino;
		if (hmap_put(&m->inos, ino, ii) < 0) {
			model_error(m, "out of memory");
			return -1;
		}
	}
	if (log_reader_bool(ev, "nonblock", false))
		m->ipcs[ii].pub.nonblock = true;
	int access = model_get_word(m, ev, "access", ptv_access_names, PTV_ACCESS_COUNT, PTV_ACCESS_READ);
	model_fd f = { .fd = fd, .ipc = ii, .write = access != PTV_ACCESS_READ,
	               .read_too = access == PTV_ACCESS_READWRITE };
	return model_fd_add(m, pi, f);
}

int model_ev_dup(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int oldfd = model_get_fd(ev, "oldfd"), newfd = model_get_fd(ev, "newfd"), pi;
	if (newfd < 0) {
		model_error(m, "dup event without \"newfd\"");
		return -1;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	model_fd *f = oldfd >= 0 ? model_fd_find(&m->procs[pi], oldfd) : NULL;
	if (!f) {
		model_warn(m, "dup of fd %d, which is not a tracked pipe/FIFO end of pid %d; event skipped", oldfd,
		           (int)pid);
		return 0;
	}
	if (oldfd == newfd)
		return 0;
	model_fd nf = *f;
	nf.fd = newfd;
	nf.cloexec = false;   /* dup/dup2 clear FD_CLOEXEC on the new fd */
	return model_fd_add(m, pi, nf);
}

int model_ev_close(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int fd = model_get_fd(ev, "fd"), pi;
	if (fd < 0) {
		model_error(m, "close event without \"fd\"");
		return -1;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	/* An fd we no longer track (e.g. a cloexec end already dropped at exec) is fine. An fd that
	 * now names another object was already replaced (a dup2 recorded before its close). */
	model_fd *f = model_fd_find(&m->procs[pi], fd);
	uint64_t ino;
	if (f && log_reader_u64(ev, "ino", &ino) == LOG_FIELD_OK && m->ipcs[f->ipc].pub.ino &&
	    m->ipcs[f->ipc].pub.ino != ino)
		return 0;
	/* The tracer writes the O_CLOEXEC closes just after the exec event; they happened at the exec,
	 * so the new program never held these ends. */
	int via = model_get_word(m, ev, "via", ptv_close_via_names, PTV_CLOSE_COUNT, PTV_CLOSE_CLOSE);
	const model_proc *p = &m->procs[pi];
	if (f && via == PTV_CLOSE_EXEC && p->pub.nexecs > 0 && p->execs[p->pub.nexecs - 1].t <= m->t) {
		int64_t now = m->t;
		m->t = p->execs[p->pub.nexecs - 1].t;
		int rc = model_fd_remove(m, pi, fd);
		m->t = now;
		return rc;
	}
	return model_fd_remove(m, pi, fd);
}

int model_ev_fcntl(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int fd = model_get_fd(ev, "fd"), pi;
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	model_fd *f = model_fd_find(&m->procs[pi], fd);
	if (f && log_reader_bool(ev, "nonblock", false))
		m->ipcs[f->ipc].pub.nonblock = true;
	return 0;
}

int model_ev_mmap(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const char *region = log_reader_str(ev, "region"), *prot = log_reader_str(ev, "prot");
	uint64_t addr = 0, ino = 0;
	int pi, ii;
	if (!region) {
		model_error(m, "mmap event without \"region\"");
		return -1;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	log_reader_u64(ev, "addr", &addr);
	ii = hmap_sget(&m->regions, region);
	if (ii < 0) {
		bool inherited = model_get_word(m, ev, "via", ptv_mmap_via_names, PTV_MMAP_COUNT, -1) ==
		                 PTV_MMAP_FORK;
		if ((ii = model_ipc_new(m, PTV_IPC_SHM, inherited ? -1 : pi)) < 0)
			return -1;
		model_ipc *c = &m->ipcs[ii];
		c->pub.region = model_arena_strdup(&m->arena, region);
		c->pub.path = model_arena_strdup(&m->arena, log_reader_str(ev, "path"));
		c->pub.anon = log_reader_bool(ev, "anon", false);
		if (log_reader_u64(ev, "ino", &ino) == LOG_FIELD_OK)
			c->pub.ino = ino;
		if (!c->pub.region || hmap_sput(&m->regions, c->pub.region, ii) < 0) {
			model_error(m, "out of memory");
			return -1;
		}
	}
	return model_map_add(m, pi, (model_map_ent){ .addr = addr, .ipc = ii,
		.read = !prot || strchr(prot, 'r') != NULL, .write = prot && strchr(prot, 'w') != NULL });
}

int model_ev_munmap(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const char *region = log_reader_str(ev, "region");
	uint64_t addr = 0;
	bool have_addr = log_reader_u64(ev, "addr", &addr) == LOG_FIELD_OK;
	int pi, ii = region ? hmap_sget(&m->regions, region) : -1;
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	model_proc *p = &m->procs[pi];
	for (int i = 0; i < p->nmaps;) {
		model_map_ent *e = &p->maps[i];
		if ((have_addr && e->addr == addr && (ii < 0 || e->ipc == ii)) || (!have_addr && e->ipc == ii)) {
			if (model_map_remove_at(m, pi, i) < 0)
				return -1;
		} else {
			i++;
		}
	}
	return 0;
}

int model_ev_io(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int fd = model_get_fd(ev, "fd"), pi;
	int64_t bytes = 0;
	const char *data = log_reader_str(ev, "data");
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	if (log_reader_int(ev, "bytes", &bytes) != LOG_FIELD_OK || bytes < 0)
		bytes = 0;
	if ((fd == 1 || fd == 2) && data) {
		if (vec_reserve((void **)&m->outs, &m->ocap, m->nouts + 1, sizeof *m->outs) < 0) {
			model_error(m, "out of memory");
			return -1;
		}
		m->outs[m->nouts++] = (ptv_output){ .t = m->t, .proc = pi, .fd = fd,
			                            .data = model_arena_strdup(&m->arena, data) };
	}
	model_proc *p = &m->procs[pi];
	model_fd *f = fd >= 0 ? model_fd_find(p, fd) : NULL;
	if (!f)
		return 0;
	model_hold_bytes(m, pi, f->ipc, bytes);
	return 0;
}
