/* tests/sched/test_sched_ring.c — the record parser, the ring reader and the merge across
 * rings, on rings built in plain memory in the kernel's layout (no perf). `test_sched_ring CASE`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sched_int.h"

enum { RING = 256 };   /* a tiny data area, so records wrap around its end */

typedef struct fake {
	struct perf_event_mmap_page meta;
	unsigned char data[RING];
} fake;

/* Write raw bytes at data_head, wrapping, and publish them. */
static void fake_put(fake *f, const void *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++)
		f->data[(f->meta.data_head + i) % RING] = ((const unsigned char *)bytes)[i];
	f->meta.data_head += len;
}

/* A record: header, body, then the sample_id { pid, tid, time }. */
static void fake_rec(fake *f, uint32_t type, uint16_t misc, const void *body, size_t blen,
                     uint32_t pid, uint32_t tid, uint64_t time)
{
	unsigned char buf[128];
	struct perf_event_header h = { type, misc, (uint16_t)(sizeof h + blen + 16) };
	memcpy(buf, &h, sizeof h);
	if (blen)
		memcpy(buf + sizeof h, body, blen);
	memcpy(buf + sizeof h + blen, &pid, 4);
	memcpy(buf + sizeof h + blen + 4, &tid, 4);
	memcpy(buf + sizeof h + blen + 8, &time, 8);
	fake_put(f, buf, h.size);
}

static void fake_switch(fake *f, uint32_t tid, uint64_t time, uint16_t misc)
{
	fake_rec(f, PERF_RECORD_SWITCH, misc, NULL, 0, tid, tid, time);
}

static void ring_of(sched_ring *r, fake *f, int cpu)
{
	memset(r, 0, sizeof *r);
	r->meta = &f->meta;
	r->data = f->data;
	r->size = RING;
	r->cpu = cpu;
}

/* Every record type we use parses into its fields; others are skipped; bad sizes rejected. */
static void case_parse(void)
{
	fake f = { 0 };
	sched_ring r;
	ring_of(&r, &f, 3);
	uint32_t task[6] = { 200, 100, 201, 101 };
	uint64_t t = 777;
	memcpy(&task[4], &t, 8);
	fake_rec(&f, PERF_RECORD_FORK, 0, task, sizeof task, 100, 101, 777);
	fake_switch(&f, 201, 800, 0);
	fake_rec(&f, PERF_RECORD_MMAP, 0, task, sizeof task, 1, 1, 801);  /* not ours: skipped */
	fake_switch(&f, 201, 900, PERF_RECORD_MISC_SWITCH_OUT | PERF_RECORD_MISC_SWITCH_OUT_PREEMPT);
	char comm[24] = { 0 };
	uint32_t ids[2] = { 200, 201 };
	memcpy(comm, ids, 8);
	strcpy(comm + 8, "cc1");
	fake_rec(&f, PERF_RECORD_COMM, PERF_RECORD_MISC_COMM_EXEC, comm, 16, 200, 201, 950);
	uint64_t lost[2] = { 5, 42 };
	fake_rec(&f, PERF_RECORD_LOST, 0, lost, sizeof lost, 200, 201, 990);
	sched_ring_begin(&r);
	CHECK(sched_ring_peek(&r));
	CHECK_INT(r.next.kind, SCHED_REC_FORK);
	CHECK_INT(r.next.pid, 200);
	CHECK_INT(r.next.ppid, 100);
	CHECK_INT(r.next.tid, 201);
	CHECK_INT(r.next.ptid, 101);
	CHECK_INT(r.next.time, 777);
	CHECK_INT(r.next.cpu, 3);
	sched_ring_advance(&r);
	CHECK(sched_ring_peek(&r));
	CHECK_INT(r.next.kind, SCHED_REC_SWITCH_IN);
	sched_ring_advance(&r);
	CHECK(sched_ring_peek(&r));
	CHECK_INT(r.next.kind, SCHED_REC_SWITCH_OUT);
	CHECK(r.next.preempted);
	CHECK_INT(r.next.time, 900);
	sched_ring_advance(&r);
	CHECK(sched_ring_peek(&r));
	CHECK_INT(r.next.kind, SCHED_REC_COMM);
	CHECK_STR(r.next.comm, "cc1");
	CHECK(r.next.exec);
	CHECK_INT(r.next.time, 950);
	sched_ring_advance(&r);
	CHECK(sched_ring_peek(&r));
	CHECK_INT(r.next.kind, SCHED_REC_LOST);
	CHECK_INT(r.next.lost, 42);
	sched_ring_advance(&r);
	CHECK(!sched_ring_peek(&r));
	sched_ring_end(&r);
	CHECK_INT(f.meta.data_tail, f.meta.data_head);

	sched_rec rec;
	char cbuf[SCHED_COMM_MAX + 1];
	unsigned char shortrec[8] = { PERF_RECORD_SWITCH, 0, 0, 0, 0, 0, 8, 0 };
	CHECK_INT(sched_record_parse(shortrec, sizeof shortrec, 0, &rec, cbuf), -1);
}

/* Records that wrap around the end of the data area read whole; the tail follows the reads
 * and space the reader has not consumed is never given back. */
