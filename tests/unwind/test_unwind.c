/* tests/unwind/test_unwind.c — the unwinder on real ptrace-stopped processes.
 *
 * `test_unwind stack|stripped|replaced|fork|thread|jit|vanished|cost|u64map`. Each case starts unwind_target (or its
 * stripped copy) under PTRACE_TRACEME, lets it run to its own raise(SIGSTOP) in level3 and
 * captures the stack at that signal-delivery-stop, as the tracer would at a recorded stop.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "unwind.h"
#include "unwind_int.h"

enum { MAXF = 64 };

/* Start path (with argument mode, may be NULL) traced and wait until it stops itself in level3.
 * With fork_child, the target forks first (traced too) and *fork_child gets the child, stopped in
 * level3 as well. Returns the pid or -1. Each waitpid names the process it expects, so the order of stops is fixed. */
static pid_t target_start2(const char *path, const char *mode, pid_t *fork_child)
{
	int st = 0;
	unsigned long msg = 0;
	pid_t child = -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl(path, path, mode, (char *)NULL);
		_exit(127);
	}
	/* first stop: the SIGTRAP after exec; then run to raise(SIGSTOP) */
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP)
		goto fail;
	long opts = PTRACE_O_EXITKILL | (fork_child ? PTRACE_O_TRACEFORK : 0);
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)opts) < 0 || ptrace(PTRACE_CONT, pid, NULL, NULL) < 0)
		goto fail;
	if (fork_child) {
		if (waitpid(pid, &st, 0) != pid || st >> 8 != (SIGTRAP | PTRACE_EVENT_FORK << 8) ||
		    ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg) < 0)
			goto fail;
		child = (pid_t)msg;
		ptrace(PTRACE_CONT, pid, NULL, NULL);
		/* an auto-attached (non-seized) child starts with a SIGSTOP of its own */
		if (waitpid(child, &st, __WALL) != child || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP ||
		    ptrace(PTRACE_CONT, child, NULL, NULL) < 0)
			goto fail;
		if (waitpid(child, &st, __WALL) != child || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
			goto fail;
		*fork_child = child;
	}
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
		goto fail;
	return pid;
fail:
	fprintf(stderr, "%s did not reach its SIGSTOP (status 0x%x)\n", path, st);
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, __WALL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static pid_t target_start(const char *path)
{
	return target_start2(path, NULL, NULL);
}

static void target_kill(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, __WALL);
}

/* The line of unwind_target.c carrying the marker comment; 0 if not exactly one. */
static int marker_line(void)
{
	char buf[512];
	int line = 0, found = 0, count = 0;
	FILE *f = fopen(UNWIND_TARGET_SRC, "r");
	if (!f)
		return 0;
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		if (strstr(buf, "/* UNWIND_MARK */")) {
			found = line;
			count++;
		}
	}
	fclose(f);
	return count == 1 ? found : 0;
}

static int find_fn(const ptv_unwind_frame *f, int n, const char *fn)
{
	for (int i = 0; i < n; i++)
		if (f[i].fn && strcmp(f[i].fn, fn) == 0)
			return i;
	return -1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = s ? strlen(s) : 0, b = strlen(suffix);
	return s && a >= b && strcmp(s + a - b, suffix) == 0;
}

static void dump(const ptv_unwind_frame *f, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(stderr, "  #%d 0x%llx %s+0x%llx (%s+0x%llx) %s:%d\n", i, (unsigned long long)f[i].pc,
		        f[i].fn ? f[i].fn : "?", (unsigned long long)f[i].off, f[i].obj ? f[i].obj : "?",
		        (unsigned long long)f[i].obj_off, f[i].file ? f[i].file : "?", f[i].line);
}

/* The debug build names level3..main in order, with level3 at the marker line; the frames
 * inside raise() are libc's. */
