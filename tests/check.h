/* tests/check.h — the smallest assertion helpers: a failed check prints where and why and makes
 * the test exit non-zero at the end, so one run shows every failure. */
#ifndef PTVIZ_TESTS_CHECK_H
#define PTVIZ_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

static inline void check_at(int ok, const char *expr, const char *file, int line)
{
	if (!ok) {
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
		check_failures++;
	}
}

static inline void check_str_at(const char *got, const char *want, const char *expr,
                                const char *file, int line)
{
	if (!got || !want || strcmp(got, want) != 0) {
		fprintf(stderr, "%s:%d: check failed: %s: got \"%s\", want \"%s\"\n", file, line, expr,
		        got ? got : "(null)", want ? want : "(null)");
		check_failures++;
	}
}

static inline void check_int_at(long long got, long long want, const char *expr,
                                const char *file, int line)
{
	if (got != want) {
		fprintf(stderr, "%s:%d: check failed: %s: got %lld, want %lld\n", file, line, expr, got, want);
		check_failures++;
	}
}

#define CHECK(e) check_at(!!(e), #e, __FILE__, __LINE__)
#define CHECK_STR(g, w) check_str_at((g), (w), #g, __FILE__, __LINE__)
#define CHECK_INT(g, w) check_int_at((long long)(g), (long long)(w), #g, __FILE__, __LINE__)

static inline int check_done(const char *name)
{
	if (check_failures)
		fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
	return check_failures ? 1 : 0;
}

#endif
