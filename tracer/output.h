/* output.h — what each process printed, recorded without --io: the first output_max bytes
 * written to fds 1 and 2 per process (docs/event-log.md, "io"). */
#ifndef PTVIZ_TRACER_OUTPUT_H
#define PTVIZ_TRACER_OUTPUT_H

#include <seccomp.h>
#include <stdbool.h>

struct ptv_tracer;
struct thread;
struct sc_info;

/* The seccomp rules for a row marked SC_TRAP_OUTPUT when output is recorded without --io:
 * trapped only when the fd argument is 1 or 2. Returns 0 or libseccomp's negative errno. */
int output_filter_rules(scmp_filter_ctx ctx, const struct sc_info *sc);

/* At the entry of write/writev: whether the exit is wanted for the output (fd 1 or 2, the
 * process still under its cap). */
bool output_wants(const struct ptv_tracer *tr, const struct thread *t);

/* At its exit (ret bytes written): an io event with the first of them, as far as the cap
 * allows; "cut" on the event that reached it. vec: writev (arg 1 is an iovec array). */
void output_record(struct ptv_tracer *tr, struct thread *t, long ret, bool vec);

#endif