static void test_stack(ptv_unwinder *u)
{
	ptv_unwind_frame f[MAXF];
	char err[256] = "";
	pid_t pid = target_start(UNWIND_TARGET);
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	int n = ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err));
	CHECK(n > 0);
	if (n <= 0)
		fprintf(stderr, "capture: %s\n", err);
	dump(f, n);
	int i3 = find_fn(f, n, "level3"), i2 = find_fn(f, n, "level2");
	int i1 = find_fn(f, n, "level1"), im = find_fn(f, n, "main");
	CHECK(i3 > 0); /* raise's own frames come first */
	CHECK_INT(i2, i3 + 1);
	CHECK_INT(i1, i3 + 2);
	CHECK_INT(im, i3 + 3);
	if (i3 > 0) {
		CHECK(ends_with(f[i3].file, "unwind_target.c"));
		CHECK(marker_line() > 0);
		CHECK_INT(f[i3].line, marker_line());
		CHECK(ends_with(f[i3].obj, "/unwind_target"));
		CHECK(f[i3].off > 0);
		for (int i = 0; i < i3; i++)
			CHECK(f[i].obj && strstr(f[i].obj, "libc"));
	}
	if (im > 0 && im + 1 < n)
		CHECK(f[im + 1].obj && strstr(f[im + 1].obj, "libc")); /* __libc_start_call_main */
	/* the same stop again: everything comes from the caches and must not change */
	ptv_unwind_frame g[MAXF];
	int n2 = ptv_unwind_capture(u, pid, pid, g, MAXF, err, sizeof(err));
	CHECK_INT(n2, n);
	for (int i = 0; i < n && i < n2; i++) {
		CHECK(g[i].pc == f[i].pc);
		CHECK(g[i].fn == f[i].fn && g[i].line == f[i].line);
	}
	/* forgetting the process (what the tracer does on exec) rebuilds the same stack */
	ptv_unwinder_forget(u, pid);
	ptv_unwinder_maps_changed(u, pid); /* unknown pid: a no-op */
	n2 = ptv_unwind_capture(u, pid, pid, g, MAXF, err, sizeof(err));
	CHECK_INT(n2, n);
	CHECK(n2 > 0 && g[n2 - 1].pc == f[n - 1].pc);
	target_kill(pid);
}

/* A stripped program still unwinds (.eh_frame survives strip): its frames name the object and
 * an offset but no function or line. */
static void test_stripped(ptv_unwinder *u)
{
	ptv_unwind_frame f[MAXF];
	char err[256] = "";
	pid_t pid = target_start(UNWIND_STRIPPED);
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	int n = ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err));
	CHECK(n > 0);
	dump(f, n);
	int own = 0, first_own = -1;
	for (int i = 0; i < n; i++) {
		if (!ends_with(f[i].obj, "/unwind_target_stripped"))
			continue;
		if (first_own < 0)
			first_own = i;
		own++;
		CHECK(f[i].obj_off > 0);
		CHECK(f[i].file == NULL);
		CHECK_INT(f[i].line, 0);
		CHECK(f[i].fn == NULL);
	}
	CHECK(own >= 4); /* level3, level2, level1, main (and _start) */
	CHECK(first_own > 0 && f[0].obj && strstr(f[0].obj, "libc"));
	target_kill(pid);
}

/* Copy file from to to, rewriting to in place (same inode) if it exists. 0 or -1. */
static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t r = 0;
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	while (in >= 0 && out >= 0 && (r = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)r) != r)
			r = -1;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return in >= 0 && out >= 0 && r == 0 ? 0 : -1;
}

/* A program file rewritten in place keeps its (dev, inode), as does a new file that gets a
 * deleted one's inode number: the caches must not hand out the old file's symbols. */
static void test_replaced(ptv_unwinder *u)
{
	ptv_unwind_frame f[MAXF];
	char err[256] = "", dir[] = "/tmp/ptviz-unwind-XXXXXX", path[64];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/prog", dir);
	CHECK(copy_file(UNWIND_TARGET, path) == 0);
	pid_t pid = target_start(path);
	CHECK(pid > 0);
	int n = pid > 0 ? ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)) : -1;
	CHECK(find_fn(f, n, "level3") > 0);
	if (pid > 0)
		target_kill(pid);
	/* now the same inode holds the stripped build (another size, another mtime) */
	CHECK(copy_file(UNWIND_STRIPPED, path) == 0);
	pid = target_start(path);
	CHECK(pid > 0);
	n = pid > 0 ? ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)) : -1;
	dump(f, n);
	CHECK(n > 4);
	CHECK(find_fn(f, n, "level3") < 0 && find_fn(f, n, "main") < 0);
	if (pid > 0)
		target_kill(pid);
	unlink(path);
	rmdir(dir);
}

/* A fork child runs the same code at the same addresses: it unwinds like its parent and shares
 * the parent's libunwind address space (one layout) until it execs, whether the unwinder finds
 * that out from the child's maps or is told with ptv_unwinder_fork. */
