/* fuzz_log_reader.c — fuzz target for the log reader, the model and the reports.
 *
 * With clang and -DPTVIZ_FUZZ=ON this is a libFuzzer target (LLVMFuzzerTestOneInput). In every
 * other build it is a deterministic mutation driver run by ctest: it takes the logs given on the
 * command line (the hand-written ones of tests/render/data; the corpus of tests/fuzz/corpus, real
 * logs of the samples and hostile ones, once each with --mutations=0), mutates each many times (byte flips, cuts, duplicated and dropped
 * lines, spliced numbers) with a fixed seed, and loads every variant. The property is the same in
 * both: any input either loads or fails with a message; nothing crashes or trips a sanitizer; the
 * text of a loaded model is valid UTF-8. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptviz/model.h"
#include "ptviz/report.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every exec's path and argv in the model is valid UTF-8, whatever bytes the log held: the
 * reader repairs them at load (render/util/text.h), so no output can carry them on. */
static void check_text(const ptv_model *m)
{
	for (int i = 0; i < ptv_model_nprocesses(m); i++) {
		const ptv_process *p = ptv_model_process(m, i);
		for (int e = 0; e < p->nexecs; e++) {
			if (!text_utf8_valid(p->execs[e].path))
				abort();
			for (int a = 0; a < p->execs[e].argc; a++)
				if (!text_utf8_valid(p->execs[e].argv[a]))
					abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ptv_model *m = NULL;
	ptv_diag diag = { 0 };
	if (ptv_model_load_buffer(&m, "fuzz.jsonl", (const char *)data, size, &diag) < 0) {
		if (!diag.error[0])
			abort(); /* a failed load must say why */
		return 0;
	}
	check_text(m);
	FILE *devnull = fopen("/dev/null", "w");
	if (devnull) {
		ptv_report_opts ro = PTV_REPORT_OPTS_INIT;
		ptv_report_summary(m, devnull, &ro);
		ptv_report_zombies(m, devnull, &ro);
		ro.json = true;
		ptv_report_zombies(m, devnull, &ro);
		fclose(devnull);
	}
	(void)ptv_report_leaks(m);
	ptv_model_free(m);
	return 0;
}

#ifndef PTVIZ_LIBFUZZER
/* xorshift: a fixed seed makes every ctest run load the same variants. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n + 4096 > cap) {
			cap = (cap + 4096) * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

/* One mutation of src into dst (dst has room for 2*len+64 bytes); returns the new length. */
static size_t mutate(const char *src, size_t len, char *dst, uint64_t *seed)
{
	static const char *const splices[] = { "-1", "1e308", "99999999999999999999", "null", "\"x\"",
	                                       "[]", "{}", "\"\\u0000\"", "\xff\xfe", "0" };
	size_t at = len ? next_random(seed) % len : 0;
	switch (next_random(seed) % 6) {
	case 0: /* flip a byte */
		memcpy(dst, src, len);
		if (len)
			dst[at] = (char)(next_random(seed) & 0xff);
		return len;
	case 1: /* cut short */
		memcpy(dst, src, at);
		return at;
	case 2: { /* drop a line */
		const char *nl = memchr(src + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - src) + 1 : len;
		const char *start = at ? memrchr(src, '\n', at) : NULL;
		size_t from = start ? (size_t)(start - src) + 1 : 0;
		memcpy(dst, src, from);
		memcpy(dst + from, src + end, len - end);
		return from + len - end;
	}
	case 3: /* duplicate the text from at onward, once */
		memcpy(dst, src, len);
		memcpy(dst + len, src + at, len - at);
		return len + len - at;
	default: { /* splice a hostile value at a digit */
		const char *v = splices[next_random(seed) % (sizeof(splices) / sizeof(splices[0]))];
		size_t vl = strlen(v);
		memcpy(dst, src, at);
		memcpy(dst + at, v, vl);
		size_t rest = at + 1 <= len ? len - at - 1 : 0;
		memcpy(dst + at + vl, src + len - rest, rest);
		return at + vl + rest;
	}
	}
}

/* fuzz_log_reader [--mutations=N] LOG...: each log once, then N mutations of it (400). */
int main(int argc, char **argv)
{
	int iterations = 400, first = 1;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	if (argc > 1 && strncmp(argv[1], "--mutations=", 12) == 0) {
		iterations = atoi(argv[1] + 12);
		first = 2;
	}
	for (int i = first; i < argc; i++) {
		size_t len;
		char *src = read_file(argv[i], &len);
		if (!src) {
			fprintf(stderr, "fuzz_log_reader: %s: cannot read\n", argv[i]);
			return 1;
		}
		char *dst = malloc(2 * len + 64);
		if (!dst)
			return 1;
		LLVMFuzzerTestOneInput((const uint8_t *)src, len);
		for (int k = 0; k < iterations; k++) {
			size_t n = mutate(src, len, dst, &seed);
			LLVMFuzzerTestOneInput((const uint8_t *)dst, n);
		}
		free(dst);
		free(src);
	}
	printf("fuzz_log_reader: %d inputs x %d mutations loaded without a crash\n", argc - first, iterations);
	return 0;
}
#endif
