/* tests/sched/test_sched_live.c — real context-switch records of child processes.
 *
 * `test_sched_live CASE [SCHED_STAT]`. Each case starts a child blocked on a pipe (as the
 * tracer's launch does), opens the events for it, lets it go, waits for it, flushes the rings
 * into a record list and a state builder (no coalescing), and asserts facts with wide margins:
 * a 100 ms sleep is asleep >= 80 ms, 50 ms of CPU is >= 40 ms on a CPU, and so on. Orderings
 * come from pipes, never from sleeps. Exit status 77: perf events refused here (skipped).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "sched_blocked.h"
#include "sched_runs.h"

enum { MS = 1000000, SKIP = 77 };

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Burn ms of this thread's CPU time. */
static void burn(long ms)
{
	struct timespec a, b;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
	volatile unsigned long spin = 0;
	do {
		for (int i = 0; i < 10000; i++)
			spin++;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000L + (b.tv_nsec - a.tv_nsec) / 1000000L < ms);
}

static void nap(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

static void read1(int fd)
{
	char c;
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
}

static void write1(int fd)
{
	while (write(fd, "x", 1) < 0 && errno == EINTR)
		;
}

/* ---- what a run saw ------------------------------------------------------------------------ */

typedef struct seen {
	sched_rec *v;
	char (*comm)[17];
	int n, cap;
	sched_runs *runs;
	/* per tid, from the builder: total time per state and the longest interval per state */
	struct { pid_t tid; uint64_t ns[SCHED_STATE_COUNT], longest[SCHED_STATE_COUNT];
	         int segs[SCHED_STATE_COUNT]; } t[64];
	int nt;
} seen;

static int seen_rec(void *ctx, const sched_rec *rec)
{
	seen *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = realloc(s->v, (size_t)s->cap * sizeof *s->v);
		s->comm = realloc(s->comm, (size_t)s->cap * sizeof *s->comm);
		if (!s->v || !s->comm)
			abort();
	}
	s->v[s->n] = *rec;
	snprintf(s->comm[s->n], sizeof s->comm[0], "%s", rec->comm ? rec->comm : "");
	s->v[s->n].comm = NULL; /* s->comm[i] holds it: the arrays move as they grow */
	s->n++;
	sched_runs_record(s->runs, rec);
	return 0;
}

static int seen_batch(void *ctx, const sched_batch *b)
{
	seen *s = ctx;
	int i = 0;
	while (i < s->nt && s->t[i].tid != b->tid)
		i++;
	if (i == s->nt && s->nt < 64)
		s->t[s->nt++].tid = b->tid;
	if (i == 64)
		return 0;
	for (int k = 0; k < b->nsegs; k++) {
		const sched_seg *g = &b->segs[k];
		s->t[i].ns[g->state] += g->end - g->start;
		s->t[i].segs[g->state]++;
		if (g->end - g->start > s->t[i].longest[g->state])
			s->t[i].longest[g->state] = g->end - g->start;
	}
	return 0;
}

static uint64_t ns_of(const seen *s, pid_t tid, sched_state st)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].tid == tid)
			return s->t[i].ns[st];
	return 0;
}

static uint64_t longest_of(const seen *s, pid_t tid, sched_state st)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].tid == tid)
			return s->t[i].longest[st];
	return 0;
}

static int segs_of(const seen *s, pid_t tid, sched_state st)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].tid == tid)
			return s->t[i].segs[st];
	return 0;
}

static int count(const seen *s, sched_rec_kind kind, pid_t tid)
{
	int n = 0;
	for (int i = 0; i < s->n; i++)
		n += s->v[i].kind == kind && (tid < 0 || s->v[i].tid == tid);
	return n;
}

static void seen_free(seen *s)
{
	free(s->v);
	free(s->comm);
	sched_runs_free(s->runs);
}

/* ---- running a child under the events ------------------------------------------------------ */

typedef void (*child_fn)(void *arg);

/* Fork a child that waits for a byte on a pipe and then runs fn; *go gets the write end. */
static pid_t spawn(child_fn fn, void *arg, int *go)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		read1(p[0]);
		fn(arg);
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

/* Open the events for a new child running fn (options o), let it run to its end, flush. The
 * child is known asleep from the open (it waits on the pipe). Returns 0, SKIP when refused. */
