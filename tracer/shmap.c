/* shmap.c — MAP_SHARED regions per process, from the trapped mmap and /proc/PID/maps. */
#include "shmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

/* An mmap fact for region r of pid, found in maps as m. */
static void shmap_fact_mmap(struct facts *out, pid_t pid, const struct shregion *r,
                            const struct maps_line *m, int prot, int flags, bool anon,
                            bool inherited)
{
	struct fact *f = facts_push(out, FACT_MMAP, pid);
	if (!f)
		return;
	f->shm.addr = r->addr;
	f->shm.len = r->len;
	memcpy(f->shm.region, r->region, sizeof f->shm.region);
	f->shm.prot = prot;
	f->shm.flags = flags;
	f->shm.anon = anon;
	f->shm.inherited = inherited;
	if (!anon && m->pathlen) {
		f->shm.path = strndup(m->path, m->pathlen);
		f->shm.pathlen = f->shm.path ? m->pathlen : 0;
		f->shm.ino = m->ino;
		f->shm.offset = m->offset + (r->addr - m->start);
	}
}

void shmap_mmap(struct shmtab *t, pid_t pid, const char *maps, unsigned long long addr,
                unsigned long long len, int prot, int flags, struct facts *out)
{
	struct maps_line m;
	if (!maps || !maps_find(maps, addr, &m))
		return;
	struct shregion r = { addr, len, "" };
	shmap_region_id(&m, r.region, sizeof r.region);
	shmap_fact_mmap(out, pid, &r, &m, prot, flags, (flags & MAP_ANONYMOUS) != 0, false);
	shmtab_add(t, &r);
}

/* The PROT_* bits of a maps line's "rwxs" column. */
static int shmap_perms_prot(const char *perms)
{
	return (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
	       (perms[2] == 'x' ? PROT_EXEC : 0);
}

void shmap_fork(const struct shmtab *parent, struct shmtab *child, pid_t pid, const char *maps,
                struct facts *out)
{
	for (int i = 0; maps && i < parent->n; i++) {
		const struct shregion *r = &parent->v[i];
		struct maps_line m;
		if (!maps_find(maps, r->addr, &m))
			continue;   /* MADV_DONTFORK */
		/* An anonymous shared mapping shows as /dev/zero (mmap) or /SYSV (shmat) or nothing. */
		bool anon = m.pathlen == 0 || strncmp(m.path, "/dev/zero", 9) == 0 ||
		            strncmp(m.path, "/SYSV", 5) == 0;
		shmap_fact_mmap(out, pid, r, &m, shmap_perms_prot(m.perms),
		                MAP_SHARED | (anon ? MAP_ANONYMOUS : 0), anon, true);
		shmtab_add(child, r);
	}
}

static void shmap_fact_munmap(struct facts *out, pid_t pid, const struct shregion *r,
                              ptv_munmap_via via)
{
	struct fact *f = facts_push(out, FACT_MUNMAP, pid);
	if (!f)
		return;
	f->shm.addr = r->addr;
	memcpy(f->shm.region, r->region, sizeof f->shm.region);
	f->via = via;
}

void shmap_drop_all(struct shmtab *t, pid_t pid, ptv_munmap_via via, struct facts *out)
{
	for (int i = 0; i < t->n; i++)
		shmap_fact_munmap(out, pid, &t->v[i], via);
	t->n = 0;
}

void shmap_scan(struct shmtab *t, pid_t pid, const char *maps, struct facts *out)
{
	if (!maps)
		return;   /* the process is going; exit will drop the regions */
	for (int i = t->n - 1; i >= 0; i--) {
		struct shregion *r = &t->v[i];
		struct maps_line m;
		char id[48];
		if (maps_find(maps, r->addr, &m)) {
			shmap_region_id(&m, id, sizeof id);
			if (strcmp(id, r->region) == 0)
				continue;
		}
		shmap_fact_munmap(out, pid, r, PTV_MUNMAP_SCAN);
		t->v[i] = t->v[--t->n];
	}
}
