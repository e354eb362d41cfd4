/* tests/sched/test_sched_live.c — real context-switch records of child processes.
 *
 * `test_sched_live CASE`. Each case runs a child under the events (live.c) and asserts facts
 * with wide margins: a 100 ms sleep is asleep >= 80 ms, 50 ms of CPU is >= 40 ms on a CPU, and
 * so on. Orderings come from pipes, never from sleeps. Exit status 77: perf events refused here.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "live.h"

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

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(void); } cases[] = {
		{ "sleep", case_sleep }, { "spin", case_spin }, { "ready", case_ready },
		{ "fork", case_fork }, { "exec", case_exec }, { "threads", case_threads },
		{ "lost", case_lost }, { "traced", case_traced }, { "hup", case_hup },
	};
	if (argc >= 2 && strcmp(argv[1], "exec-target") == 0) {
		nap(20);
		return 0;
	}
	for (size_t i = 0; argc >= 2 && i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(argv[1], cases[i].name) != 0)
			continue;
		int rc = cases[i].fn();
		if (rc == SKIP)
			fprintf(stderr, "skipped: perf events refused here\n");
		return rc ? rc : check_done(argv[0]);
	}
	fprintf(stderr, "usage: test_sched_live sleep|spin|ready|fork|exec|threads|lost|traced|hup\n");
	return 2;
}
