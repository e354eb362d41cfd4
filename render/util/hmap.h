/* hmap.h — the one hash map: open addressing, keys mapped to ints, keyed either by integers
 * (pids, inodes) or by strings (FIFO paths, SHM regions, interned names). A map is one or the
 * other: use hmap_get/hmap_put or the hmap_s* functions, never both on one map.
 *
 * String keys are not copied: they must outlive the map. A zeroed hmap is an empty map.
 */
#ifndef PTVIZ_UTIL_HMAP_H
#define PTVIZ_UTIL_HMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hmap {
	uint64_t *keys;       /* integer key + 1, or a string key's hash (never 0); 0 = empty */
	const char **strs;    /* string keys; NULL in an integer map */
	int *vals;
	size_t cap, n;
} hmap;

/* Integer keys (UINT64_MAX cannot be stored). get: the value, -1 when absent. put: insert or
 * replace; 0, or -1 when out of memory. */
int hmap_get(const hmap *m, uint64_t key);
int hmap_put(hmap *m, uint64_t key, int val);

/* String keys. */
int hmap_sget(const hmap *m, const char *key);
int hmap_sput(hmap *m, const char *key, int val);
/* The stored key equal to key, or NULL: how a map of strings interns them. */
const char *hmap_skey(const hmap *m, const char *key);

void hmap_free(hmap *m);

/* FNV-1a over n bytes, continued from h (start with HMAP_FNV_SEED): the hash of the string keys,
 * and of whatever else needs a stable 64-bit signature. */
#define HMAP_FNV_SEED 0xcbf29ce484222325ULL
uint64_t hmap_fnv(uint64_t h, const void *p, size_t n);

#endif
