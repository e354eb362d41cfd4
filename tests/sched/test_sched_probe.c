/* tests/sched/test_sched_probe.c — what the module says when perf is refused, what a sleeping
 * thread is blocked in, and the measuring driver.
 *
 * `test_sched_probe CASE [SCHED_STAT]`. Exit status 77: skipped (perf refused here, or not root
 * for the case that needs to become another user).
 */
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "live.h"
#include "sched_blocked.h"

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
	int rc = -1;
	if (argc < 2) {
		fprintf(stderr, "usage: test_sched_probe refuse|nobody|blocked|stat [SCHED_STAT]\n");
		return 2;
	}
	if (strcmp(argv[1], "refuse") == 0)
		rc = case_refuse();
	else if (strcmp(argv[1], "nobody") == 0)
		rc = case_nobody();
	else if (strcmp(argv[1], "blocked") == 0)
		rc = case_blocked();
	else if (strcmp(argv[1], "stat") == 0)
		rc = case_stat(argc > 2 ? argv[2] : NULL);
	if (rc == -1) {
		fprintf(stderr, "test_sched_probe: %s: no such case\n", argv[1]);
		return 2;
	}
	if (rc == SKIP)
		fprintf(stderr, "skipped\n");
	return rc ? rc : check_done(argv[0]);
}
