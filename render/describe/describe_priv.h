/* describe_priv.h — private to describe*.c: bounded writing into a caller's buffer. */
#ifndef PTVIZ_DESCRIBE_PRIV_H
#define PTVIZ_DESCRIBE_PRIV_H

#include <stddef.h>
#include "ptviz/describe.h"

/* Append printf-style text at buf[*used] (len bytes in all), keeping the NUL; text that does not
 * fit is cut before any incomplete UTF-8 sequence. *used grows by what was written. */
void describe_put(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
