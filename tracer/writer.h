/* writer.h — the event-log writer: one cJSON object per line, lines written whole and buffered
 * until writer_flush (or a full buffer; writer_free flushes).
 *
 * Usage: obj = writer_begin(w, "fork", pid); add fields; writer_emit(w, obj) (takes ownership).
 * `t` is stamped in writer_begin from CLOCK_MONOTONIC relative to the trace start and clamped so
 * it never decreases in file order. */
#ifndef PTVIZ_TRACER_WRITER_H
#define PTVIZ_TRACER_WRITER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct writer;

/* A writer on fd, which it takes over (closed by writer_finish or writer_free, and on failure
 * here). new_file: fd is a new regular file written from its start, which a failed write may cut
 * back to its last whole line. Returns 0 or -errno with the reason in err. */
int writer_new(struct writer **out, int fd, bool new_file, char *err, size_t errlen);
/* Write nothing more: the log ends here with error (errno) as its first error, unless it has one. */
void writer_stop(struct writer *w, int error);
/* The log is done: write out the rest and close it. Returns the first write error (errno), 0 if
 * none. */
int writer_finish(struct writer *w);
/* Frees everything (writing out the rest first if not finished). Accepts NULL. */
void writer_free(struct writer *w);

/* Set t = 0 now; also records the wall-clock time for the header. */
void writer_start_clock(struct writer *w);
int64_t writer_now(const struct writer *w);
int64_t writer_start_unix_ns(const struct writer *w);
/* CLOCK_MONOTONIC at t = 0 (ns): the scheduler records' clock. */
int64_t writer_start_mono_ns(const struct writer *w);

/* A new event object with t, type and pid set; NULL only when out of memory. */
cJSON *writer_begin(struct writer *w, const char *type, pid_t pid);

/* Write obj as one line and free it (takes ownership; accepts NULL). Header and end do not
 * count as events. */
void writer_emit(struct writer *w, cJSON *obj);
void writer_emit_uncounted(struct writer *w, cJSON *obj);

/* Write out the queued lines; returns the first write error (errno), 0 if none. */
int writer_flush(struct writer *w);
/* How long the oldest queued line has waited (ns), -1 when none is queued. */
int64_t writer_pending_ns(const struct writer *w);

long writer_events(const struct writer *w);
/* First write error (errno), 0 if none. After one, nothing more is written. */
int writer_error(const struct writer *w);
/* After a write error: the events in the log up to its last whole line (the header not counted). */
long writer_kept_events(const struct writer *w);
/* Whether not even the first line (the header) was written. */
bool writer_kept_nothing(const struct writer *w);

/* Add a string after replacing invalid UTF-8 with U+FFFD (len bytes, may contain anything). */
void writer_add_bytes(cJSON *obj, const char *key, const char *s, size_t len);
void writer_add_str(cJSON *obj, const char *key, const char *s);
cJSON *writer_str_item(const char *s, size_t len);
void writer_add_int(cJSON *obj, const char *key, long long v);
void writer_add_bool(cJSON *obj, const char *key, bool v);
void writer_add_hex(cJSON *obj, const char *key, unsigned long long v);

/* Malloc'd valid-UTF-8 copy of s[0..len) (invalid bytes and NULs become U+FFFD). */
char *utf8_sanitize(const char *s, size_t len);

#endif
