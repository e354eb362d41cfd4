/* numbers.c — the life events numbered in time order (numbers.h). One sort of every fork,
 * exec, exit, adoption and reap of the model; ties keep that order of kinds, then creation. */
#include <stdio.h>
#include <stdlib.h>

#include "numbers.h"

typedef struct numbers_event {
	int64_t t;
	int proc, exec;
	numbers_kind kind;
} numbers_event;

struct numbers {
	int nprocs;
	int *num;            /* [proc * NUMBERS_KINDS + kind], exec kind unused */
	int *exec_first;     /* [proc]: where proc's execs start in exec_num */
	int *exec_num;       /* one per exec of every process */
	int nexec;
};

static int numbers_cmp(const void *a, const void *b)
{
	const numbers_event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->proc != y->proc)
		return x->proc < y->proc ? -1 : 1;
	return x->exec < y->exec ? -1 : x->exec > y->exec;
}

/* Put one event at ev[*n] (ev NULL: count it only). */
static void numbers_add(numbers_event *ev, int *n, int64_t t, numbers_kind kind, int proc, int exec)
{
	if (ev)
		ev[*n] = (numbers_event){ t, proc, exec, kind };
	(*n)++;
}

/* Every numbered event of m into ev (NULL: only count them). Returns the count. */
static int numbers_collect(const ptv_model *m, numbers_event *ev)
{
	int n = 0;

	for (int i = 0; i < ptv_model_nprocesses(m); i++) {
		const ptv_process *p = ptv_model_process(m, i);
		if (p->origin == PTV_ORIGIN_FORK)
			numbers_add(ev, &n, p->t_start, NUMBERS_FORK, i, 0);
		for (int k = p->attached ? 1 : 0; k < p->nexecs; k++)
			numbers_add(ev, &n, p->execs[k].t, NUMBERS_EXEC, i, k);
		if (p->exited)
			numbers_add(ev, &n, p->t_exit, NUMBERS_EXIT, i, 0);
		if (p->orphaned)
			numbers_add(ev, &n, p->t_adopted, NUMBERS_ADOPT, i, 0);
		if (p->reaped && p->t_reap >= 0 && !(p->parent < 0 && p->reap_via == PTV_REAP_TRACER))
			numbers_add(ev, &n, p->t_reap, NUMBERS_REAP, i, 0);
	}
	return n;
}

numbers *numbers_new(const ptv_model *m)
{
	int np = ptv_model_nprocesses(m), nev = numbers_collect(m, NULL), nexec = 0;
	numbers *n = calloc(1, sizeof *n);
	numbers_event *ev = malloc(sizeof *ev * ((size_t)nev + 1));

	if (!n || !ev)
		goto fail;
	n->nprocs = np;
	n->num = calloc((size_t)np * NUMBERS_KINDS + 1, sizeof *n->num);
	n->exec_first = calloc((size_t)np + 1, sizeof *n->exec_first);
	for (int i = 0; i < np; i++) {
		n->exec_first[i] = nexec;
		nexec += ptv_model_process(m, i)->nexecs;
	}
	n->nexec = nexec;
	n->exec_num = calloc((size_t)nexec + 1, sizeof *n->exec_num);
	if (!n->num || !n->exec_first || !n->exec_num)
		goto fail;
	numbers_collect(m, ev);
	qsort(ev, (size_t)nev, sizeof *ev, numbers_cmp);
	for (int k = 0; k < nev; k++) {
		if (ev[k].kind == NUMBERS_EXEC)
			n->exec_num[n->exec_first[ev[k].proc] + ev[k].exec] = k + 1;
		else
			n->num[ev[k].proc * NUMBERS_KINDS + ev[k].kind] = k + 1;
	}
	free(ev);
	return n;
fail:
	free(ev);
	numbers_free(n);
	return NULL;
}

void numbers_free(numbers *n)
{
	if (!n)
		return;
	free(n->num);
	free(n->exec_first);
	free(n->exec_num);
	free(n);
}

int numbers_of(const numbers *n, numbers_kind k, int proc, int exec)
{
	if (!n || proc < 0 || proc >= n->nprocs)
		return 0;
	if (k != NUMBERS_EXEC)
		return n->num[proc * NUMBERS_KINDS + k];
	int next = proc + 1 < n->nprocs ? n->exec_first[proc + 1] : n->nexec;
	int at = n->exec_first[proc] + exec;
	if (exec < 0 || at >= next)
		return 0;
	return n->exec_num[at];
}

/* Unicode's circled numbers come in three runs; past 50 there are none. */
const char *numbers_text(int num, char buf[static NUMBERS_TEXT_MAX])
{
	unsigned cp = num >= 1 && num <= 20 ? 0x2460 + (unsigned)num - 1
	            : num >= 21 && num <= 35 ? 0x3251 + (unsigned)num - 21
	            : num >= 36 && num <= 50 ? 0x32b1 + (unsigned)num - 36 : 0;

	if (!cp) {
		snprintf(buf, NUMBERS_TEXT_MAX, "(%d)", num);
		return buf;
	}
	/* All three runs are three-byte UTF-8. */
	buf[0] = (char)(0xe0 | (cp >> 12));
	buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	buf[2] = (char)(0x80 | (cp & 0x3f));
	buf[3] = '\0';
	return buf;
}
