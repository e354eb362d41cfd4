/* vec.c — growable arrays. */
#include "vec.h"

#include <stdlib.h>
#include <string.h>

int vec_reserve(void **arr, int *cap, int need, size_t el)
{
	if (need <= *cap)
		return 0;
	if (need > (1 << 28))
		return -1;
	int ncap = *cap ? *cap : 4;
	while (ncap < need)
		ncap *= 2;
	void *p = realloc(*arr, (size_t)ncap * el);
	if (!p)
		return -1;
	memset((char *)p + (size_t)*cap * el, 0, (size_t)(ncap - *cap) * el);
	*arr = p;
	*cap = ncap;
	return 0;
}
