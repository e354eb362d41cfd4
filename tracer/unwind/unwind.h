/* tracer/unwind/unwind.h — call-site stacks of ptrace-stopped threads (`-k`).
 *
 * The tracer calls ptv_unwind_capture at a stop it records (syscall entry/seccomp stop, EVENT_EXIT,
 * a new child's first stop) and writes the frames as the event's "stack" (docs/event-log.md).
 * Unwinding is libunwind's DWARF CFI walker on remote accessors of our own: registers come from one
 * PTRACE_GETREGS, stack memory from process_vm_readv in blocks, and read-only code/unwind tables
 * from the object files themselves (mapped once per object, shared by every process). Symbols and
 * source lines come from libdw, cached per (object, file offset), so a call site seen in 2,000
 * processes is resolved once. x86_64 only.
 */
#ifndef PTVIZ_UNWIND_H
#define PTVIZ_UNWIND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct ptv_unwinder ptv_unwinder;

/* One frame. The strings are lent: they belong to the unwinder's object caches and stay valid
 * until ptv_unwinder_free. */
typedef struct ptv_unwind_frame {
	uint64_t pc;      /* frame 0: where the thread stopped; others: the return address */
	const char *fn;   /* function symbol, NULL if unknown (stripped, JIT) */
	uint64_t off;     /* pc - start of fn */
	const char *obj;  /* mapped object path ("[vdso]" for the vDSO), NULL for anonymous code */
	uint64_t obj_off; /* file offset of pc in obj (for "[vdso]": offset in the mapping) */
	const char *file; /* source file (libdw line table of the call site), NULL if unknown */
	int line;         /* source line, 0 if unknown */
} ptv_unwind_frame;

/* Default frame limit when the caller has no opinion (the CLI's --stack-depth default). */
#define PTV_UNWIND_DEPTH_DEFAULT 16
/* Larger limits are cut to this: a deeper stack is runaway recursion or garbage. */
#define PTV_UNWIND_DEPTH_MAX 256

/* A new unwinder with empty caches. Returns 0, or -1 with the reason in err. */
int ptv_unwinder_new(ptv_unwinder **out, char *err, size_t errlen);

/* Frees every cache and the frame strings handed out; accepts NULL. */
void ptv_unwinder_free(ptv_unwinder *u);

/* Capture the stack of thread tid of process tgid, which must be in a ptrace-stop of this
 * tracer. Writes up to max frames (at most PTV_UNWIND_DEPTH_MAX), innermost first. Returns the
 * number of frames (>= 1 unless max <= 0), or -1 with a short reason in err for the log's
 * "stack_error" ("process gone", "registers: thread gone or not stopped", ...). Never blocks;
 * a thread that dies mid-walk gives a shorter stack or -1. */
int ptv_unwind_capture(ptv_unwinder *u, pid_t tgid, pid_t tid, ptv_unwind_frame *frames, int max,
                       char *err, size_t errlen);

/* tgid exec'd or exited: drop its address space and maps (object caches are kept). */
void ptv_unwinder_forget(ptv_unwinder *u, pid_t tgid);

/* Optional, at PTRACE_EVENT_FORK/VFORK: child is a fork of parent, so it starts with the
 * parent's maps and address space (saves reading /proc/CHILD/maps). Does nothing if the parent
 * was never captured or the child already was. Not for CLONE_VM/threads (same tgid). */
void ptv_unwinder_fork(ptv_unwinder *u, pid_t parent, pid_t child);

/* tgid's mappings changed (mmap/munmap/mremap/mprotect): re-read its maps at the next capture
 * and flush libunwind's per-address cache for it. Cheap; call it at the syscall's exit. */
void ptv_unwinder_maps_changed(ptv_unwinder *u, pid_t tgid);

/* Counters for --debug and the tests: what the caches saved. */
typedef struct ptv_unwind_stats {
	long captures;       /* calls of ptv_unwind_capture */
	long maps_reads;     /* /proc/PID/maps parses */
	long mem_reads;      /* process_vm_readv / PEEKDATA calls */
	long objects;        /* distinct object files opened */
	long layouts;        /* live code layouts (libunwind address spaces), shared by fork */
	long sym_lookups;    /* frames symbolized */
	long sym_misses;     /* of those, resolved through libdw (not the cache) */
} ptv_unwind_stats;

void ptv_unwinder_stats(const ptv_unwinder *u, ptv_unwind_stats *out);

#endif
