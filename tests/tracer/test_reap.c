/* test_reap.c — unit tests of who collects a zombie (tracer/reap.c), without ptrace: process
 * records made by hand in a tracer that never runs, /proc replaced by a table, and the reap and
 * reparent facts that come out. */
#include "../check.h"
#include "internal.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

/* Pids above any pid_max: no real process is ever asked about. */
enum { SELF = 4100000, ROOT = 4100001, A = 4100002, B = 4100003, C = 4100004, S = 4100005 };

/* ---- the stand-in for /proc/PID/stat ------------------------------------------------------ */

struct fake_proc {
	pid_t pid, ppid;
	unsigned long long start;
};
static struct fake_proc fake[8];
static int nfake;

static void fake_set(pid_t pid, pid_t ppid, unsigned long long start)
{
	for (int i = 0; i < nfake; i++)
		if (fake[i].pid == pid) {
			fake[i] = (struct fake_proc){ pid, ppid, start };
			return;
		}
	fake[nfake++] = (struct fake_proc){ pid, ppid, start };
}

static void fake_gone(pid_t pid)
{
	for (int i = 0; i < nfake; i++)
		if (fake[i].pid == pid)
			fake[i] = fake[--nfake];
}

static bool fake_stat(pid_t pid, char *state, pid_t *ppid, unsigned long long *start)
{
	for (int i = 0; i < nfake; i++) {
		if (fake[i].pid != pid)
			continue;
		if (state)
			*state = 'S';
		if (ppid)
			*ppid = fake[i].ppid;
		if (start)
			*start = fake[i].start;
		return true;
	}
	return false;
}

static const struct procfs_ops fake_ops = { .stat = fake_stat };

/* ---- a tracer that is never run ------------------------------------------------------------ */

static struct ptv_tracer *tracer_new(bool subreaper)
{
	nfake = 0;
	struct ptv_tracer *tr = calloc(1, sizeof *tr);
	tr->pfs = &fake_ops;
	tr->self = SELF;
	tr->root = ROOT;
	tr->opts.subreaper = subreaper;
	return tr;
}

static void tracer_free(struct ptv_tracer *tr)
{
	tracee_free_all(tr);
	facts_free(&tr->facts);
	free(tr);
}

/* A record for pid with real parent ppid, in /proc with start time pid. */
static struct proc *proc_new(struct ptv_tracer *tr, pid_t pid, pid_t ppid)
{
	fake_set(pid, ppid, (unsigned long long)pid);
	return tracee_proc_new(tr, pid, ppid);
}

/* p's death report was handled: it is a zombie. */
static void proc_die(struct ptv_tracer *tr, struct proc *p)
{
	p->dead = true;
	tr->nprocs_alive--;
}

static void check_reap(const struct facts *f, int i, pid_t reaper, pid_t child, ptv_reap_via via,
                       int status, int line)
{
	if (i >= f->n) {
		check_at(0, "reap fact missing", __FILE__, line);
		return;
	}
	check_int_at(f->v[i].kind, FACT_REAP, "kind", __FILE__, line);
	check_int_at(f->v[i].pid, reaper, "reaper", __FILE__, line);
	check_int_at(f->v[i].child, child, "child", __FILE__, line);
	check_str_at(ptv_reap_via_names[f->v[i].via], ptv_reap_via_names[via], "via", __FILE__, line);
	check_int_at(f->v[i].status, status, "status", __FILE__, line);
}
#define CHECK_REAP(f, i, r, c, via, st) check_reap((f), (i), (r), (c), (via), (st), __LINE__)

static void check_reparent(const struct facts *f, int i, pid_t orphan, pid_t from, pid_t to,
                           int line)
{
	if (i >= f->n) {
		check_at(0, "reparent fact missing", __FILE__, line);
		return;
	}
	check_int_at(f->v[i].kind, FACT_REPARENT, "kind", __FILE__, line);
	check_int_at(f->v[i].pid, orphan, "orphan", __FILE__, line);
	check_int_at(f->v[i].from, from, "from", __FILE__, line);
	check_int_at(f->v[i].to, to, "to", __FILE__, line);
}
#define CHECK_REPARENT(f, i, o, from, to) check_reparent((f), (i), (o), (from), (to), __LINE__)

/* ---- tests ---------------------------------------------------------------------------------- */

/* wait4 returning a dead child reaps it, with the status it stored; the record goes. */
static void test_wait4(void)
{
	struct ptv_tracer *tr = tracer_new(false);
	struct facts *f = &tr->facts;
	proc_new(tr, A, SELF);
	proc_die(tr, proc_new(tr, B, A));
	int status = W_EXITCODE(7, 0);
	reap_on_wait4(tr, A, B, &status, f);
	CHECK_INT(f->n, 1);
	CHECK_REAP(f, 0, A, B, PTV_REAP_WAIT4, status);
	CHECK(tracee_proc_get(tr, B) == NULL);
	/* Status not readable (a NULL pointer given to wait4): still a reap, without status. */
	facts_clear(f);
	proc_die(tr, proc_new(tr, C, A));
	reap_on_wait4(tr, A, C, NULL, f);
	CHECK_REAP(f, 0, A, C, PTV_REAP_WAIT4, -1);
	tracer_free(tr);
}