static void test_fork(ptv_unwinder *u)
{
	ptv_unwind_frame f[MAXF], g[MAXF];
	char err[256] = "";
	pid_t child = -1;
	pid_t pid = target_start2(UNWIND_TARGET, "fork", &child);
	CHECK(pid > 0 && child > 0);
	if (pid <= 0)
		return;
	int n = ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err));
	int m = ptv_unwind_capture(u, child, child, g, MAXF, err, sizeof(err));
	dump(g, m);
	CHECK(n > 0);
	CHECK_INT(m, n);
	int i3 = find_fn(g, m, "level3");
	CHECK(i3 > 0 && find_fn(g, m, "main") == i3 + 3);
	if (i3 > 0)
		CHECK_INT(g[i3].line, marker_line());
	for (int i = 0; i < n && i < m; i++)
		CHECK(f[i].pc == g[i].pc); /* same code, same addresses, same call chain */
	ptv_unwind_stats st;
	ptv_unwinder_stats(u, &st);
	CHECK_INT(st.layouts, 1);
	CHECK_INT(st.sym_misses, n); /* the child's frames were all symbol-cache hits */
	/* told about the fork, the unwinder copies the parent's maps instead of reading the child's */
	ptv_unwinder_forget(u, child);
	ptv_unwinder_fork(u, pid, child);
	ptv_unwind_stats st2;
	CHECK_INT(ptv_unwind_capture(u, child, child, g, MAXF, err, sizeof(err)), n);
	ptv_unwinder_stats(u, &st2);
	CHECK_INT(st2.maps_reads, st.maps_reads);
	CHECK(n > 0 && g[n - 1].pc == f[n - 1].pc && g[0].obj == f[0].obj);
	CHECK_INT(st2.layouts, 1);
	/* the parent forgets (as on exec): the child keeps the layout */
	ptv_unwinder_forget(u, pid);
	CHECK_INT(ptv_unwind_capture(u, child, child, g, MAXF, err, sizeof(err)), n);
	ptv_unwinder_stats(u, &st);
	CHECK_INT(st.layouts, 1);
	ptv_unwinder_forget(u, child);
	ptv_unwinder_stats(u, &st);
	CHECK_INT(st.layouts, 0);
	target_kill(child);
	target_kill(pid);
}

/* A thread that is not the leader: registers of the tid, memory and maps of the process. */
static void test_thread(ptv_unwinder *u)
{
	ptv_unwind_frame f[MAXF];
	char err[256] = "";
	int st = 0;
	unsigned long msg = 0;
	pid_t tid = -1;
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl(UNWIND_TARGET, UNWIND_TARGET, "thread", (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	/* exec trap; then the clone event; the new thread's attach stop; its raise(SIGSTOP) */
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)(PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	CHECK(waitpid(pid, &st, 0) == pid && st >> 8 == (SIGTRAP | PTRACE_EVENT_CLONE << 8));
	ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg);
	tid = (pid_t)msg;
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	CHECK(waitpid(tid, &st, __WALL) == tid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	ptrace(PTRACE_CONT, tid, NULL, NULL);
	CHECK(waitpid(tid, &st, __WALL) == tid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	int n = ptv_unwind_capture(u, pid, tid, f, MAXF, err, sizeof(err));
	dump(f, n);
	int i3 = find_fn(f, n, "level3");
	CHECK(i3 > 0 && find_fn(f, n, "level1") == i3 + 2);
	CHECK(i3 > 0 && f[i3].line == marker_line());
	CHECK(find_fn(f, n, "thread_main") == i3 + 3);
	CHECK(find_fn(f, n, "main") < 0); /* a thread's stack ends in start_thread/clone3 */
	CHECK(n > 0 && f[n - 1].obj && strstr(f[n - 1].obj, "libc"));
	kill(pid, SIGKILL);
	waitpid(tid, NULL, __WALL); /* a traced thread is reaped by its tracer before its leader */
	waitpid(pid, NULL, __WALL);
}

/* Code in anonymous executable memory (JIT) has no object, no unwind tables and no symbols: its
 * frame is a bare pc, and the frame-pointer chain carries the walk on to level2..main. The stub
 * is mapped after a first capture and nobody calls ptv_unwinder_maps_changed (the seccomp filter
 * does not trap private mmaps): the unwinder must notice the new mapping by itself. */
static void test_jit(ptv_unwinder *u)
{
	ptv_unwind_frame f[MAXF];
	char err[256] = "";
	int st = 0;
	ptv_unwind_stats s0, s1;
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl(UNWIND_TARGET, UNWIND_TARGET, "jit", (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_EXITKILL);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK(ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)) > 0); /* in main */
	ptv_unwinder_stats(u, &s0);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	int n = ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err));
	ptv_unwinder_stats(u, &s1);
	dump(f, n);
	int i3 = find_fn(f, n, "level3");
	CHECK(i3 > 0);
	if (i3 > 0 && i3 + 1 < n) {
		CHECK(f[i3 + 1].pc != 0);
		CHECK(f[i3 + 1].obj == NULL && f[i3 + 1].fn == NULL && f[i3 + 1].file == NULL);
	}
	CHECK(i3 > 0 && find_fn(f, n, "level2") == i3 + 2);
	CHECK(i3 > 0 && find_fn(f, n, "main") == i3 + 4);
	CHECK_INT(s1.maps_reads, s0.maps_reads + 1); /* re-read once, on the stub's pc */
	CHECK_INT(s1.layouts, 1);                    /* moved to the new layout, old one freed */
	target_kill(pid);
}

