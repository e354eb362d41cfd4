/* tracer/unwind/u64map.c — the one hash table the unwinder's caches use: uint64 keys (pids,
 * inodes, file offsets) to pointers, linear probing with backward-shift deletion. */
#include <stdlib.h>

#include "unwind_int.h"

static size_t u64map_slot(uint64_t key, size_t cap)
{
	/* splitmix64's finalizer: pids and page-aligned offsets are far from random */
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ULL;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebULL;
	key ^= key >> 31;
	return (size_t)key & (cap - 1);
}

/* Rehash into a table of cap slots. */
static int u64map_grow(u64map *m, size_t cap)
{
	uint64_t *keys = calloc(cap, sizeof(*keys));
	void **vals = calloc(cap, sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->vals[i])
			continue;
		size_t j = u64map_slot(m->keys[i], cap);
		while (vals[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return 0;
}

int u64map_put(u64map *m, uint64_t key, void *val)
{
	if ((m->len + 1) * 4 > m->cap * 3 && u64map_grow(m, m->cap ? m->cap * 2 : 16) < 0)
		return -1;
	size_t i = u64map_slot(key, m->cap);
	while (m->vals[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->vals[i])
		m->len++;
	m->keys[i] = key;
	m->vals[i] = val;
	return 0;
}

void *u64map_get(const u64map *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	size_t i = u64map_slot(key, m->cap);
	while (m->vals[i]) {
		if (m->keys[i] == key)
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

void *u64map_del(u64map *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	size_t i = u64map_slot(key, m->cap);
	while (m->vals[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	void *val = m->vals[i];
	if (!val)
		return NULL;
	/* Backward shift: pull later members of the probe run into the hole so lookups that
	 * stop at the first free slot still find them. */
	size_t hole = i;
	for (size_t j = (i + 1) & (m->cap - 1); m->vals[j]; j = (j + 1) & (m->cap - 1)) {
		size_t home = u64map_slot(m->keys[j], m->cap);
		/* j may move to hole when home is not cyclically in (hole, j] */
		if (((j - home) & (m->cap - 1)) >= ((j - hole) & (m->cap - 1))) {
			m->keys[hole] = m->keys[j];
			m->vals[hole] = m->vals[j];
			hole = j;
		}
	}
	m->vals[hole] = NULL;
	m->len--;
	return val;
}

void u64map_free(u64map *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->len = 0;
}
