/* log_reader.h — reads an event log (docs/event-log.md) line by line into cJSON objects.
 *
 * Private to the render library. The reader owns framing (lines, blank lines, a last line cut
 * short), the header check (format, version) and error messages of the form "FILE:LINE: why";
 * the caller's callback interprets each event.
 */
#ifndef PTVIZ_LOG_READER_H
#define PTVIZ_LOG_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "ptviz/model.h"

/* The newest log format version this reader understands. */
#define LOG_READER_VERSION 1

/* Called for every record, the header included (line is 1-based). Return 0 to go on, -1 to stop
 * with an error the callback has already written into diag->error. */
typedef int (*log_reader_fn)(void *ctx, const cJSON *rec, int line);

/* Read a whole log held in memory. Returns 0 (maybe with warnings: diag->truncated when the last
 * line was cut short) or -1 with diag->error set. Does not check for the "end" record: the
 * caller knows which record type that is. */
int log_reader_run_buffer(const char *name, const char *buf, size_t len, log_reader_fn fn,
                          void *ctx, ptv_diag *diag);

/* Read the file at path ("-" = stdin) into memory and run it as above. */
int log_reader_run_file(const char *path, log_reader_fn fn, void *ctx, ptv_diag *diag);

/* Record a warning "name:line: ..." (the first one is kept in diag->warning, all are counted). */
void log_reader_warn(ptv_diag *diag, const char *name, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Record the error "name:line: ..." (line 0: "name: ..."). */
void log_reader_error(ptv_diag *diag, const char *name, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Field access with type checks. These return LOG_FIELD_OK, LOG_FIELD_ABSENT (missing or JSON null)
 * or LOG_FIELD_BAD (wrong type, not an integer, or beyond int64). */
enum { LOG_FIELD_OK = 0, LOG_FIELD_ABSENT = -1, LOG_FIELD_BAD = -2 };
int log_reader_int(const cJSON *o, const char *key, int64_t *out);
/* A 64-bit value written as a hex string ("0x7f..") or as a number. */
int log_reader_u64(const cJSON *o, const char *key, uint64_t *out);
/* The string, or NULL when absent or not a string. */
const char *log_reader_str(const cJSON *o, const char *key);
/* The boolean, or dflt when absent or not a boolean. */
bool log_reader_bool(const cJSON *o, const char *key, bool dflt);

#endif
