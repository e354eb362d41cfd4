/* writer.c — JSON Lines output for the event log (docs/event-log.md "Framing").
 *
 * Lines are gathered and written whole when the buffer fills, or by writer_flush (the tracer's
 * loop calls it before a line has waited FLUSH_MS): a write per event was a tenth of the
 * tracer's system calls.
 *
 * The log goes to a descriptor the caller opened (the tracer never opens a path). On the first
 * failed write the log stops growing and, when it is a new file of the caller's, is cut back to
 * its last complete line, so what is kept is a valid log as far as it goes. */
#include "writer.h"
#include "logwrite.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct writer {
	int fd;              /* the log; -1 once closed */
	bool new_file;       /* fd is a new regular file, written from its start: it may be cut back */
	int error;
	long events;
	long kept_lines;     /* whole lines written (the header is the first) */
	off_t kept_bytes;    /* bytes up to the end of the last whole line written */
	int64_t start_mono;
	int64_t start_unix;
	int64_t last_t;
	char *buf;      /* reused print buffer */
	size_t bufsize;
	char *out;      /* whole lines not written yet */
	size_t outlen;
	long outlines;  /* how many lines out holds */
	int64_t out_since;   /* writer_now() when the oldest of them was queued */
};

enum { WRITER_OUT_CAP = 64 * 1024 };

static int64_t writer_clock(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int writer_new(struct writer **out, int fd, bool new_file, char *err, size_t errlen)
{
	struct writer *w = calloc(1, sizeof *w);
	if (!w) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	w->fd = fd;
	w->new_file = new_file;
	w->bufsize = 4096;
	w->buf = malloc(w->bufsize);
	w->out = malloc(WRITER_OUT_CAP);
	if (!w->buf || !w->out) {
		writer_free(w);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	writer_start_clock(w);
	*out = w;
	return 0;
}

void writer_stop(struct writer *w, int error)
{
	if (!w->error)
		w->error = error;
}

int writer_finish(struct writer *w)
{
	writer_flush(w);
	/* Some file systems (NFS) report a failed write only at close. */
	if (w->fd >= 0 && close(w->fd) < 0 && errno != EINTR && !w->error)
		w->error = errno;
	w->fd = -1;
	return w->error;
}

void writer_free(struct writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0) {
		writer_flush(w);
		close(w->fd);
	}
	free(w->buf);
	free(w->out);
	free(w);
}

void writer_start_clock(struct writer *w)
{
	w->start_mono = writer_clock(CLOCK_MONOTONIC);
	w->start_unix = writer_clock(CLOCK_REALTIME);
	w->last_t = 0;
}

int64_t writer_now(const struct writer *w)
{
	return writer_clock(CLOCK_MONOTONIC) - w->start_mono;
}

int64_t writer_start_mono_ns(const struct writer *w)
{
	return w->start_mono;
}

int64_t writer_start_unix_ns(const struct writer *w)
{
	return w->start_unix;
}

cJSON *writer_begin(struct writer *w, const char *type, pid_t pid)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	int64_t t = writer_now(w);
	if (t < w->last_t)
		t = w->last_t;
	w->last_t = t;
	cJSON_AddNumberToObject(o, "t", (double)t);
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddNumberToObject(o, "pid", pid);
	return o;
}

/* write(2) all of buf, continuing short writes, waiting out EAGAIN (a non-blocking pipe the
 * caller handed over) and EINTR. Returns the bytes written; sets w->error when less than len. */
static size_t writer_write_fd(struct writer *w, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(w->fd, buf + done, len - done);
		if (n >= 0) {
			done += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			struct pollfd pfd = { w->fd, POLLOUT, 0 };
			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		w->error = errno;
		break;
	}
	return done;
}

/* Write all of buf (nlines whole lines). On the first failure, stop for good and cut a new file
 * back to its last whole line. */
