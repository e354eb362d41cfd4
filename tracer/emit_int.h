/* emit_int.h — what the emitter's two files (emit.c, emit_facts.c) share; not for the rest of
 * the tracer, which goes through emit.h. */
#ifndef PTVIZ_TRACER_EMIT_INT_H
#define PTVIZ_TRACER_EMIT_INT_H

#include "emit.h"

struct emit {
	struct writer *w;         /* borrowed */
	struct stacks *stacks;    /* borrowed; NULL without -k */
};

/* A new event of type ev about pid (t, type, pid set); NULL only when out of memory. */
cJSON *emit_begin(struct emit *em, ptv_ev ev, pid_t pid);
/* names[i] as o's key, when i is a word of the table. */
void emit_word(cJSON *o, const char *key, const char *const *names, int count, int i);
/* A 64-bit value as a hex string (JSON numbers are doubles). */
void emit_hex(cJSON *o, const char *key, unsigned long long v);
/* -k: the stack of the thread whose call caused the event (by), taken now; by NULL: none. */
void emit_add_stack(struct emit *em, cJSON *o, const struct emit_by *by);

#endif
