/* describe_chain.c — the words for what ran: the programs of a process ("sh → ls"), its label
 * in a lane or track, the program a trace is named after, its command line and its title. */
#include "ptviz/lang.h"
#include "describe_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ptv_describe_program(const ptv_model *m, const ptv_process *p)
{
	return ptv_process_program(m, p, p->nexecs > 0 ? p->execs[p->nexecs - 1].t : p->t_start);
}

const char *ptv_describe_root_program(const ptv_model *m)
{
	const ptv_process *root = ptv_model_process(m, ptv_model_root(m));
	const ptv_header *h = ptv_model_header(m);
	const char *base = h->argc > 0 ? ptv_basename(h->argv[0]) : NULL;

	if (root)
		return ptv_process_program(m, root, ptv_model_end(m));
	return base ? base : "?";
}

/* Whether the chain starts with the program p was forked running: p was forked in the trace
 * and did not exec at that very moment; or it never exec'd at all. */
static bool chain_inherits(const ptv_process *p)
{
	if (p->nexecs == 0)
		return true;
	return p->origin == PTV_ORIGIN_FORK && p->execs[0].t > p->t_start;
}

/* Every step of p's chain into all (room for nexecs + 1). Returns the count. */
static int chain_all(const ptv_model *m, const ptv_process *p, const char **all)
{
	int k = 0;

	if (chain_inherits(p))
		all[k++] = ptv_process_program(m, p, p->t_start);
	for (int i = 0; i < p->nexecs; i++) {
		/* An exec the log could not name (an attached zombie's) runs what the model says it
		 * ran then: the program it was forked running. */
		const char *n = ptv_process_program(m, p, p->execs[i].t);
		if (k > 0 && strcmp(all[k - 1], n) == 0 && i < p->nexecs - 1)
			continue;
		all[k++] = n;
	}
	return k;
}

/* The steps of at most max (> 0) out of n, into steps (room for max + 1). */
static int chain_shorten(const char **all, int n, int max, const char **steps)
{
	int k = 0;

	if (max <= 0 || n <= max) {
		memcpy(steps, all, sizeof *all * (size_t)n);
		return n;
	}
	for (int i = 0; i < max - 1; i++)
		steps[k++] = all[i];
	steps[k++] = "…";
	steps[k++] = all[n - 1];
	return k;
}

int ptv_describe_chain_steps(const ptv_model *m, const ptv_process *p, int max, const char **steps)
{
	const char *small[16], **all = small;
	int n;

	if (p->nexecs + 1 > (int)(sizeof small / sizeof small[0])) {
		all = malloc(sizeof *all * ((size_t)p->nexecs + 1));
		if (!all) {
			/* Out of memory: the last program alone still says what it is. */
			steps[0] = ptv_describe_program(m, p);
			return 1;
		}
	}
	n = chain_shorten(all, chain_all(m, p, all), max, steps);
	if (all != small)
		free((void *)all);
	return n;
}

const char *ptv_describe_chain(const ptv_model *m, const ptv_process *p, int max, char *buf,
                               size_t len)
{
	const char *small[16], **steps = small;
	int room = (max > 0 ? max : p->nexecs + 1) + 1, n;
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (room > (int)(sizeof small / sizeof small[0]) && !(steps = malloc(sizeof *steps * (size_t)room))) {
		describe_put(buf, len, &used, "%s", ptv_describe_program(m, p));
		return buf;
	}
	n = ptv_describe_chain_steps(m, p, max, steps);
	for (int i = 0; i < n; i++)
		describe_put(buf, len, &used, "%s%s", i ? " → " : "", steps[i]);
	if (steps != small)
		free((void *)steps);
	return buf;
}

const char *ptv_describe_label(const ptv_model *m, const ptv_process *p, bool stable_ids, int max,
                               char *buf, size_t len)
{
	char name[PTV_DESCRIBE_NAME_MAX];
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	describe_put(buf, len, &used, "%s ", ptv_describe_name(p, stable_ids, name, sizeof name));
	ptv_describe_chain(m, p, max, buf + used, len > used ? len - used : 0);
	used += strlen(buf + used);
	if (p->orphaned)
		describe_put(buf, len, &used, "%s", ptv_tr(" (orphan)"));
	return buf;
}

/* Append at most max characters (0: all) of s, ending in "…" when cut. */
static void describe_put_clip(char *buf, size_t len, size_t *used, const char *s, size_t *chars,
                              size_t max)
{
	for (const char *c = s; *c; c++) {
		bool starts = ((unsigned char)*c & 0xc0) != 0x80;
		if (starts && max && *chars == max) {
			describe_put(buf, len, used, "…");
			*chars = max + 1;
			return;
		}
		if (max && *chars > max)
			return;
		describe_put(buf, len, used, "%c", *c);
		*chars += starts;
	}
}

const char *ptv_describe_command(const ptv_model *m, size_t max, char *buf, size_t len)
{
	const ptv_header *h = ptv_model_header(m);
	size_t used = 0, chars = 0;

	if (len)
		buf[0] = '\0';
	for (int i = 0; i < h->argc; i++) {
		const char *a = h->argv[i] ? h->argv[i] : "";
		const char *base = i == 0 ? ptv_basename(a) : NULL;   /* "fork_loop", not its path */
		if (i > 0)
			describe_put_clip(buf, len, &used, " ", &chars, max);
		describe_put_clip(buf, len, &used, base ? base : a, &chars, max);
	}
	if (used == 0)
		describe_put(buf, len, &used, "(no command)");
	return buf;
}

const char *ptv_describe_title(const ptv_model *m, size_t max_command, char *buf, size_t len)
{
	int n = ptv_model_nprocesses(m);
	char dur[32];
	size_t used;

	ptv_describe_command(m, max_command, buf, len);
	used = strlen(buf);
	describe_put(buf, len, &used, ptv_tr(" — %d process%s, %s%s"), n, n == 1 ? "" : "es",
	             ptv_describe_duration(ptv_model_end(m), dur, sizeof dur),
	             ptv_model_complete(m) ? "" : ptv_tr(" (log cut short)"));
	return buf;
}
