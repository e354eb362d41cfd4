/* filter.h — build the seccomp-bpf program from the syscall table. */
#ifndef PTVIZ_TRACER_FILTER_H
#define PTVIZ_TRACER_FILTER_H

#include "ptviz/tracer.h"

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>

/* The SECCOMP_RET_DATA of ptviz's own RET_TRACE rules. A seccomp stop carrying other data comes
 * from the program's own filter: untraced, that call would fail with ENOSYS (seccomp(2): "no
 * tracer"), so ptviz makes it fail so (sysevents.c). The newest filter's data wins among equal
 * actions (kernel/seccomp.c seccomp_run_filters), so a program's filter is told apart as long as
 * it does not use this very value. */
#define FILTER_TRACE_DATA 0x7076u   /* "pv" */

/* Compile the filter: RET_TRACE for every row trapped with these options (with its argument
 * condition), ALLOW for the rest. On success fills *prog (caller frees prog->filter with free())
 * and returns 0; on failure returns a negative errno and writes the reason into err. */
int filter_build(struct sock_fprog *prog, const ptv_tracer_opts *opts, char *err, size_t errlen);

/* Install prog in the calling process (the launched child, between seize and execve). Tries
 * without NO_NEW_PRIVS first so setuid programs keep working when ptviz may (CAP_SYS_ADMIN).
 * Async-signal-safe: returns 0 or -errno. */
int filter_install(const struct sock_fprog *prog);

#endif