static int run(child_fn fn, void *arg, const sched_opts *o, seen *s, pid_t *child)
{
	char err[512];
	sched *sc = NULL;
	sched_runs_opts ro = SCHED_RUNS_OPTS_INIT;
	int go = -1, st;
	ro.coalesce_ns = 0;
	memset(s, 0, sizeof *s);
	if (sched_runs_new(&s->runs, &ro) < 0)
		abort();
	pid_t pid = spawn(fn, arg, &go);
	uint64_t t_open = now_ns();
	int rc = sched_new(&sc, pid, o, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "sched_new: %s\n", err);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		close(go);
		return rc == -EACCES || rc == -EPERM || rc == -ENOENT || rc == -ENODEV ||
		       rc == -ENOSYS || rc == -EOPNOTSUPP ? SKIP : 1;
	}
	sched_runs_begin(s->runs, pid, pid, t_open, SCHED_ASLEEP);
	write1(go);
	close(go);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_INT(sched_flush(sc, seen_rec, s), 0);
	sched_runs_finish(s->runs, now_ns());
	CHECK_INT(sched_runs_take(s->runs, seen_batch, s), 0);
	sched_free(sc);
	*child = pid;
	return 0;
}

static int run_default(child_fn fn, void *arg, seen *s, pid_t *child)
{
	sched_opts o = SCHED_OPTS_INIT;
	return run(fn, arg, &o, s, child);
}

/* ---- the cases ----------------------------------------------------------------------------- */

static void child_sleep(void *arg) { nap(100); }

/* A child that sleeps 100 ms shows one asleep interval of at least 80 ms. */
static int case_sleep(void)
{
	seen s;
	pid_t pid;
	int rc = run_default(child_sleep, NULL, &s, &pid);
	if (rc)
		return rc;
	CHECK(longest_of(&s, pid, SCHED_ASLEEP) >= 80 * MS);
	CHECK(count(&s, SCHED_REC_SWITCH_IN, pid) >= 2);
	CHECK_INT(count(&s, SCHED_REC_EXIT, pid), 1);
	seen_free(&s);
	return 0;
}

static void child_spin(void *arg) { burn(50); }

/* A child that burns 50 ms of CPU is on a CPU for at least 40 ms. */
static int case_spin(void)
{
	seen s;
	pid_t pid;
	int rc = run_default(child_spin, NULL, &s, &pid);
	if (rc)
		return rc;
	CHECK(ns_of(&s, pid, SCHED_ONCPU) >= 40 * MS);
	seen_free(&s);
	return 0;
}

/* Two grandchildren pinned to one CPU, released together, each burning 100 ms: one waits
 * while the other runs, so they spend at least 50 ms ready between them. */
static void child_two_spinners(void *arg)
{
	pid_t *kids = arg;
	int go[2];
	cpu_set_t set;
	int cpu = 0;
	if (pipe(go) < 0 || sched_getaffinity(0, sizeof set, &set) < 0)
		_exit(2);
	while (!CPU_ISSET(cpu, &set))
		cpu++;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	for (int i = 0; i < 2; i++) {
		if ((kids[i] = fork()) == 0) {
			if (sched_setaffinity(0, sizeof set, &set) < 0)
				_exit(2);
			read1(go[0]);
			burn(100);
			_exit(0);
		}
	}
	(void)!write(go[1], "xx", 2);
	int st, bad = 0;
	for (int i = 0; i < 2; i++)
		bad |= waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st) || WEXITSTATUS(st);
	_exit(bad);
}

static int case_ready(void)
{
	seen s;
	pid_t pid, kids[2];
	int rc = run_default(child_two_spinners, kids, &s, &pid);
	if (rc)
		return rc;
	uint64_t ready = 0;
	int preempted = 0;
	/* the grandchildren's tids come from the fork records */
	for (int i = 0; i < s.n; i++) {
		if (s.v[i].kind == SCHED_REC_FORK && s.v[i].ppid == pid)
			ready += ns_of(&s, s.v[i].tid, SCHED_READY);
		if (s.v[i].kind == SCHED_REC_SWITCH_OUT && s.v[i].preempted && s.v[i].pid != pid)
			preempted++;
	}
	CHECK(ready >= 50 * MS);
	CHECK(preempted >= 1);
	CHECK_INT(count(&s, SCHED_REC_FORK, -1), 2);
	seen_free(&s);
	return 0;
}

