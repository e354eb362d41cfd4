/* logwrite.h — the event log's JSON printer: a cJSON tree → the exact bytes of
 * cJSON_PrintUnformatted, made faster for what the log holds.
 *
 * cJSON prints every number with snprintf("%1.15g") and checks it with sscanf; the log's numbers
 * are integers (pids, ns, fds, counts), and that round trip was a large part of ptviz's own CPU
 * per stop (issue 16). Integers below 10^15 are printed digit by digit here; anything else takes
 * cJSON's own steps, so the output is byte for byte what cJSON would print (tests/tracer/
 * test_logwrite.c compares the two). */
#ifndef PTVIZ_TRACER_LOGWRITE_H
#define PTVIZ_TRACER_LOGWRITE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* Print item into buf (cap bytes, NUL-terminated). Returns its length, or -1 when it does not
 * fit (buf then holds a partial text) or holds an invalid item. */
long logwrite_print(const cJSON *item, char *buf, size_t cap);

#endif
