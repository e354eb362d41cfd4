/* stopstats.h — --debug's profile of the loop: per stop kind, how many stops and how long ptviz
 * spent handling them (from the wait's return to the handler's end, ptviz's own CPU time), and how long
 * it slept between stops. Printed at the end of the trace, so a change that makes ptviz do more
 * per stop shows (issue 16). Costs nothing without --debug. */
#ifndef PTVIZ_TRACER_STOPSTATS_H
#define PTVIZ_TRACER_STOPSTATS_H

#include "stop.h"

#include <stdint.h>
#include <stdio.h>

enum { STOPSTATS_KINDS = STOP_SIGNAL + 1 };

struct stopstats {
	long count[STOPSTATS_KINDS];
	int64_t ns[STOPSTATS_KINDS];
	long sleeps;
	int64_t sleep_ns;
};

static inline void stopstats_add(struct stopstats *s, int status_kind, int64_t ns)
{
	if (status_kind >= 0 && status_kind < STOPSTATS_KINDS) {
		s->count[status_kind]++;
		s->ns[status_kind] += ns;
	}
}

/* A monotonic clock in ns (the profile's own, not the log's), for the sleeps. */
int64_t stopstats_now(void);
/* ptviz's own CPU time in ns (CLOCK_THREAD_CPUTIME_ID), for the handlers: a tracee woken by the
 * handler's restart may take the CPU from ptviz, which wall time would count as ptviz's work. */
int64_t stopstats_cpu(void);
/* The table, one line per kind seen, to out. */
void stopstats_print(const struct stopstats *s, FILE *out);

#endif