/* A grandchild made after the open is covered (inherit): its fork, switches and exit arrive. */
static void child_fork(void *arg)
{
	pid_t g = fork();
	if (g == 0) {
		nap(10);
		_exit(0);
	}
	int st;
	_exit(waitpid(g, &st, 0) == g && WIFEXITED(st) ? 0 : 1);
}

static int case_fork(void)
{
	seen s;
	pid_t pid, g = -1;
	int rc = run_default(child_fork, NULL, &s, &pid);
	if (rc)
		return rc;
	for (int i = 0; i < s.n; i++)
		if (s.v[i].kind == SCHED_REC_FORK && s.v[i].ppid == pid)
			g = s.v[i].tid;
	CHECK(g > 0 && g != pid);
	CHECK(count(&s, SCHED_REC_SWITCH_IN, g) >= 2);
	CHECK(count(&s, SCHED_REC_SWITCH_OUT, g) >= 1);
	CHECK_INT(count(&s, SCHED_REC_EXIT, g), 1);
	CHECK(longest_of(&s, g, SCHED_ASLEEP) >= 8 * MS);
	seen_free(&s);
	return 0;
}

/* The events survive exec: the new program's comm record says exec, and its sleep is seen. */
static void child_exec(void *arg)
{
	execl(arg, "test_sched_live", "exec-target", (char *)NULL);
	_exit(127);
}

static int case_exec(void)
{
	seen s;
	pid_t pid;
	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len <= 0)
		return 1;
	self[len] = 0;
	int rc = run_default(child_exec, self, &s, &pid);
	if (rc)
		return rc;
	uint64_t exec_at = 0;
	for (int i = 0; i < s.n; i++)
		if (s.v[i].kind == SCHED_REC_COMM && s.v[i].exec && s.v[i].pid == pid) {
			exec_at = s.v[i].time;
			CHECK_STR(s.comm[i], "test_sched_live");
		}
	CHECK(exec_at > 0);
	int after = 0;
	for (int i = 0; i < s.n; i++)
		after += s.v[i].kind == SCHED_REC_SWITCH_IN && s.v[i].tid == pid && s.v[i].time > exec_at;
	CHECK(after >= 1);
	CHECK(longest_of(&s, pid, SCHED_ASLEEP) >= 16 * MS);
	seen_free(&s);
	return 0;
}

/* Attach: a thread that existed before the open is not covered by inherit; sched_add_task
 * covers it, its records going to the same rings. */
struct threads_arg { int tid_pipe[2], wake[2]; };

static void *thread_main(void *arg)
{
	struct threads_arg *a = arg;
	pid_t tid = (pid_t)syscall(SYS_gettid);
	(void)!write(a->tid_pipe[1], &tid, sizeof tid);
	read1(a->wake[0]);
	nap(10);
	return NULL;
}

static int case_threads(void)
{
	struct threads_arg a;
	char err[512];
	sched *both = NULL, *leader_only = NULL;
	sched_opts o = SCHED_OPTS_INIT;
	seen s1, s2;
	int st, rc = 0;
	memset(&s1, 0, sizeof s1);
	memset(&s2, 0, sizeof s2);
	sched_runs_opts ro = SCHED_RUNS_OPTS_INIT;
	if (pipe(a.tid_pipe) < 0 || pipe(a.wake) < 0 || sched_runs_new(&s1.runs, &ro) < 0 ||
	    sched_runs_new(&s2.runs, &ro) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t th;
		if (pthread_create(&th, NULL, thread_main, &a) != 0)
			_exit(2);
		pthread_join(th, NULL);
		_exit(0);
	}
	pid_t tid = 0;
	CHECK(read(a.tid_pipe[0], &tid, sizeof tid) == sizeof tid);
	if ((rc = sched_new(&both, pid, &o, err, sizeof err)) < 0 ||
	    (rc = sched_add_task(both, tid, err, sizeof err)) < 0 ||
	    (rc = sched_new(&leader_only, pid, &o, err, sizeof err)) < 0) {
		fprintf(stderr, "%s\n", err);
		rc = rc == -EACCES || rc == -EPERM ? SKIP : 1;
		write1(a.wake[1]);
		waitpid(pid, &st, 0);
		goto out;
	}
	write1(a.wake[1]);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_INT(sched_flush(both, seen_rec, &s1), 0);
	CHECK_INT(sched_flush(leader_only, seen_rec, &s2), 0);
	CHECK(count(&s1, SCHED_REC_SWITCH_IN, tid) >= 1);
	CHECK(count(&s1, SCHED_REC_SWITCH_OUT, tid) >= 1);
	CHECK_INT(count(&s1, SCHED_REC_EXIT, tid), 1);
	CHECK_INT(count(&s2, SCHED_REC_SWITCH_IN, tid), 0);
	CHECK(count(&s2, SCHED_REC_EXIT, pid) == 1);
out:
	sched_free(both);
	sched_free(leader_only);
	seen_free(&s1);
	seen_free(&s2);
	return rc;
}

