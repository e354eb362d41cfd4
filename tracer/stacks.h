/* stacks.h — `-k`: the calling thread's user-space stack on events caused by a call.
 *
 * A thin layer over tracer/unwind (ptviz_unwind): capture at a ptrace-stop of the caller; the
 * emitter (emit.c) writes the frames as the log's "stack" (or "stack_error"). Built without that
 * library, -k is refused at ptv_tracer_new. */
#ifndef PTVIZ_TRACER_STACKS_H
#define PTVIZ_TRACER_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stacks;

/* One frame; the strings are lent by the unwinder and live as long as the struct stacks. */
struct stack_frame {
	uint64_t pc;
	const char *fn;     /* NULL if unknown */
	uint64_t off;
	const char *obj;    /* NULL for anonymous code */
	uint64_t obj_off;
	const char *file;   /* NULL if unknown */
	int line;           /* 0 if unknown */
};

/* A captured stack: n frames (innermost first), or n < 0 and why unwinding failed. */
struct stack {
	int n;
	struct stack_frame *frames;   /* owned: stack_release */
	char error[128];
};

/* Returns 0, or -1 with the reason in err (no unwinding support, libunwind failure). */
int stacks_new(struct stacks **out, int depth, char *err, size_t errlen);
void stacks_free(struct stacks *s);

/* The stack of thread tid (of tgid), stopped by us, into *out (release it with stack_release). */
void stacks_capture(struct stacks *s, pid_t tgid, pid_t tid, struct stack *out);
void stack_release(struct stack *st);

/* Keep the unwinder's per-process caches right. s may be NULL. */
void stacks_forget(struct stacks *s, pid_t tgid);
void stacks_fork(struct stacks *s, pid_t parent, pid_t child);
void stacks_maps_changed(struct stacks *s, pid_t tgid);

#endif