/* A process that is dying (a zombie) or gone (reaped) gives -1 and a reason, cached or not. */
static void test_vanished(ptv_unwinder *u)
{
	ptv_unwind_frame f[MAXF];
	char err[256];
	pid_t pid = target_start(UNWIND_TARGET);
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	CHECK(ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)) > 0);
	/* dead but not reaped: a zombie has no registers to read and no mappings */
	siginfo_t si;
	kill(pid, SIGKILL);
	CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == 0);
	err[0] = '\0';
	CHECK_INT(ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)), -1);
	CHECK(err[0] != '\0');
	fprintf(stderr, "zombie: %s\n", err);
	ptv_unwinder_maps_changed(u, pid);
	err[0] = '\0';
	CHECK_INT(ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)), -1);
	CHECK(err[0] != '\0');
	fprintf(stderr, "zombie, maps re-read: %s\n", err);
	target_kill(pid); /* reaps it */
	err[0] = '\0';
	CHECK_INT(ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)), -1); /* maps cached */
	CHECK(err[0] != '\0');
	fprintf(stderr, "cached: %s\n", err);
	ptv_unwinder_forget(u, pid);
	err[0] = '\0';
	CHECK_INT(ptv_unwind_capture(u, pid, pid, f, MAXF, err, sizeof(err)), -1); /* cold */
	CHECK(err[0] != '\0');
	fprintf(stderr, "cold: %s\n", err);
	/* a live process the caller does not trace is not stopped: refused, not walked */
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	err[0] = '\0';
	CHECK_INT(ptv_unwind_capture(u, child, child, f, MAXF, err, sizeof(err)), -1);
	CHECK(err[0] != '\0');
	fprintf(stderr, "untraced: %s\n", err);
	target_kill(child);
	ptv_unwinder_forget(u, child);
}

/* CPU time of this process in µs: unlike wall time, it does not count the waits of a loaded
 * machine, and every cost of a capture (syscalls included) is charged to the caller. */
