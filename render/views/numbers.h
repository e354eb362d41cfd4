/* numbers.h — --numbers: the life events of the processes (fork, exec, exit, reap, adoption)
 * numbered ①②③ in time order, so that a slide says in which order things happened. Shared by
 * the tree and the timeline, which put the same number on the same event. */
#ifndef PTVIZ_RENDER_NUMBERS_H
#define PTVIZ_RENDER_NUMBERS_H

#include "ptviz/model.h"

typedef enum numbers_kind {
	NUMBERS_FORK,      /* the fork that made the process (not the launched root's) */
	NUMBERS_EXEC,      /* each exec (an attached process's first record is none) */
	NUMBERS_EXIT,
	NUMBERS_ADOPT,     /* orphaned and adopted */
	NUMBERS_REAP,      /* reaped (not the root reaped by ptviz, which no view draws) */
	NUMBERS_KINDS
} numbers_kind;

/* What the numbers mean, for the legends (through ptv_tr). */
#define NUMBERS_LEGEND "order of events: fork, exec, exit, adoption, reap"

/* Longest text of one number: "(12345)" and its NUL. */
#define NUMBERS_TEXT_MAX 16

typedef struct numbers numbers;

/* The numbers of m's events; NULL when out of memory. numbers_free accepts NULL. */
numbers *numbers_new(const ptv_model *m);
void numbers_free(numbers *n);
/* The number of process proc's event of kind k (for NUMBERS_EXEC, its exec'th exec), 1 up;
 * 0 when it has none (or n is NULL). */
int numbers_of(const numbers *n, numbers_kind k, int proc, int exec);
/* num as drawn: ① … ⑳, ㉑ … ㊿, then "(51)". */
const char *numbers_text(int num, char buf[static NUMBERS_TEXT_MAX]);

#endif