static void writer_write_all(struct writer *w, const char *buf, size_t len, long nlines)
{
	if (w->error || len == 0 || w->fd < 0)
		return;
	size_t done = writer_write_fd(w, buf, len);
	if (done == len) {
		w->kept_bytes += (off_t)len;
		w->kept_lines += nlines;
		return;
	}
	const char *last = memrchr(buf, '\n', done);
	if (last) {
		for (const char *p = buf; p <= last; p++)
			w->kept_lines += *p == '\n';
		w->kept_bytes += (off_t)(last - buf + 1);
	}
	if (w->new_file)
		(void)!ftruncate(w->fd, w->kept_bytes);
}

int64_t writer_pending_ns(const struct writer *w)
{
	return w->outlen > 0 ? writer_now(w) - w->out_since : -1;
}

int writer_flush(struct writer *w)
{
	writer_write_all(w, w->out, w->outlen, w->outlines);
	w->outlen = 0;
	w->outlines = 0;
	return w->error;
}

/* Queue one whole line (a line longer than the buffer goes out at once). */
static void writer_queue(struct writer *w, const char *line, size_t len)
{
	if (w->outlen + len > WRITER_OUT_CAP)
		writer_flush(w);
	if (len > WRITER_OUT_CAP) {
		writer_write_all(w, line, len, 1);
		return;
	}
	if (w->outlen == 0)
		w->out_since = writer_now(w);
	memcpy(w->out + w->outlen, line, len);
	w->outlen += len;
	w->outlines++;
}

void writer_emit_uncounted(struct writer *w, cJSON *obj)
{
	if (!obj)
		return;
	/* cJSON's text, printed faster (logwrite.h); one byte kept for the newline. */
	for (;;) {
		long n = logwrite_print(obj, w->buf, w->bufsize - 1);
		if (n >= 0) {
			w->buf[n] = '\n';
			writer_queue(w, w->buf, (size_t)n + 1);
			break;
		}
		if (w->bufsize >= (64u << 20)) {
			w->error = w->error ? w->error : EMSGSIZE;
			break;
		}
		char *nb = realloc(w->buf, w->bufsize * 2);
		if (!nb) {
			w->error = w->error ? w->error : ENOMEM;
			break;
		}
		w->buf = nb;
		w->bufsize *= 2;
	}
	cJSON_Delete(obj);
}

void writer_emit(struct writer *w, cJSON *obj)
{
	if (!obj)
		return;
	writer_emit_uncounted(w, obj);
	w->events++;
}

long writer_events(const struct writer *w)
{
	return w->events;
}

int writer_error(const struct writer *w)
{
	return w->error;
}

long writer_kept_events(const struct writer *w)
{
	/* The header is the first line; the end record only ever follows a log with no error. */
	return w->kept_lines > 0 ? w->kept_lines - 1 : 0;
}

bool writer_kept_nothing(const struct writer *w)
{
	return w->kept_lines == 0;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned min;
	unsigned cp;
	if (c >= 0x01 && c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; cp = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; cp = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

char *utf8_sanitize(const char *s, size_t len)
{
	char *out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t l = utf8_seq_len(u + i, len - i);
		if (l == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, u + i, l);
			o += l;
			i += l;
		}
	}
	out[o] = 0;
	return out;
}

cJSON *writer_str_item(const char *s, size_t len)
{
	char *clean = utf8_sanitize(s, len);
	cJSON *item = cJSON_CreateString(clean ? clean : "");
	free(clean);
	return item;
}

void writer_add_bytes(cJSON *obj, const char *key, const char *s, size_t len)
{
	cJSON_AddItemToObject(obj, key, writer_str_item(s, len));
}

void writer_add_str(cJSON *obj, const char *key, const char *s)
{
	writer_add_bytes(obj, key, s ? s : "", s ? strlen(s) : 0);
}

void writer_add_int(cJSON *obj, const char *key, long long v)
{
	cJSON_AddNumberToObject(obj, key, (double)v);
}

void writer_add_bool(cJSON *obj, const char *key, bool v)
{
	cJSON_AddBoolToObject(obj, key, v);
}

void writer_add_hex(cJSON *obj, const char *key, unsigned long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "0x%llx", v);
	cJSON_AddStringToObject(obj, key, buf);
}
