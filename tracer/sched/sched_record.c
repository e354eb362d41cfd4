/* sched_record.c — one raw perf record → a typed sched_rec (perf_event_open(2), "MMAP layout";
 * include/uapi/linux/perf_event.h, enum perf_event_type).
 *
 * Every record we ask for ends with the sample_id that sample_id_all adds for sample_type
 * TID|TIME: { u32 pid, tid; u64 time; } (16 bytes). Pure: no kernel, unit-tested on bytes. */
#include "sched_int.h"

#include <string.h>

enum { SAMPLE_ID_BYTES = 16, HEADER_BYTES = (int)sizeof(struct perf_event_header) };

static uint32_t sched_record_u32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t sched_record_u64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* The trailing sample_id: who was running and when. */
static void sched_record_sample_id(const unsigned char *raw, size_t size, sched_rec *rec)
{
	const unsigned char *id = raw + size - SAMPLE_ID_BYTES;
	rec->pid = (pid_t)sched_record_u32(id);
	rec->tid = (pid_t)sched_record_u32(id + 4);
	rec->time = sched_record_u64(id + 8);
}

/* FORK and EXIT share { u32 pid, ppid, tid, ptid; u64 time; sample_id }. */
static int sched_record_task(const unsigned char *raw, size_t size, sched_rec *rec)
{
	const unsigned char *b = raw + HEADER_BYTES;
	if (size < HEADER_BYTES + 24 + SAMPLE_ID_BYTES)
		return -1;
	rec->pid = (pid_t)sched_record_u32(b);
	rec->ppid = (pid_t)sched_record_u32(b + 4);
	rec->tid = (pid_t)sched_record_u32(b + 8);
	rec->ptid = (pid_t)sched_record_u32(b + 12);
	rec->time = sched_record_u64(b + 16);
	return 1;
}

/* COMM: { u32 pid, tid; char comm[] (NUL-padded to 8 bytes); sample_id }. */
static int sched_record_comm(const unsigned char *raw, size_t size, sched_rec *rec,
                             char comm_buf[SCHED_COMM_MAX + 1])
{
	const unsigned char *b = raw + HEADER_BYTES;
	if (size < HEADER_BYTES + 8 + 8 + SAMPLE_ID_BYTES)
		return -1;
	size_t room = size - HEADER_BYTES - 8 - SAMPLE_ID_BYTES;
	size_t n = strnlen((const char *)b + 8, room);
	if (n > SCHED_COMM_MAX)
		n = SCHED_COMM_MAX;
	memcpy(comm_buf, b + 8, n);
	comm_buf[n] = 0;
	sched_record_sample_id(raw, size, rec);
	rec->pid = (pid_t)sched_record_u32(b);
	rec->tid = (pid_t)sched_record_u32(b + 4);
	rec->comm = comm_buf;
	return 1;
}

int sched_record_parse(const unsigned char *raw, size_t size, int cpu, sched_rec *rec,
                       char comm_buf[SCHED_COMM_MAX + 1])
{
	struct perf_event_header h;
	if (size < HEADER_BYTES)
		return -1;
	memcpy(&h, raw, sizeof h);
	if (h.size != size)
		return -1;
	memset(rec, 0, sizeof *rec);
	rec->cpu = cpu;
	switch (h.type) {
	case PERF_RECORD_SWITCH:
		if (size < HEADER_BYTES + SAMPLE_ID_BYTES)
			return -1;
		sched_record_sample_id(raw, size, rec);
		rec->kind = (h.misc & PERF_RECORD_MISC_SWITCH_OUT) ? SCHED_REC_SWITCH_OUT
		                                                   : SCHED_REC_SWITCH_IN;
		rec->preempted = rec->kind == SCHED_REC_SWITCH_OUT &&
		                 (h.misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT);
		return 1;
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		rec->kind = h.type == PERF_RECORD_FORK ? SCHED_REC_FORK : SCHED_REC_EXIT;
		return sched_record_task(raw, size, rec);
	case PERF_RECORD_COMM:
		rec->kind = SCHED_REC_COMM;
		rec->exec = (h.misc & PERF_RECORD_MISC_COMM_EXEC) != 0;
		return sched_record_comm(raw, size, rec, comm_buf);
	case PERF_RECORD_LOST:
		if (size < HEADER_BYTES + 16 + SAMPLE_ID_BYTES)
			return -1;
		sched_record_sample_id(raw, size, rec);
		rec->kind = SCHED_REC_LOST;
		rec->lost = sched_record_u64(raw + HEADER_BYTES + 8);
		return 1;
	default:
		return 0;
	}
}
