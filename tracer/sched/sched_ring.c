/* sched_ring.c — reading one perf ring buffer (perf_event_open(2), "MMAP layout").
 *
 * The kernel writes records at data_head and never past data_tail + size; we read from our tail
 * to the head we loaded with acquire semantics (so the record bytes are visible), then store the
 * new tail with release semantics (so our reads are done before the kernel reuses the space).
 * Records are 8-byte aligned and the size is a power of two, so a header never wraps; a record
 * body may, and is copied out in two pieces. */
#include "sched_int.h"

#include <string.h>

void sched_ring_begin(sched_ring *r)
{
	r->head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	r->pos = r->tail;
	r->has_next = false;
}

uint64_t sched_ring_pending(const sched_ring *r)
{
	return __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE) - r->tail;
}

/* Copy len bytes at ring position pos into out, across the end of the data area. */
static void sched_ring_copy(const sched_ring *r, uint64_t pos, void *out, size_t len)
{
	uint64_t off = pos & (r->size - 1);
	size_t first = len;
	if (off + len > r->size)
		first = (size_t)(r->size - off);
	memcpy(out, r->data + off, first);
	memcpy((unsigned char *)out + first, r->data, len - first);
}

bool sched_ring_peek(sched_ring *r)
{
	unsigned char raw[SCHED_REC_MAX];
	struct perf_event_header h;
	if (r->has_next)
		return true;
	while (r->head - r->pos >= sizeof h) {
		sched_ring_copy(r, r->pos, &h, sizeof h);
		/* a size the kernel never writes means we lost our place: give the ring up to head */
		if (h.size < sizeof h || h.size > r->head - r->pos) {
			r->pos = r->head;
			return false;
		}
		r->next_size = h.size;
		int got = -1;
		if (h.size <= sizeof raw) {
			sched_ring_copy(r, r->pos, raw, h.size);
			got = sched_record_parse(raw, h.size, r->cpu, &r->next, r->comm);
		}
		if (got == 1) {
			r->has_next = true;
			return true;
		}
		r->pos += h.size; /* a type we do not use, or malformed: step over it */
	}
	return false;
}

void sched_ring_advance(sched_ring *r)
{
	if (!r->has_next)
		return;
	r->pos += r->next_size;
	r->last_time = r->next.time;
	r->has_next = false;
}

void sched_ring_end(sched_ring *r)
{
	__atomic_store_n(&r->meta->data_tail, r->pos, __ATOMIC_RELEASE);
	r->tail = r->pos;
	r->has_next = false;
}
