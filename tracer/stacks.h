/* stacks.h — `-k`: the calling thread's user-space stack on events caused by a call.
 *
 * A thin layer over tracer/unwind (ptviz_unwind): capture at a ptrace-stop of the caller, turn
 * the frames into the log's "stack" array (or "stack_error"). Built without that library, -k is
 * refused at ptv_tracer_new. */
#ifndef PTVIZ_TRACER_STACKS_H
#define PTVIZ_TRACER_STACKS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct stacks;

/* Returns 0, or -1 with the reason in err (no unwinding support, libunwind failure). */
int stacks_new(struct stacks **out, int depth, char *err, size_t errlen);
void stacks_free(struct stacks *s);

/* The stack of thread tid (of tgid), stopped by us, as a new "stack" array; on failure a string
 * for "stack_error" (*is_error set). Caller owns the item. */
cJSON *stacks_capture(struct stacks *s, pid_t tgid, pid_t tid, bool *is_error);
/* Capture and add "stack" or "stack_error" to o. s may be NULL (no -k): does nothing. */
void stacks_add(struct stacks *s, cJSON *o, pid_t tgid, pid_t tid);
/* Add a stack captured earlier (takes ownership of item; NULL does nothing). */
void stacks_attach(cJSON *o, cJSON *item, bool is_error);

/* Keep the unwinder's per-process caches right. s may be NULL. */
void stacks_forget(struct stacks *s, pid_t tgid);
void stacks_fork(struct stacks *s, pid_t parent, pid_t child);
void stacks_maps_changed(struct stacks *s, pid_t tgid);

#endif