/* A one-page ring that is not drained overflows: the loss is reported, the builder marks the
 * time unknown, and the records before and after it still arrive. */
static void child_many_sleeps(void *arg)
{
	for (int i = 0; i < 2000; i++) {
		struct timespec t = { 0, 1000 };
		nanosleep(&t, NULL);
	}
}

static int case_lost(void)
{
	seen s;
	pid_t pid;
	sched_opts o = SCHED_OPTS_INIT;
	o.ring_pages = 1;
	int rc = run(child_many_sleeps, NULL, &o, &s, &pid);
	if (rc)
		return rc;
	uint64_t lost = 0;
	for (int i = 0; i < s.n; i++)
		if (s.v[i].kind == SCHED_REC_LOST) {
			lost += s.v[i].lost;
			CHECK(s.v[i].since <= s.v[i].time);
		}
	CHECK(lost > 0);
	CHECK(count(&s, SCHED_REC_LOST, -1) >= 1);
	CHECK(ns_of(&s, pid, SCHED_UNKNOWN) > 0);
	seen_free(&s);
	return 0;
}

/* Under ptrace, every stop is a switch-out without PREEMPT; marking each stop at waitpid's
 * return turns exactly those intervals into T, and the real 100 ms sleep stays S. */
static int case_traced(void)
{
	char err[512];
	sched *sc = NULL;
	sched_opts o = SCHED_OPTS_INIT;
	sched_runs_opts ro = SCHED_RUNS_OPTS_INIT;
	int go = -1, st, stops = 0;
	seen s;
	memset(&s, 0, sizeof s);
	ro.coalesce_ns = 0;
	if (sched_runs_new(&s.runs, &ro) < 0)
		return 1;
	pid_t pid = spawn(child_sleep, NULL, &go);
	if (pid < 0 || ptrace(PTRACE_SEIZE, pid, NULL,
	                      (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) < 0)
		return 1;
	uint64_t t_open = now_ns();
	if (sched_new(&sc, pid, &o, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		seen_free(&s);
		return SKIP;
	}
	sched_runs_begin(s.runs, pid, pid, t_open, SCHED_ASLEEP);
	/* stop it in its read of the go pipe, let it go, then stop at every system call */
	CHECK(ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) == 0);
	write1(go);
	for (;;) {
		if (waitpid(pid, &st, __WALL) != pid || WIFEXITED(st) || WIFSIGNALED(st))
			break;
		sched_runs_tracer_stop(s.runs, pid, now_ns());
		stops++;
		int sig = WSTOPSIG(st);
		/* a signal-delivery-stop passes its signal on; the others (syscall, event) do not */
		bool deliver = (st >> 16) == 0 && sig != (SIGTRAP | 0x80) && sig != SIGTRAP;
		if (ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)(deliver ? sig : 0)) < 0)
			break;
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_INT(sched_flush(sc, seen_rec, &s), 0);
	sched_runs_finish(s.runs, now_ns());
	CHECK_INT(sched_runs_take(s.runs, seen_batch, &s), 0);
	fprintf(stderr, "%d ptrace stops\n", stops);
	CHECK(stops >= 4);
	CHECK_INT(segs_of(&s, pid, SCHED_TRACED), stops);
	CHECK(longest_of(&s, pid, SCHED_ASLEEP) >= 80 * MS);
	CHECK(longest_of(&s, pid, SCHED_TRACED) < 80 * MS);
	sched_free(sc);
	seen_free(&s);
	close(go);
	return 0;
}

