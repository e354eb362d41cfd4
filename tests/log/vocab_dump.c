/* vocab_dump.c — prints include/ptviz/log.h's vocabulary as JSON, for check_vocab.py to hold the
 * validator and docs/event-log.md to it:
 *   {"events": ["header", ...], "fields": [{"event": "fork", "field": "via", "names": [...]}, ...]}
 * The names are plain ASCII words: no escaping is needed, and a word that would need it fails
 * the check instead. */
#include <stdio.h>
#include <string.h>

#include "ptviz/log.h"

/* Print names[0..n) as a JSON array; returns -1 when a slot is empty or not a plain word. */
static int dump_names(const char *const *names, int n)
{
	int rc = 0;

	putchar('[');
	for (int i = 0; i < n; i++) {
		const char *w = names[i];
		if (!w || !*w || strpbrk(w, "\"\\") != NULL) {
			fprintf(stderr, "vocab_dump: slot %d of a name table is %s\n", i, w ? "not a plain word" : "empty");
			rc = -1;
			w = "";
		}
		printf("%s\"%s\"", i ? ", " : "", w);
	}
	putchar(']');
	return rc;
}

int main(void)
{
	int rc = 0;

	printf("{\"events\": ");
	rc |= dump_names(ptv_ev_names, PTV_EV_COUNT);
	printf(",\n \"fields\": [");
	for (int i = 0; i < PTV_VOCAB_NFIELDS; i++) {
		const ptv_vocab_field *f = &ptv_vocab_fields[i];
		printf("%s\n  {\"event\": \"%s\", \"field\": \"%s\", \"names\": ", i ? "," : "", f->event,
		       f->field);
		rc |= dump_names(f->names, f->count);
		putchar('}');
	}
	printf("\n]}\n");
	return rc ? 1 : 0;
}
