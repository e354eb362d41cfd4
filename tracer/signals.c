/* signals.c — what ptviz does with the signals it receives while tracing (see signals.h).
 *
 * The launched program stays in ptviz's process group (ptviz is the foreground job, as with
 * strace), so whatever the program sends its group — `kill -HUP 0`, kill(0, SIGUSR1), a shell's
 * `kill -TERM 0` — reaches ptviz too. Untraced, the group would not have held ptviz, and those
 * signals' default actions would kill it and, through PTRACE_O_EXITKILL, the program. So every
 * signal whose default action would end or stop ptviz is blocked while tracing and read from the
 * tracer's signalfd instead, where its sender is known (ssi_pid): one sent from inside the traced
 * tree means nothing to ptviz. From outside, only SIGINT (Ctrl-C: the programs get their own, and
 * a second one ends the trace) and SIGTERM (end the trace) ask anything of ptviz; the rest (a
 * terminal hangup, Ctrl-\, SIGUSR1, ...) reached the programs as they would untraced, and ptviz
 * follows them to their end. Signals ptviz inherited as ignored stay ignored. */
#include "signals.h"

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <unistd.h>

/* What a signal read from the signalfd asks of ptviz. */
enum sig_action {
	SIGACT_NONE,       /* nothing: the programs got their own, or it means nothing to ptviz */
	SIGACT_WAKE,       /* SIGCHLD: a tracee changed state; the loop's waitpid sees it */
	SIGACT_SUSPEND,    /* Ctrl-Z: stop with the job once the programs have (tracer_suspend) */
	SIGACT_INTERRUPT,  /* Ctrl-C: the programs react as untraced; the second one ends the trace */
	SIGACT_STOP,       /* end the trace: kill the launched programs, detach attached ones */
};

/* The signals ptviz takes while tracing. The real-time signals (default action: terminate) are
 * taken too, as SIGACT_NONE. */
static const struct {
	int sig;
	enum sig_action act;
} sig_table[] = {
	{ SIGCHLD, SIGACT_WAKE },
	{ SIGTSTP, SIGACT_SUSPEND },
	{ SIGINT, SIGACT_INTERRUPT },
	{ SIGTERM, SIGACT_STOP },
	{ SIGHUP, SIGACT_NONE },    /* the terminal hung up: the programs decide (nohup'd ones go on) */
	{ SIGQUIT, SIGACT_NONE },   /* Ctrl-\: the programs get it */
	{ SIGUSR1, SIGACT_NONE },
	{ SIGUSR2, SIGACT_NONE },
	{ SIGALRM, SIGACT_NONE },
	{ SIGPIPE, SIGACT_NONE },   /* the log's reader went away: the write says EPIPE */
	{ SIGXFSZ, SIGACT_NONE },   /* the log hit RLIMIT_FSIZE: the write says EFBIG */
	{ SIGXCPU, SIGACT_NONE },
	{ SIGVTALRM, SIGACT_NONE },
	{ SIGPROF, SIGACT_NONE },
	{ SIGIO, SIGACT_NONE },
	{ SIGPWR, SIGACT_NONE },
	{ SIGSTKFLT, SIGACT_NONE },
	{ SIGSYS, SIGACT_NONE },
	{ SIGABRT, SIGACT_NONE },   /* abort() in ptviz unblocks it itself */
};
#define SIG_TABLE_LEN (sizeof sig_table / sizeof sig_table[0])

static enum sig_action signals_action(int sig)
{
	for (size_t i = 0; i < SIG_TABLE_LEN; i++)
		if (sig_table[i].sig == sig)
			return sig_table[i].act;
	return SIGACT_NONE;
}

int signals_take(struct sigstate *s)
{
	struct sigaction old, dfl = { .sa_handler = SIG_DFL };
	sigset_t take;
	int fd;

	sigemptyset(&s->inherited_ign);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			sigaddset(&s->inherited_ign, sig);
	sigemptyset(&take);
	for (size_t i = 0; i < SIG_TABLE_LEN; i++)
		sigaddset(&take, sig_table[i].sig);
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		sigaddset(&take, sig);
	if (sigprocmask(SIG_BLOCK, &take, &s->inherited_mask) < 0)
		return -1;
	s->taken = true;
	/* With SIGCHLD ignored, ptviz's own children would be reaped behind its back; the program
	 * gets SIG_IGN back before its exec. */
	if (sigismember(&s->inherited_ign, SIGCHLD)) {
		sigaction(SIGCHLD, &dfl, NULL);
		s->chld_reset = true;
	}
	fd = signalfd(-1, &take, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		signals_give_back(s, -1);
		errno = e;
	}
	return fd;
}

