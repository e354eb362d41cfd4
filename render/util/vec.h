/* vec.h — the one growable-array helper: an array, its element count and its capacity live in
 * the caller's struct; vec_reserve makes room. */
#ifndef PTVIZ_UTIL_VEC_H
#define PTVIZ_UTIL_VEC_H

#include <stddef.h>

/* Grow *arr (elements of size el, capacity *cap) so that it holds at least need elements; new
 * slots are zeroed. Capacities double from 4; more than 2^28 elements is refused.
 * Returns 0, or -1 when out of memory (*arr and *cap are then unchanged). */
int vec_reserve(void **arr, int *cap, int need, size_t el);

#endif
