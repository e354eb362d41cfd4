/* shmap.c — MAP_SHARED regions per process, from the trapped mmap and /proc/PID/maps. */
#include "internal.h"
#include "procfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { MAPS_MAX = 16 << 20 };

void shmtab_free(struct shmtab *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

static void shmtab_add(struct shmtab *t, const struct shregion *r)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 4;
		struct shregion *v = realloc(t->v, (size_t)cap * sizeof *v);
		if (!v)
			return;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = *r;
}

/* One line of /proc/PID/maps. */
struct maps_line {
	unsigned long long start, end, offset;
	unsigned major, minor;
	unsigned long ino;
	char perms[8];
	const char *path;   /* points into the line; "" if none */
	size_t pathlen;
};

/* Parse the line starting at s; returns the next line or NULL at the end. */
static const char *maps_next(const char *s, struct maps_line *m, bool *ok)
{
	int n = 0;
	*ok = sscanf(s, "%llx-%llx %7s %llx %x:%x %lu %n", &m->start, &m->end, m->perms, &m->offset,
	             &m->major, &m->minor, &m->ino, &n) == 7;
	const char *eol = strchr(s, '\n');
	m->path = s + n;
	m->pathlen = *ok ? (size_t)((eol ? eol : s + strlen(s)) - m->path) : 0;
	if (!*ok || m->path > (eol ? eol : s + strlen(s)))
		m->pathlen = 0;
	return eol ? eol + 1 : NULL;
}

/* Find the mapping containing addr in the maps text. */
static bool maps_find(const char *maps, unsigned long long addr, struct maps_line *out)
{
	for (const char *s = maps; s && *s;) {
		bool ok;
		s = maps_next(s, out, &ok);
		if (ok && addr >= out->start && addr < out->end)
			return true;
	}
	return false;
}

static void shmap_region_id(const struct maps_line *m, char *buf, size_t size)
{
	snprintf(buf, size, "%u:%u:%lu", m->major, m->minor, m->ino);
}

static void shmap_emit_mmap(struct ptv_tracer *tr, struct proc *p, const struct shregion *r,
                            const struct maps_line *m, int prot, int flags, const char *via)
{
	cJSON *o = writer_begin(tr->w, "mmap", p->pid);
	writer_add_hex(o, "addr", r->addr);
	writer_add_int(o, "len", (long long)r->len);
	char pbuf[4];
	if (prot >= 0) {
		pbuf[0] = (prot & PROT_READ) ? 'r' : '-';
		pbuf[1] = (prot & PROT_WRITE) ? 'w' : '-';
		pbuf[2] = (prot & PROT_EXEC) ? 'x' : '-';
	} else {
		memcpy(pbuf, m->perms, 3);
	}
	pbuf[3] = 0;
	cJSON_AddStringToObject(o, "prot", pbuf);
	cJSON *fl = cJSON_AddArrayToObject(o, "flags");
	bool anon = flags >= 0 ? (flags & MAP_ANONYMOUS) != 0
	                       : (m->pathlen == 0 || strncmp(m->path, "/dev/zero", 9) == 0 ||
	                          strncmp(m->path, "/SYSV", 5) == 0);
	cJSON_AddItemToArray(fl, cJSON_CreateString((flags >= 0 && (flags & MAP_SHARED_VALIDATE) ==
	                                              MAP_SHARED_VALIDATE) ? "MAP_SHARED_VALIDATE"
	                                                                   : "MAP_SHARED"));
	if (anon)
		cJSON_AddItemToArray(fl, cJSON_CreateString("MAP_ANONYMOUS"));
	if (flags >= 0 && (flags & MAP_FIXED))
		cJSON_AddItemToArray(fl, cJSON_CreateString("MAP_FIXED"));
	cJSON_AddStringToObject(o, "region", r->region);
	writer_add_bool(o, "anon", anon);
	if (!anon && m->pathlen) {
		writer_add_bytes(o, "path", m->path, m->pathlen);
		writer_add_int(o, "ino", (long long)m->ino);
		writer_add_int(o, "offset", (long long)(m->offset + (r->addr - m->start)));
	}
	if (via)
		cJSON_AddStringToObject(o, "via", via);
	else
		tracee_stack(tr, o);
	writer_emit(tr->w, o);
}

void shmap_on_mmap(struct ptv_tracer *tr, struct proc *p, unsigned long long addr,
                   unsigned long long len, int prot, int flags)
{
	char *maps = procfs_slurp(p->pid, "maps", MAPS_MAX, NULL);
	struct maps_line m;
	if (!maps || !maps_find(maps, addr, &m)) {
		free(maps);
		return;
	}
	struct shregion r = { addr, len, "" };
	shmap_region_id(&m, r.region, sizeof r.region);
	shmap_emit_mmap(tr, p, &r, &m, prot, flags, NULL);
	shmtab_add(&p->shm, &r);
	free(maps);
}

void shmap_on_fork(struct ptv_tracer *tr, struct proc *parent, struct proc *child)
{
	if (parent->shm.n == 0)
		return;
	shmap_scan(tr, parent);
	char *maps = procfs_slurp(child->pid, "maps", MAPS_MAX, NULL);
	for (int i = 0; maps && i < parent->shm.n; i++) {
		struct shregion *r = &parent->shm.v[i];
		struct maps_line m;
		if (!maps_find(maps, r->addr, &m))
			continue;   /* MADV_DONTFORK */
		shmap_emit_mmap(tr, child, r, &m, -1, -1, "fork");
		shmtab_add(&child->shm, r);
	}
	free(maps);
}

static void shmap_emit_munmap(struct ptv_tracer *tr, struct proc *p, const struct shregion *r,
                              const char *via)
{
	cJSON *o = writer_begin(tr->w, "munmap", p->pid);
	writer_add_hex(o, "addr", r->addr);
	cJSON_AddStringToObject(o, "region", r->region);
	cJSON_AddStringToObject(o, "via", via);
	writer_emit(tr->w, o);
}

void shmap_drop_all(struct ptv_tracer *tr, struct proc *p, const char *via)
{
	for (int i = 0; i < p->shm.n; i++)
		shmap_emit_munmap(tr, p, &p->shm.v[i], via);
	p->shm.n = 0;
}

void shmap_scan(struct ptv_tracer *tr, struct proc *p)
{
	char *maps = procfs_slurp(p->pid, "maps", MAPS_MAX, NULL);
	if (!maps)
		return;   /* the process is going; exit will drop the regions */
	for (int i = p->shm.n - 1; i >= 0; i--) {
		struct shregion *r = &p->shm.v[i];
		struct maps_line m;
		char id[48];
		if (maps_find(maps, r->addr, &m)) {
			shmap_region_id(&m, id, sizeof id);
			if (strcmp(id, r->region) == 0)
				continue;
		}
		shmap_emit_munmap(tr, p, r, "scan");
		p->shm.v[i] = p->shm.v[--p->shm.n];
	}
	free(maps);
}