static double cpu_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Print the CPU cost per stack: warm caches, a new process (per-process caches cold, objects and
 * symbols warm: what an exec costs), a fork child (told with ptv_unwinder_fork), and a new
 * unwinder (everything cold, libdw loads libc's debug info). Printed, not asserted. */
static void test_cost(ptv_unwinder *u)
{
	enum { WARM = 2000, NEWPROC = 500, COLD = 10 };
	ptv_unwind_frame f[MAXF];
	char err[256];
	pid_t child = -1;
	pid_t pid = target_start2(UNWIND_TARGET, "fork", &child);
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	double t0 = cpu_us();
	int n = ptv_unwind_capture(u, pid, pid, f, 16, err, sizeof(err));
	double first = cpu_us() - t0;
	CHECK(n > 0);
	t0 = cpu_us();
	for (int i = 0; i < WARM; i++)
		CHECK(ptv_unwind_capture(u, pid, pid, f, 16, err, sizeof(err)) == n);
	double warm = (cpu_us() - t0) / WARM;
	t0 = cpu_us();
	for (int i = 0; i < NEWPROC; i++) {
		ptv_unwinder_forget(u, child);
		ptv_unwinder_fork(u, pid, child);
		CHECK(ptv_unwind_capture(u, child, child, f, 16, err, sizeof(err)) == n);
	}
	double forked = (cpu_us() - t0) / NEWPROC;
	ptv_unwinder_forget(u, child);
	t0 = cpu_us();
	for (int i = 0; i < NEWPROC; i++) {
		ptv_unwinder_forget(u, pid);
		CHECK(ptv_unwind_capture(u, pid, pid, f, 16, err, sizeof(err)) == n);
	}
	double newproc = (cpu_us() - t0) / NEWPROC;
	t0 = cpu_us();
	for (int i = 0; i < COLD; i++) {
		ptv_unwinder *c = NULL;
		CHECK(ptv_unwinder_new(&c, err, sizeof(err)) == 0);
		CHECK(ptv_unwind_capture(c, pid, pid, f, 16, err, sizeof(err)) == n);
		ptv_unwinder_free(c);
	}
	double cold = (cpu_us() - t0) / COLD;
	ptv_unwind_stats st;
	ptv_unwinder_stats(u, &st);
	printf("CPU per capture of a %d-frame stack: first %.0f us, warm %.1f us, fork child %.1f us, "
	       "new process %.1f us, new unwinder %.0f us\n", n, first, warm, forked, newproc, cold);
	printf("stats: %ld captures, %ld maps reads, %ld memory reads, %ld objects, "
	       "%ld symbol lookups (%ld via libdw)\n", st.captures, st.maps_reads, st.mem_reads,
	       st.objects, st.sym_lookups, st.sym_misses);
	/* neither the warm loop nor the fork children re-read maps or re-resolved symbols */
	CHECK(st.maps_reads == 1 + NEWPROC);
	CHECK(st.sym_misses == n);
	target_kill(child);
	target_kill(pid);
}

/* u64map against a plain array: inserts, overwrites and deletes that exercise probe runs. */
static void test_u64map(void)
{
	enum { N = 5000 };
	static int present[N];
	static int vals[N];
	u64map m = { 0 };
	unsigned seed = 12345;
	for (int round = 0; round < 200000; round++) {
		seed = seed * 1103515245u + 12345u;
		int k = (int)((seed >> 8) % N);
		if ((seed >> 4) & 1) {
			CHECK(u64map_put(&m, (uint64_t)k * 4096, &vals[k]) == 0);
			present[k] = 1;
		} else {
			void *v = u64map_del(&m, (uint64_t)k * 4096);
			CHECK(v == (present[k] ? &vals[k] : NULL));
			present[k] = 0;
		}
	}
	size_t count = 0;
	for (int k = 0; k < N; k++) {
		count += present[k];
		if (u64map_get(&m, (uint64_t)k * 4096) != (present[k] ? &vals[k] : NULL)) {
			CHECK(!"u64map_get disagrees with the reference");
			break;
		}
	}
	CHECK_INT(m.len, count);
	u64map_free(&m);
}

int main(int argc, char **argv)
{
	ptv_unwinder *u = NULL;
	char err[256];
	const char *which = argc > 1 ? argv[1] : "";
	if (strcmp(which, "u64map") == 0) {
		test_u64map();
		return check_done(which);
	}
	if (ptv_unwinder_new(&u, err, sizeof(err)) < 0) {
		fprintf(stderr, "ptv_unwinder_new: %s\n", err);
		return 1;
	}
	if (strcmp(which, "stack") == 0)
		test_stack(u);
	else if (strcmp(which, "stripped") == 0)
		test_stripped(u);
	else if (strcmp(which, "fork") == 0)
		test_fork(u);
	else if (strcmp(which, "replaced") == 0)
		test_replaced(u);
	else if (strcmp(which, "thread") == 0)
		test_thread(u);
	else if (strcmp(which, "jit") == 0)
		test_jit(u);
	else if (strcmp(which, "vanished") == 0)
		test_vanished(u);
	else if (strcmp(which, "cost") == 0)
		test_cost(u);
	else {
		fprintf(stderr, "usage: test_unwind stack|stripped|replaced|fork|thread|jit|vanished|cost|u64map\n");
		ptv_unwinder_free(u);
		return 2;
	}
	ptv_unwinder_free(u);
	return check_done(which);
}
