/* tracer/unwind/maps.c — parse /proc/PID/maps into a sorted array of mappings, once per
 * process and again only when its mappings changed (ptv_unwinder_maps_changed) or an address
 * is missing from the cached copy. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "unwind_int.h"

/* Read all of path into m->buf (NUL-terminated). 0 or -errno. */
static int maps_slurp(maps *m, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int ret = 0;
	size_t len = 0;
	for (;;) {
		if (len + 4096 + 1 > m->buflen) {
			size_t n = m->buflen ? m->buflen * 2 : 16384;
			char *b = realloc(m->buf, n);
			if (!b) {
				ret = -ENOMEM;
				goto out;
			}
			m->buf = b;
			m->buflen = n;
		}
		ssize_t r = read(fd, m->buf + len, m->buflen - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	m->buf[len] = '\0';
out:
	close(fd);
	return ret;
}

/* Parse a hex number at *p, advancing it. */
static uint64_t maps_hex(char **p)
{
	return strtoull(*p, p, 16);
}

/* Parse one line (NUL-terminated, no newline) into e. 0, or -1 when malformed. */
static int maps_parse_line(char *s, maps_entry *e)
{
	char *p = s;
	memset(e, 0, sizeof(*e));
	e->lo = maps_hex(&p);
	if (*p++ != '-')
		return -1;
	e->hi = maps_hex(&p);
	if (*p++ != ' ' || strlen(p) < 5)
		return -1;
	e->prot = (p[0] == 'r' ? MAPS_R : 0) | (p[1] == 'w' ? MAPS_W : 0) | (p[2] == 'x' ? MAPS_X : 0);
	p += 4;
	e->off = maps_hex(&p);
	unsigned maj = (unsigned)maps_hex(&p);
	if (*p++ != ':')
		return -1;
	unsigned min = (unsigned)maps_hex(&p);
	e->dev = makedev(maj, min);
	e->ino = strtoull(p, &p, 10);
	while (*p == ' ')
		p++;
	e->path = *p ? p : NULL;
	return e->hi > e->lo ? 0 : -1;
}

int maps_read(maps *m, pid_t pid, char *err, size_t errlen)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	m->n = 0;
	int ret = maps_slurp(m, path);
	if (ret == -ENOENT || ret == -ESRCH) {
		snprintf(err, errlen, "process gone");
		return -1;
	}
	if (ret < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return -1;
	}
	for (char *line = m->buf; *line;) {
		char *nl = strchr(line, '\n');
		char *next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if (m->n == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 64;
			maps_entry *v = realloc(m->v, cap * sizeof(*v));
			if (!v) {
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			m->v = v;
			m->cap = cap;
		}
		if (maps_parse_line(line, &m->v[m->n]) == 0)
			m->n++;
		line = next;
	}
	if (m->n == 0) {
		/* a zombie or exiting process has an empty maps file */
		snprintf(err, errlen, "no mappings (process exiting)");
		return -1;
	}
	return 0;
}

/* The kernel lists mappings in address order, so a binary search finds addr. */
maps_entry *maps_find(const maps *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (addr < m->v[mid].lo)
			hi = mid;
		else if (addr >= m->v[mid].hi)
			lo = mid + 1;
		else
			return &m->v[mid];
	}
	return NULL;
}

uint64_t maps_layout_hash(const maps *m)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a over the fields, 64 bits at a time */
	for (size_t i = 0; i < m->n; i++) {
		const maps_entry *e = &m->v[i];
		if (!(e->prot & MAPS_X))
			continue;
		uint64_t f[5] = { e->lo, e->hi, e->off, (uint64_t)e->dev, e->ino };
		for (int j = 0; j < 5; j++) {
			h ^= f[j];
			h *= 0x100000001b3ULL;
			h ^= h >> 29;
		}
	}
	return h;
}

int maps_copy(maps *dst, const maps *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->buf = malloc(src->buflen);
	dst->v = malloc(src->n * sizeof(*dst->v));
	if (!dst->buf || !dst->v) {
		maps_free(dst);
		return -1;
	}
	memcpy(dst->buf, src->buf, src->buflen);
	memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
	dst->buflen = src->buflen;
	dst->n = dst->cap = src->n;
	for (size_t i = 0; i < dst->n; i++)
		if (dst->v[i].path)
			dst->v[i].path = dst->buf + (src->v[i].path - src->buf);
	return 0;
}

void maps_free(maps *m)
{
	free(m->v);
	free(m->buf);
	memset(m, 0, sizeof(*m));
}
