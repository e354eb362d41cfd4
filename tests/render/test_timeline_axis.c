/* test_timeline_axis.c — the timeline's time axis on its own: nice 1-2-5 steps, tick labels in
 * sensible units, durations, compact cuts of idle stretches (and none where a process ran), and a
 * time → x mapping that gives every cut the same width. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "timeline.h"

static void test_nice_steps(void)
{
	CHECK_INT(timeline_axis_nice_step(0.3), 1);
	CHECK_INT(timeline_axis_nice_step(1), 1);
	CHECK_INT(timeline_axis_nice_step(1.5), 2);
	CHECK_INT(timeline_axis_nice_step(3), 5);
	CHECK_INT(timeline_axis_nice_step(7), 10);
	CHECK_INT(timeline_axis_nice_step(11), 20);
	CHECK_INT(timeline_axis_nice_step(150), 200);
	CHECK_INT(timeline_axis_nice_step(4.2e6), 5000000);
	CHECK_INT(timeline_axis_nice_step(1.2e9), 2000000000);
}

static void test_labels(void)
{
	char buf[32];

	timeline_axis_format(0, 1000, buf, sizeof(buf));
	CHECK_STR(buf, "0");
	timeline_axis_format(500, 100, buf, sizeof(buf));
	CHECK_STR(buf, "500 ns");
	timeline_axis_format(2000, 1000, buf, sizeof(buf));
	CHECK_STR(buf, "2 µs");
	timeline_axis_format(150000, 50000, buf, sizeof(buf));
	CHECK_STR(buf, "150 µs");
	timeline_axis_format(1500000, 500000, buf, sizeof(buf));
	CHECK_STR(buf, "1.5 ms");
	/* After a cut: big time, small step, decimals follow the step. */
	timeline_axis_format(500300000, 100000, buf, sizeof(buf));
	CHECK_STR(buf, "500.3 ms");
	timeline_axis_format(500020000, 20000, buf, sizeof(buf));
	CHECK_STR(buf, "500.02 ms");
	timeline_axis_format(3000000000LL, 1000000000, buf, sizeof(buf));
	CHECK_STR(buf, "3 s");
	/* Durations are ptv_describe_duration's (test_describe.c). */
}

/* Events every 10 µs for 200 µs, a 500 ms pause, then 200 µs more. */
static int sample_times(int64_t *t)
{
	int n = 0;

	for (int i = 0; i <= 20; i++)
		t[n++] = i * 10000;
	for (int i = 0; i <= 20; i++)
		t[n++] = 200000 + 500000000 + i * 10000;
	return n;
}

static void test_cuts(void)
{
	int64_t t[64];
	int n = sample_times(t);
	int64_t end = t[n - 1];
	timeline_cut *cuts = NULL;

	int nc = timeline_axis_find_cuts(t, n, NULL, 0, 0, end, &cuts);
	CHECK_INT(nc, 1);
	if (nc == 1) {
		/* The cut lies inside the pause and removes nearly all of it. */
		CHECK(cuts[0].start >= 200000 && cuts[0].end <= 500200000);
		CHECK(cuts[0].end - cuts[0].start > 490000000);
	}
	free(cuts);

	/* Someone was running through the pause: it is not idle, nothing is cut. */
	timeline_cut busy = { 150000, 500250000 };
	nc = timeline_axis_find_cuts(t, n, &busy, 1, 0, end, &cuts);
	CHECK_INT(nc, 0);
	free(cuts);

	/* Evenly spread events: nothing stands out. */
	for (int i = 0; i < 40; i++)
		t[i] = i * 1000000;
	nc = timeline_axis_find_cuts(t, 40, NULL, 0, 0, t[39], &cuts);
	CHECK_INT(nc, 0);
	free(cuts);

	/* Two long pauses: both go, although each is only half of the span. */
	n = 0;
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 10; i++)
			t[n++] = k * 300000000LL + i * 5000;
	nc = timeline_axis_find_cuts(t, n, NULL, 0, 0, t[n - 1], &cuts);
	CHECK_INT(nc, 2);
	free(cuts);
}

static void test_mapping(void)
{
	int64_t t[64];
	int n = sample_times(t);
	int64_t end = t[n - 1];
	timeline_cut *cuts = NULL;
	timeline_axis a;
	timeline_tick *ticks = NULL;

	int nc = timeline_axis_find_cuts(t, n, NULL, 0, 0, end, &cuts);
	CHECK_INT(nc, 1);
	if (nc != 1) {
		free(cuts);
		return;
	}
	timeline_axis_init(&a, 0, end, 100, 800, cuts, nc);
	CHECK(timeline_axis_x(&a, 0) == 100);
	CHECK(timeline_axis_x(&a, end) > 899.9 && timeline_axis_x(&a, end) < 900.1);
	/* The cut is drawn TIMELINE_CUT_W wide; the rest shares the width evenly. */
	double xs = timeline_axis_x(&a, cuts[0].start), xe = timeline_axis_x(&a, cuts[0].end);
	CHECK(xe - xs > TIMELINE_CUT_W - 0.01 && xe - xs < TIMELINE_CUT_W + 0.01);
	CHECK(timeline_axis_in_cut(&a, 250000000) == 0);
	CHECK(timeline_axis_in_cut(&a, 100000) == -1);
	/* Monotonic everywhere. */
	double prev = -1;
	for (int i = 0; i < n; i++) {
		double x = timeline_axis_x(&a, t[i]);
		CHECK(x >= prev);
		prev = x;
	}
	/* Both visible stretches get about the same room: each held 200 µs of events. */
	double left = timeline_axis_x(&a, 200000) - 100;
	double right = 900 - timeline_axis_x(&a, 500200000);
	CHECK(left > 300 && right > 300);

	int nt = timeline_axis_ticks(&a, &ticks);
	CHECK(nt >= 4);
	for (int i = 0; i < nt; i++) {
		CHECK(timeline_axis_in_cut(&a, ticks[i].t) < 0);
		CHECK(i == 0 || ticks[i].x - ticks[i - 1].x >= TIMELINE_TICK_MIN * 0.75);
		CHECK(strchr(ticks[i].label, 's') || strcmp(ticks[i].label, "0") == 0);
	}
	if (nt > 0)
		CHECK_STR(ticks[0].label, "0");
	free(ticks);
	free(a.cuts);
}

int main(void)
{
	test_nice_steps();
	test_labels();
	test_cuts();
	test_mapping();
	return check_done("test_timeline_axis");
}
