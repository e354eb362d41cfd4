/* model_map.c — open-addressing hash maps keyed by integers (pids, inodes) and by strings
 * (FIFO paths, SHM regions), so that replaying 100k events never scans linearly. */
#include "model_priv.h"

#include <stdlib.h>
#include <string.h>

/* Keys are stored +1 so that 0 can mean "empty slot". */
static uint64_t model_map_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

int model_imap_get(const model_imap *m, uint64_t key)
{
	if (!m->cap)
		return -1;
	uint64_t k = key + 1;
	if (k == 0)
		return -1;   /* UINT64_MAX is never stored */
	for (size_t i = model_map_mix(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == 0)
			return -1;
		if (m->keys[i] == k)
			return m->vals[i];
	}
}

static int model_imap_grow(model_imap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	uint64_t *keys = calloc(ncap, sizeof *keys);
	int *vals = calloc(ncap, sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (size_t j = 0; j < m->cap; j++) {
		if (!m->keys[j])
			continue;
		size_t i = model_map_mix(m->keys[j]) & (ncap - 1);
		while (keys[i])
			i = (i + 1) & (ncap - 1);
		keys[i] = m->keys[j];
		vals[i] = m->vals[j];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

int model_imap_put(model_imap *m, uint64_t key, int val)
{
	uint64_t k = key + 1;
	if (k == 0)
		return -1;
	if ((m->n + 1) * 2 > m->cap && model_imap_grow(m) < 0)
		return -1;
	size_t i = model_map_mix(k) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != k)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = k;
	m->vals[i] = val;
	return 0;
}

void model_imap_free(model_imap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

static uint64_t model_smap_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;   /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int model_smap_get(const model_smap *m, const char *key)
{
	if (!m->cap || !key)
		return -1;
	for (size_t i = model_smap_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return -1;
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

const char *model_smap_key(const model_smap *m, const char *key)
{
	if (!m->cap || !key)
		return NULL;
	for (size_t i = model_smap_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return NULL;
		if (strcmp(m->keys[i], key) == 0)
			return m->keys[i];
	}
}

static int model_smap_grow(model_smap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 32;
	const char **keys = calloc(ncap, sizeof *keys);
	int *vals = calloc(ncap, sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (size_t j = 0; j < m->cap; j++) {
		if (!m->keys[j])
			continue;
		size_t i = model_smap_hash(m->keys[j]) & (ncap - 1);
		while (keys[i])
			i = (i + 1) & (ncap - 1);
		keys[i] = m->keys[j];
		vals[i] = m->vals[j];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

int model_smap_put(model_smap *m, const char *key, int val)
{
	if (!key)
		return -1;
	if ((m->n + 1) * 2 > m->cap && model_smap_grow(m) < 0)
		return -1;
	size_t i = model_smap_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
	return 0;
}

void model_smap_free(model_smap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