/* A refusal says why and what to do. */
static int case_refuse(void)
{
	char err[512];
	sched *sc = (sched *)&err;  /* must come back NULL */
	sched_opts o = SCHED_OPTS_INIT;
	o.refuse_errno = EACCES;
	CHECK_INT(sched_new(&sc, getpid(), &o, err, sizeof err), -EACCES);
	CHECK(sc == NULL);
	CHECK(strstr(err, "perf_event_open: Permission denied"));
	CHECK(strstr(err, "kernel.perf_event_paranoid"));
	CHECK(strstr(err, "root"));
	o.refuse_errno = 0;
	o.ring_pages = 3;
	CHECK_INT(sched_new(&sc, getpid(), &o, err, sizeof err), -EINVAL);
	CHECK(strstr(err, "power of two"));
	return 0;
}

/* As an unprivileged user: a process of one's own is allowed (paranoid <= 2), a root-owned one
 * is refused with EACCES and a reason. Needs root to become nobody. */
static int case_nobody(void)
{
	int go = -1, st, res[2];
	if (geteuid() != 0)
		return SKIP;
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int paranoid = 99;
	if (f && fscanf(f, "%d", &paranoid) != 1)
		paranoid = 99;
	if (f)
		fclose(f);
	pid_t root_child = spawn(child_sleep, NULL, &go);
	if (pipe(res) < 0)
		return 1;
	pid_t helper = fork();
	if (helper == 0) {
		char err[512], msg[600];
		sched *sc = NULL;
		sched_opts o = SCHED_OPTS_INIT;
		int own_go = -1, rc_own = 0;
		/* nobody's own processes are dumpable, as a user's are (setuid cleared it here) */
		if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0 ||
		    prctl(PR_SET_DUMPABLE, 1) < 0)
			_exit(2);
		pid_t own = spawn(child_sleep, NULL, &own_go);
		if (paranoid <= 2) {
			rc_own = sched_new(&sc, own, &o, err, sizeof err);
			sched_free(sc);
		}
		kill(own, SIGKILL);
		int rc = sched_new(&sc, root_child, &o, err, sizeof err);
		snprintf(msg, sizeof msg, "%d %d %s", rc_own, rc, err);
		(void)!write(res[1], msg, strlen(msg) + 1);
		_exit(0);
	}
	close(res[1]);
	char msg[600] = "";
	CHECK(read(res[0], msg, sizeof msg - 1) > 0);
	int rc_own = 1, rc = 1, off = 0;
	CHECK(sscanf(msg, "%d %d %n", &rc_own, &rc, &off) == 2);
	CHECK_INT(rc_own, 0);
	CHECK_INT(rc, -EACCES);
	CHECK(strstr(msg + off, "not allowed to watch pid"));
	CHECK(strstr(msg + off, "sysctl kernel.perf_event_paranoid=2"));
	waitpid(helper, &st, 0);
	close(go);   /* the root-owned child reads EOF and exits */
	waitpid(root_child, &st, 0);
	return 0;
}

/* A child blocked in read() on a pipe: the kernel says so without stopping it. */
struct blocked_arg { int rd, ready; };

static void child_blocked(void *arg)
{
	struct blocked_arg *a = arg;
	write1(a->ready);
	read1(a->rd);
}

static int case_blocked(void)
{
	int data[2], ready[2], go = -1, st;
	struct stat sb;
	if (pipe(data) < 0 || pipe(ready) < 0 || fstat(data[0], &sb) < 0)
		return 1;
	struct blocked_arg a = { data[0], ready[1] };
	pid_t pid = spawn(child_blocked, &a, &go);
	if (pid < 0)
		return 1;
	write1(go);
	read1(ready[0]);
	/* after its handshake the child's next call is the read: wait for the kernel to say so */
	sched_blocked b;
	char err[256];
	uint64_t deadline = now_ns() + 20000ull * MS;
	int rc;
	while ((rc = sched_blocked_read(pid, pid, &b, err, sizeof err)) == 0 &&
	       (b.running || b.nr != SYS_read) && now_ns() < deadline)
		sched_yield();
	CHECK_INT(rc, 0);
	CHECK(!b.running);
	CHECK_INT(b.nr, SYS_read);
	CHECK_INT(b.args[0], data[0]);
	CHECK(b.wchan[0] != 0);
	char link[64], want[64];
	CHECK_INT(sched_blocked_fd(pid, (int)b.args[0], link, sizeof link), 0);
	snprintf(want, sizeof want, "pipe:[%lu]", (unsigned long)sb.st_ino);
	CHECK_STR(link, want);
	fprintf(stderr, "blocked in syscall %ld (fd %llu, %s), wchan %s\n", b.nr,
	        (unsigned long long)b.args[0], link, b.wchan);
	write1(data[1]);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_INT(sched_blocked_read(pid, pid, &b, err, sizeof err), -ESRCH);
	CHECK(strstr(err, "no such thread"));
	return 0;
}

