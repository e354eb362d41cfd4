/* model_arena.c — one bump allocator per model: everything the model hands out is freed at once. */
#include "model_priv.h"

#include <stdlib.h>
#include <string.h>

struct model_arena_chunk {
	model_arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define MODEL_ARENA_CHUNK (64 * 1024)

void *model_arena_alloc(model_arena *a, size_t size)
{
	model_arena_chunk *c = a->head;
	size_t align = sizeof(max_align_t);
	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
	if (!c || c->size - c->used < size) {
		size_t want = size > MODEL_ARENA_CHUNK ? size : MODEL_ARENA_CHUNK;
		c = calloc(1, sizeof *c + want);
		if (!c)
			return NULL;
		c->size = want;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

const char *model_arena_strdup(model_arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = model_arena_alloc(a, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void model_arena_free(model_arena *a)
{
	model_arena_chunk *c = a->head;
	while (c) {
		model_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}