/* Whether the sender is a process of the traced tree (alive, or reaped since the last read). */
static bool signals_from_tree(struct ptv_tracer *tr, const struct signalfd_siginfo *si)
{
	pid_t pid = (pid_t)si->ssi_pid;

	if (si->ssi_code != SI_USER && si->ssi_code != SI_QUEUE && si->ssi_code != SI_TKILL)
		return false;   /* the kernel: a terminal's Ctrl-C (SI_KERNEL), a timer, ... */
	if (pid <= 0 || pid == tr->self)
		return false;
	if (tracee_proc_get(tr, pid))
		return true;
	for (size_t i = 0; i < tr->sig.ngone; i++)
		if (tr->sig.gone[i] == pid)
			return true;
	return false;
}

static void signals_act(struct ptv_tracer *tr, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo;
	enum sig_action act = signals_action(sig);
	char name[32];

	if (act == SIGACT_WAKE)
		return;
	if (sigismember(&tr->sig.inherited_ign, sig))
		act = SIGACT_NONE;
	else if (act >= SIGACT_INTERRUPT && signals_from_tree(tr, si))
		act = SIGACT_NONE;
	tracee_debug(tr, "ptviz got %s from %d (code %d): %s", emit_signame(sig, name, sizeof name),
	             (int)si->ssi_pid, si->ssi_code,
	             act == SIGACT_NONE ? "nothing to do" : act == SIGACT_SUSPEND ? "suspend" : "stop");
	switch (act) {
	case SIGACT_SUSPEND:
		tr->suspend_pending = true;
		break;
	case SIGACT_INTERRUPT:
		if (++tr->sig.interrupts >= 2)
			tr->stop_requested = 1;
		break;
	case SIGACT_STOP:
		tr->stop_requested = 1;
		break;
	default:
		break;
	}
}

void signals_read(struct ptv_tracer *tr)
{
	struct signalfd_siginfo si[16];
	ssize_t got;

	while ((got = read(tr->sigfd, si, sizeof si)) > 0) {
		for (ssize_t i = 0; i < got / (ssize_t)sizeof si[0]; i++)
			signals_act(tr, &si[i]);
		if (got < (ssize_t)sizeof si)
			break;
	}
	/* Any signal still to come was sent after this read, by a process alive then: if its record
	 * goes, signals_note_gone will have it. */
	tr->sig.ngone = 0;
}

bool signals_tree_stop_pending(struct ptv_tracer *tr)
{
	const uint64_t stops = (1ULL << (SIGTSTP - 1)) | (1ULL << (SIGTTIN - 1)) |
	                       (1ULL << (SIGTTOU - 1)) | (1ULL << (SIGSTOP - 1));
	for (unsigned i = 0; i < PTV_HASH_SIZE; i++) {
		for (const struct thread *t = tr->thash[i]; t; t = t->hnext) {
			struct procfs_status st;
			if (t->pending || t->listening || !procfs_status(t->tid, &st))
				continue;
			if (st.sig_pnd & ~st.sig_blk & stops) {
				tracee_debug(tr, "Ctrl-Z: %d has a stop signal still pending", t->tid);
				return true;
			}
		}
	}
	return false;
}

void signals_note_gone(struct sigstate *s, pid_t pid)
{
	if (!s->taken)
		return;   /* no signal is read for the tree now: nothing to recognise */
	if (s->ngone == s->capgone) {
		size_t cap = s->capgone ? s->capgone * 2 : 64;
		pid_t *g = realloc(s->gone, cap * sizeof *g);
		if (!g)
			return;   /* then a late signal from pid counts as from outside: SIGTERM ends the trace */
		s->gone = g;
		s->capgone = cap;
	}
	s->gone[s->ngone++] = pid;
}

void signals_give_back(struct sigstate *s, int fd)
{
	struct signalfd_siginfo si[16];
	struct sigaction ign = { .sa_handler = SIG_IGN };

	if (fd >= 0) {
		/* What is pending now would be delivered by the unblocking, default action and all. */
		while (read(fd, si, sizeof si) > 0)
			;
		close(fd);
	}
	if (s->chld_reset)
		sigaction(SIGCHLD, &ign, NULL);
	s->chld_reset = false;
	if (s->taken)
		sigprocmask(SIG_SETMASK, &s->inherited_mask, NULL);
	s->taken = false;
}

void signals_child_restore(const struct sigstate *s)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, dfl = { .sa_handler = SIG_DFL };

	for (int sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		sigaction(sig, sigismember(&s->inherited_ign, sig) ? &ign : &dfl, NULL);
	}
	sigprocmask(SIG_SETMASK, &s->inherited_mask, NULL);
}

void signals_free(struct sigstate *s)
{
	free(s->gone);
	s->gone = NULL;
	s->ngone = s->capgone = 0;
}
