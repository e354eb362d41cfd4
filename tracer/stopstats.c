/* stopstats.c — --debug's per-stop profile (see stopstats.h). */
#include "stopstats.h"

#include <sys/resource.h>
#include <time.h>

int64_t stopstats_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t stopstats_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void stopstats_print(const struct stopstats *s, FILE *out)
{
	long stops = 0;
	int64_t ns = 0;
	fprintf(out, "stop profile: kind, stops, ptviz's CPU time handling them (total ms, mean us)\n");
	for (int k = 0; k < STOPSTATS_KINDS; k++) {
		if (!s->count[k])
			continue;
		stops += s->count[k];
		ns += s->ns[k];
		fprintf(out, "  %-12s %8ld %10.1f %8.1f\n", stop_kind_name((enum stop_kind)k), s->count[k],
		        (double)s->ns[k] / 1e6, (double)s->ns[k] / 1e3 / (double)s->count[k]);
	}
	fprintf(out, "  %-12s %8ld %10.1f %8.1f\n", "all", stops, (double)ns / 1e6,
	        stops ? (double)ns / 1e3 / (double)stops : 0.0);
	fprintf(out, "  slept %ld times, %.1f ms\n", s->sleeps, (double)s->sleep_ns / 1e6);
	/* The whole process, loop and sleeps included: what a cut per stop must lower (issue 16). */
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fprintf(out, "  ptviz CPU: user %.1f ms, system %.1f ms\n",
		        (double)ru.ru_utime.tv_sec * 1e3 + (double)ru.ru_utime.tv_usec / 1e3,
		        (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3);
}
