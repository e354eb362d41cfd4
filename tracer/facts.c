/* facts.c — the list of facts (see facts.h). */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

struct fact *facts_push(struct facts *f, enum fact_kind kind, pid_t pid)
{
	if (f->n == f->cap) {
		int cap = f->cap ? f->cap * 2 : 16;
		struct fact *v = realloc(f->v, (size_t)cap * sizeof *v);
		if (!v)
			return NULL;
		f->v = v;
		f->cap = cap;
	}
	struct fact *x = &f->v[f->n++];
	memset(x, 0, sizeof *x);
	x->kind = kind;
	x->pid = pid;
	x->status = -1;
	return x;
}

void facts_clear(struct facts *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->v[i].path);
		free(f->v[i].shm.path);
	}
	f->n = 0;
}

void facts_free(struct facts *f)
{
	facts_clear(f);
	free(f->v);
	f->v = NULL;
	f->cap = 0;
}