/* When every covered task has exited, every ring's fd reports POLLHUP, even when a grandchild
 * outlived the child; records can still be read. */
static int case_hup(void)
{
	char err[512];
	sched *sc = NULL;
	sched_opts o = SCHED_OPTS_INIT;
	int go = -1, st, n;
	seen s;
	memset(&s, 0, sizeof s);
	sched_runs_opts ro = SCHED_RUNS_OPTS_INIT;
	if (sched_runs_new(&s.runs, &ro) < 0)
		return 1;
	pid_t pid = spawn(child_fork, NULL, &go);
	int rc = sched_new(&sc, pid, &o, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		seen_free(&s);
		return SKIP;
	}
	write1(go);
	CHECK(waitpid(pid, &st, 0) == pid);
	const int *fds = sched_fds(sc, &n);
	struct pollfd pf[256];
	for (int i = 0; i < n && i < 256; i++)
		pf[i] = (struct pollfd){ fds[i], POLLIN, 0 };
	int hup = 0;
	uint64_t deadline = now_ns() + 20000ull * MS;
	while (hup < n && now_ns() < deadline) {
		CHECK(poll(pf, (nfds_t)n, 1000) >= 0);
		hup = 0;
		for (int i = 0; i < n; i++)
			hup += (pf[i].revents & POLLHUP) != 0;
	}
	CHECK_INT(hup, n);
	CHECK_INT(sched_flush(sc, seen_rec, &s), 0);
	CHECK_INT(count(&s, SCHED_REC_EXIT, -1), 2);
	sched_free(sc);
	seen_free(&s);
	return 0;
}

/* The driver runs a program and prints its statistics. */
static int case_stat(const char *driver)
{
	char cmd[1024], out[8192] = "";
	if (!driver)
		return 1;
	snprintf(cmd, sizeof cmd, "%s -- /bin/sh -c 'sleep 0.1; true' 2>&1", driver);
	FILE *p = popen(cmd, "r");
	size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
	int st = p ? pclose(p) : -1;
	out[n] = 0;
	if (strstr(out, "perf_event_open"))
		return SKIP;
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(strstr(out, "switch records"));
	CHECK(strstr(out, "lost records: 0"));
	long sw = 0;
	const char *at = strstr(out, "switch records: ");
	if (at)
		sw = strtol(at + strlen("switch records: "), NULL, 10);
	CHECK(sw >= 4);
	fputs(out, stderr);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(void); } cases[] = {
		{ "sleep", case_sleep }, { "spin", case_spin }, { "ready", case_ready },
		{ "fork", case_fork }, { "exec", case_exec }, { "threads", case_threads },
		{ "lost", case_lost }, { "traced", case_traced }, { "refuse", case_refuse }, { "nobody", case_nobody },
		{ "blocked", case_blocked }, { "hup", case_hup },
	};
	if (argc >= 2 && strcmp(argv[1], "exec-target") == 0) {
		nap(20);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: test_sched_live CASE [SCHED_STAT]\n");
		return 2;
	}
	int rc = -1;
	if (strcmp(argv[1], "stat") == 0)
		rc = case_stat(argc > 2 ? argv[2] : NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(argv[1], cases[i].name) == 0)
			rc = cases[i].fn();
	if (rc == -1) {
		fprintf(stderr, "test_sched_live: %s: no such case\n", argv[1]);
		return 2;
	}
	if (rc == SKIP) {
		fprintf(stderr, "skipped: perf events refused here\n");
		return SKIP;
	}
	return rc ? rc : check_done(argv[0]);
}