/* WNOHANG with nothing ready returns 0, an error is negative: no reap. */
static void test_wait4_nothing(void)
{
	struct ptv_tracer *tr = tracer_new(false);
	proc_new(tr, A, SELF);
	proc_die(tr, proc_new(tr, B, A));
	reap_on_wait4(tr, A, 0, NULL, &tr->facts);
	reap_on_wait4(tr, A, -10 /* -ECHILD */, NULL, &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	CHECK(tracee_proc_get(tr, B) != NULL);
	tracer_free(tr);
}

/* WUNTRACED/WCONTINUED reports are not reaps: of a live child, or read back as a stop/continue. */
static void test_wait4_stopped(void)
{
	struct ptv_tracer *tr = tracer_new(false);
	proc_new(tr, A, SELF);
	proc_new(tr, B, A);
	int stopped = W_STOPCODE(SIGSTOP), continued = 0xffff;
	reap_on_wait4(tr, A, B, &stopped, &tr->facts);
	reap_on_wait4(tr, A, B, &continued, &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	/* Dead by now, but this wait4 returned the stop report queued before the death. */
	proc_die(tr, tracee_proc_get(tr, B));
	reap_on_wait4(tr, A, B, &stopped, &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	CHECK(tracee_proc_get(tr, B) != NULL);
	/* A child ptviz does not trace (it was never a record): nothing. */
	int exited = W_EXITCODE(0, 0);
	reap_on_wait4(tr, A, C, &exited, &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	tracer_free(tr);
}

static void test_waitid(void)
{
	struct ptv_tracer *tr = tracer_new(false);
	proc_new(tr, A, SELF);
	proc_die(tr, proc_new(tr, B, A));
	reap_on_waitid(tr, A, WEXITED | WNOWAIT, B, CLD_EXITED, &tr->facts);   /* still waitable */
	reap_on_waitid(tr, A, WSTOPPED, B, CLD_STOPPED, &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	reap_on_waitid(tr, A, WEXITED, B, CLD_KILLED, &tr->facts);
	CHECK_INT(tr->facts.n, 1);
	CHECK_REAP(&tr->facts, 0, A, B, PTV_REAP_WAITID, -1);
	tracer_free(tr);
}

/* A parent ignoring SIGCHLD, or with SA_NOCLDWAIT, has its children discarded at exit; a parent
 * with the default action leaves a zombie until it waits. */
static void test_auto(void)
{
	struct ptv_tracer *tr = tracer_new(false);
	struct proc *a = proc_new(tr, A, SELF);
	struct proc *b = proc_new(tr, B, A);
	proc_die(tr, b);
	reap_on_death(tr, b, W_EXITCODE(0, 0), &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	CHECK(tracee_proc_get(tr, B) == b);
	a->sigchld_ign = true;
	struct proc *c = proc_new(tr, C, A);
	proc_die(tr, c);
	reap_on_death(tr, c, W_EXITCODE(0, 0), &tr->facts);
	CHECK_REAP(&tr->facts, 0, A, C, PTV_REAP_AUTO, -1);
	a->sigchld_ign = false;
	a->nocldwait = true;
	facts_clear(&tr->facts);
	c = proc_new(tr, C, A);
	proc_die(tr, c);
	reap_on_death(tr, c, W_EXITCODE(0, 0), &tr->facts);
	CHECK_REAP(&tr->facts, 0, A, C, PTV_REAP_AUTO, -1);
	tracer_free(tr);
}

/* A's children outlive it: each is reparented to the adopter /proc names; a zombie among them is
 * reaped outside the trace (via init) once it leaves /proc. */
static void test_orphans(void)
{
	struct ptv_tracer *tr = tracer_new(false);
	struct proc *a = proc_new(tr, A, SELF);
	struct proc *b = proc_new(tr, B, A);
	struct proc *c = proc_new(tr, C, A);
	proc_die(tr, c);
	reap_on_death(tr, c, W_EXITCODE(0, 0), &tr->facts);   /* A does not wait: a zombie */
	proc_die(tr, a);
	fake_set(B, 1, B);
	fake_set(C, 1, C);
	reap_orphans_of(tr, a, &tr->facts);
	CHECK_INT(tr->facts.n, 2);
	for (int i = 0; i < tr->facts.n; i++) {
		pid_t orphan = tr->facts.v[i].pid;
		CHECK(orphan == B || orphan == C);
		CHECK_REPARENT(&tr->facts, i, orphan, A, 1);
	}
	CHECK_INT(b->parent, 1);
	CHECK_INT(tr->nwatch, 1);   /* the zombie C, until init collects it */
	facts_clear(&tr->facts);
	reap_poll_outside(tr, &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	fake_gone(C);
	reap_poll_outside(tr, &tr->facts);
	CHECK_INT(tr->facts.n, 1);
	CHECK_REAP(&tr->facts, 0, 1, C, PTV_REAP_INIT, -1);
	CHECK_INT(tr->nwatch, 0);
	/* B dies later, its reaper untraced: watched, then reaped via init too. */
	facts_clear(&tr->facts);
	proc_die(tr, b);
	reap_on_death(tr, b, W_EXITCODE(0, 0), &tr->facts);
	CHECK_INT(tr->nwatch, 1);
	fake_gone(B);
	reap_poll_outside(tr, &tr->facts);
	CHECK_REAP(&tr->facts, 0, 1, B, PTV_REAP_INIT, -1);
	tracer_free(tr);
}

/* Orphans adopted by a traced subreaper S: a zombie one is auto-reaped when S ignores SIGCHLD. A
 * pid whose start time no longer matches was reused: the adopter is guessed (init, or ptviz
 * with --subreaper). */
static void test_orphans_adopter(void)
{
	struct ptv_tracer *tr = tracer_new(true);
	struct proc *s = proc_new(tr, S, SELF);
	struct proc *a = proc_new(tr, A, S);
	struct proc *b = proc_new(tr, B, A);
	struct proc *c = proc_new(tr, C, A);
	s->sigchld_ign = true;
	proc_die(tr, b);
	reap_on_death(tr, b, W_EXITCODE(0, 0), &tr->facts);
	proc_die(tr, a);
	fake_set(B, S, B);
	fake_set(C, 1, 12345);   /* C's pid now belongs to another process */
	reap_orphans_of(tr, a, &tr->facts);
	CHECK_INT(tr->facts.n, 3);
	for (int i = 0; i < tr->facts.n; i++) {
		const struct fact *x = &tr->facts.v[i];
		if (x->kind == FACT_REPARENT && x->pid == B)
			CHECK_INT(x->to, S);
		else if (x->kind == FACT_REPARENT)
			CHECK_REPARENT(&tr->facts, i, C, A, SELF);
		else
			CHECK_REAP(&tr->facts, i, S, B, PTV_REAP_AUTO, -1);
	}
	CHECK_INT(c->parent, SELF);
	CHECK(tracee_proc_get(tr, B) == NULL);
	tracer_free(tr);
}

/* ptviz's own reaps: the launched root (via tracer) and, as subreaper, orphans (via subreaper),
 * also when the orphan's second wait report comes before its old parent's death. */
static void test_tracer_reaps(void)
{
	struct ptv_tracer *tr = tracer_new(true);
	struct proc *root = proc_new(tr, ROOT, SELF);
	struct proc *a = proc_new(tr, A, ROOT);
	struct proc *b = proc_new(tr, B, SELF);   /* adopted already */
	proc_die(tr, b);
	reap_on_death(tr, b, W_EXITCODE(3, 0), &tr->facts);
	CHECK_REAP(&tr->facts, 0, SELF, B, PTV_REAP_SUBREAPER, W_EXITCODE(3, 0));
	facts_clear(&tr->facts);
	/* A died while ROOT lives; ROOT exits without waiting; ptviz is told twice about A. */
	proc_die(tr, a);
	reap_on_death(tr, a, W_EXITCODE(0, 0), &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	CHECK(!reap_on_tracer_wait(tr, C, 0, &tr->facts));   /* not a record: not ours */
	CHECK(reap_on_tracer_wait(tr, A, W_EXITCODE(0, 0), &tr->facts));
	CHECK_INT(tr->facts.n, 2);
	CHECK_REPARENT(&tr->facts, 0, A, ROOT, SELF);
	CHECK_REAP(&tr->facts, 1, SELF, A, PTV_REAP_SUBREAPER, W_EXITCODE(0, 0));
	facts_clear(&tr->facts);
	proc_die(tr, root);
	reap_on_death(tr, root, W_EXITCODE(0, SIGTERM), &tr->facts);
	CHECK_REAP(&tr->facts, 0, SELF, ROOT, PTV_REAP_TRACER, W_EXITCODE(0, SIGTERM));
	tracer_free(tr);

	/* Attach mode: the root's real parent is not ptviz, whatever its pid. */
	tr = tracer_new(false);
	tr->attach = true;
	root = proc_new(tr, ROOT, SELF);
	proc_die(tr, root);
	reap_on_death(tr, root, -1, &tr->facts);
	CHECK_INT(tr->facts.n, 0);
	CHECK_INT(tr->nwatch, 1);
	tracer_free(tr);
}

int main(void)
{
	test_wait4();
	test_wait4_nothing();
	test_wait4_stopped();
	test_waitid();
	test_auto();
	test_orphans();
	test_orphans_adopter();
	test_tracer_reaps();
	return check_done("test_reap");
}
