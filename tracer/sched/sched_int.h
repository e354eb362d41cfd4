/* tracer/sched/sched_int.h — private to tracer/sched: the ring reader, the record parser and
 * the handle's layout, shared by sched.c, sched_ring.c, sched_record.c and sched_drain.c, and
 * by the unit tests, which build rings in plain memory. */
#ifndef PTVIZ_SCHED_INT_H
#define PTVIZ_SCHED_INT_H

#include "sched_records.h"

#include <linux/perf_event.h>

/* The largest record we parse; bigger known records are malformed and skipped. */
enum { SCHED_REC_MAX = 256, SCHED_COMM_MAX = 16 };

/* One CPU's ring buffer as mapped: the control page and the data area behind it. */
typedef struct sched_ring {
	struct perf_event_mmap_page *meta; /* data_head (kernel writes), data_tail (we write) */
	const unsigned char *data;         /* data area, size bytes, a power of two */
	uint64_t size;
	int cpu;
	int fd;
	uint64_t tail;      /* consumed up to here (what data_tail says) */
	uint64_t head;      /* data_head read at sched_ring_begin (acquire) */
	uint64_t pos;       /* next unread byte, tail <= pos <= head */
	uint64_t last_time; /* time of the last record read from this ring (LOST's "since") */
	uint64_t lost_seen; /* records reported lost by LOST records from this ring (and sched_flush) */
	/* the record at pos, parsed (peeked), while has_next */
	bool has_next;
	uint64_t next_size;
	sched_rec next;
	char comm[SCHED_COMM_MAX + 1];
} sched_ring;

struct sched {
	sched_opts opts;
	sched_ring *rings;
	int nrings;
	int *fds;          /* the rings' fds, for sched_fds */
	int *extra;        /* sched_add_task's events (output redirected to the rings) */
	int nextra;
	size_t map_bytes;  /* control page + data, per ring */
	uint64_t last_out; /* time of the last record handed out (for "late") */
	bool lost_readable; /* read() gives the kernel's count of lost records (PERF_FORMAT_LOST) */
	sched_stats stats;
};

/* Parse one raw record (header included) of size bytes. Returns 1 with *rec filled (comm, if
 * any, copied into comm_buf), 0 for a record type we do not use, -1 when malformed. */
int sched_record_parse(const unsigned char *raw, size_t size, int cpu, sched_rec *rec,
                       char comm_buf[SCHED_COMM_MAX + 1]);

/* Snapshot the kernel's data_head (acquire): records up to it may be read. */
void sched_ring_begin(sched_ring *r);
/* Parse the record at pos into r->next (skipping types we do not use); false when none is left. */
bool sched_ring_peek(sched_ring *r);
/* Step over the peeked record. */
void sched_ring_advance(sched_ring *r);
/* Give the space up to pos back to the kernel (release). */
void sched_ring_end(sched_ring *r);
/* Bytes written and not yet consumed (reads data_head; no system call). */
uint64_t sched_ring_pending(const sched_ring *r);

/* Merge the rings' records with time <= horizon (UINT64_MAX: all) in time order into cb. */
int sched_drain_upto(sched *s, uint64_t horizon, sched_rec_cb cb, void *ctx);

#endif