static void case_wrap(void)
{
	fake f = { 0 };
	sched_ring r;
	ring_of(&r, &f, 0);
	uint64_t got = 0, want = 0;
	for (int round = 0; round < 50; round++) {
		/* 5 records of 24 or 48 bytes, then read 4 of them: the ring's position drifts */
		for (int i = 0; i < 5 && f.meta.data_head + 48 - f.meta.data_tail <= RING; i++) {
			uint64_t time = ++want;
			if (i == 2) {
				uint32_t task[6] = { 7, 7, 8, 7 };
				memcpy(&task[4], &time, 8);
				fake_rec(&f, PERF_RECORD_EXIT, 0, task, sizeof task, 7, 8, time);
			} else {
				fake_switch(&f, 8, time, 0);
			}
		}
		sched_ring_begin(&r);
		for (int i = 0; i < 4 && sched_ring_peek(&r); i++) {
			CHECK_INT(r.next.time, got + 1);
			CHECK_INT(r.next.tid, 8);
			got = r.next.time;
			sched_ring_advance(&r);
		}
		sched_ring_end(&r);
		CHECK_INT(f.meta.data_tail, r.pos);
		CHECK(f.meta.data_head - f.meta.data_tail <= RING);
	}
	sched_ring_begin(&r);
	while (sched_ring_peek(&r)) {
		CHECK_INT(r.next.time, got + 1);
		got = r.next.time;
		sched_ring_advance(&r);
	}
	CHECK_INT(got, want);
	CHECK(f.meta.data_head > 3 * RING);
}

typedef struct seen {
	uint64_t time[64];
	int cpu[64];
	bool late[64];
	int n;
} seen;

static int seen_cb(void *ctx, const sched_rec *rec)
{
	seen *s = ctx;
	if (s->n < 64) {
		s->time[s->n] = rec->time;
		s->late[s->n] = rec->late;
		s->cpu[s->n++] = rec->cpu;
	}
	return 0;
}

/* Three rings merge into one stream in time order; the horizon holds back the newer records
 * (they come at the next drain); a record older than one already handed out is marked late. */
static void case_merge(void)
{
	static fake f[3];
	sched_ring rings[3];
	sched s = { .rings = rings, .nrings = 3 };
	seen a = { .n = 0 }, b = { .n = 0 };
	memset(f, 0, sizeof f);
	for (int i = 0; i < 3; i++)
		ring_of(&rings[i], &f[i], i);
	uint64_t t0[] = { 10, 40, 70, 100 }, t1[] = { 20, 30 }, t2[] = { 50, 60, 80, 110 };
	for (int i = 0; i < 4; i++)
		fake_switch(&f[0], 1, t0[i], 0);
	for (int i = 0; i < 2; i++)
		fake_switch(&f[1], 2, t1[i], 0);
	for (int i = 0; i < 4; i++)
		fake_switch(&f[2], 3, t2[i], 0);
	CHECK_INT(sched_drain_upto(&s, 75, seen_cb, &a), 0);
	CHECK_INT(a.n, 7);
	for (int i = 1; i < a.n; i++)
		CHECK(a.time[i] > a.time[i - 1]);
	CHECK_INT(a.time[6], 70);
	CHECK_INT(a.cpu[0], 0);
	CHECK_INT(a.cpu[1], 1);
	/* a record that a slow CPU writes after the drain, older than what was handed out */
	fake_switch(&f[1], 2, 65, 0);
	CHECK_INT(sched_drain_upto(&s, UINT64_MAX, seen_cb, &b), 0);
	CHECK_INT(b.n, 4);
	CHECK_INT(b.time[0], 65);
	CHECK(b.late[0]);
	CHECK(!b.late[1]);
	CHECK_INT(b.time[3], 110);
	CHECK_INT(s.stats.late, 1);
	CHECK_INT(s.stats.records[SCHED_REC_SWITCH_IN], 11);
	for (int i = 0; i < 3; i++)
		CHECK_INT(f[i].meta.data_tail, f[i].meta.data_head);
}

/* The refusal reasons say what to do. */
static void case_reason(void)
{
	char buf[512];
	sched_refusal_reason(EACCES, 3, false, 42, buf, sizeof buf);
	CHECK(strstr(buf, "kernel.perf_event_paranoid is 3"));
	CHECK(strstr(buf, "`sysctl kernel.perf_event_paranoid=2`"));
	CHECK(strstr(buf, "root"));
	sched_refusal_reason(EPERM, 2, false, 42, buf, sizeof buf);
	CHECK(strstr(buf, "not allowed to watch pid 42"));
	CHECK(strstr(buf, "root"));
	/* root refused: the reason, not "run as root" */
	sched_refusal_reason(EPERM, 2, true, 42, buf, sizeof buf);
	CHECK(strstr(buf, "refused even to root"));
	CHECK(!strstr(buf, "run as root"));
	sched_refusal_reason(ENOENT, 2, false, 42, buf, sizeof buf);
	CHECK(strstr(buf, "no software context-switch events"));
	sched_refusal_reason(ESRCH, 2, false, 42, buf, sizeof buf);
	CHECK(strstr(buf, "pid 42 is gone"));
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } cases[] = {
		{ "parse", case_parse }, { "wrap", case_wrap }, { "merge", case_merge },
		{ "reason", case_reason },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (argc < 2 || strcmp(argv[1], cases[i].name) == 0)
			cases[i].fn();
	return check_done(argv[0]);
}
