/* signals.h — ptviz's own signals while it traces: taken through a signalfd so that nothing the
 * traced programs send their process group (which ptviz shares) kills or stops ptviz, what a
 * signal from outside the traced tree asks of ptviz, and the dispositions and mask the launched
 * program gets back. */
#ifndef PTVIZ_TRACER_SIGNALS_H
#define PTVIZ_TRACER_SIGNALS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ptv_tracer;

struct sigstate {
	sigset_t inherited_mask;   /* the mask ptviz was given: the launched program's */
	sigset_t inherited_ign;    /* the signals ptviz was given as SIG_IGN: the program's too */
	bool chld_reset;           /* SIGCHLD was SIG_IGN: ptviz set it to SIG_DFL while tracing */
	bool taken;
	int interrupts;            /* Ctrl-Cs from outside the traced tree */
	pid_t *gone;               /* tracees whose record went away since the last read */
	size_t ngone, capgone;
};

/* Save the inherited mask and dispositions, block the signals ptviz takes while tracing, and
 * return a signalfd reading them (-1 with errno on failure, everything given back). */
int signals_take(struct sigstate *s);

/* Read every pending signal from tr->sigfd and act on it: SIGTSTP sets tr->suspend_pending;
 * SIGTERM, or a second Ctrl-C, from outside the traced tree sets tr->stop_requested. */
void signals_read(struct ptv_tracer *tr);

/* Ctrl-Z: does a traced thread still have a job-control stop signal pending that it will take
 * (not blocked, not held at its first stop, not stopped already)? ptviz stops itself only after:
 * `fg`'s SIGCONT discards a pending stop signal, so the program would miss its stop. */
bool signals_tree_stop_pending(struct ptv_tracer *tr);

/* Drain fd, close it and give back the inherited mask and SIGCHLD disposition. */
void signals_give_back(struct sigstate *s, int fd);

/* In the launched child, before exec: exactly the dispositions (SIG_IGN or SIG_DFL) and the mask
 * ptviz inherited. Async-signal-safe. */
void signals_child_restore(const struct sigstate *s);

/* A tracee's record is going away (reaped): a signal it sent that is not read yet is still
 * recognised as the tree's. */
void signals_note_gone(struct sigstate *s, pid_t pid);

void signals_free(struct sigstate *s);

#endif
