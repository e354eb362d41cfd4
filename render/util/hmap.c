/* hmap.c — open-addressing hash maps keyed by integers or strings, so that replaying 100k events
 * never scans linearly. One probe loop serves both kinds: a slot holds a 64-bit key (the integer
 * + 1, or the string's hash) and, for strings, the key itself to compare. */
#include "hmap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

uint64_t hmap_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Spread the key's bits over the slot index (murmur3's finalizer). */
static uint64_t hmap_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t hmap_str_key(const char *s)
{
	uint64_t h = hmap_fnv(HMAP_FNV_SEED, s, strlen(s));
	return h ? h : 1;
}

/* The slot holding (k, s), or the empty slot where it belongs. m->cap > 0. */
static size_t hmap_slot(const hmap *m, uint64_t k, const char *s)
{
	size_t i = hmap_mix(k) & (m->cap - 1);

	while (m->keys[i] && !(m->keys[i] == k && (!s || strcmp(m->strs[i], s) == 0)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int hmap_grow(hmap *m, bool strings)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	uint64_t *keys = calloc(ncap, sizeof *keys);
	const char **strs = strings ? calloc(ncap, sizeof *strs) : NULL;
	int *vals = calloc(ncap, sizeof *vals);

	if (!keys || !vals || (strings && !strs)) {
		free(keys);
		free(strs);
		free(vals);
		return -1;
	}
	for (size_t j = 0; j < m->cap; j++) {
		if (!m->keys[j])
			continue;
		size_t i = hmap_mix(m->keys[j]) & (ncap - 1);
		while (keys[i])
			i = (i + 1) & (ncap - 1);
		keys[i] = m->keys[j];
		vals[i] = m->vals[j];
		if (strings)
			strs[i] = m->strs[j];
	}
	free(m->keys);
	free(m->strs);
	free(m->vals);
	m->keys = keys;
	m->strs = strs;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

/* Insert or replace (k, s) → val; s is NULL in an integer map. */
static int hmap_insert(hmap *m, uint64_t k, const char *s, int val)
{
	if ((m->n + 1) * 2 > m->cap && hmap_grow(m, s != NULL) < 0)
		return -1;
	size_t i = hmap_slot(m, k, s);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = k;
	m->vals[i] = val;
	if (s)
		m->strs[i] = s;
	return 0;
}

int hmap_get(const hmap *m, uint64_t key)
{
	if (!m->cap || key == UINT64_MAX)
		return -1;
	size_t i = hmap_slot(m, key + 1, NULL);
	return m->keys[i] ? m->vals[i] : -1;
}

int hmap_put(hmap *m, uint64_t key, int val)
{
	return key == UINT64_MAX ? -1 : hmap_insert(m, key + 1, NULL, val);
}

int hmap_sget(const hmap *m, const char *key)
{
	if (!m->cap || !key)
		return -1;
	size_t i = hmap_slot(m, hmap_str_key(key), key);
	return m->keys[i] ? m->vals[i] : -1;
}

const char *hmap_skey(const hmap *m, const char *key)
{
	if (!m->cap || !key)
		return NULL;
	size_t i = hmap_slot(m, hmap_str_key(key), key);
	return m->keys[i] ? m->strs[i] : NULL;
}

int hmap_sput(hmap *m, const char *key, int val)
{
	return key ? hmap_insert(m, hmap_str_key(key), key, val) : -1;
}

void hmap_free(hmap *m)
{
	free(m->keys);
	free(m->strs);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
