/* test_fdtrack.c — unit tests of the pipe/FIFO end bookkeeping (tracer/fdtrack.c) without ptrace:
 * a hand-written fd table, a stand-in for /proc (struct procfs_ops), and the facts that come out
 * (what the log will say: which end closed, how, when a FIFO is learnt late). */
#include "../check.h"
#include "fdtrack.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <string.h>

enum { PID = 4000001 };

/* ---- the stand-in for /proc/PID/fd: one process's open fds -------------------------------- */

struct fake_fd {
	int fd;
	enum procfs_fdkind kind;
	unsigned long ino;
	const char *path;   /* a named FIFO's path, NULL for an anonymous pipe */
	int flags;          /* fdinfo flags */
};

static struct fake_fd fake_fds[16];
static int fake_nfds;
static int fake_list_calls;

static void fake_reset(void)
{
	fake_nfds = 0;
	fake_list_calls = 0;
}

static void fake_add(int fd, enum procfs_fdkind kind, unsigned long ino, const char *path, int flags)
{
	fake_fds[fake_nfds++] = (struct fake_fd){ fd, kind, ino, path, flags };
}

static const struct fake_fd *fake_find(pid_t pid, int fd)
{
	for (int i = 0; pid == PID && i < fake_nfds; i++)
		if (fake_fds[i].fd == fd)
			return &fake_fds[i];
	return NULL;
}

static enum procfs_fdkind fake_fd_kind(pid_t pid, int fd, unsigned long *ino)
{
	const struct fake_fd *f = fake_find(pid, fd);
	if (!f || f->kind == PROCFS_FD_OTHER)
		return PROCFS_FD_OTHER;
	*ino = f->ino;
	return f->kind;
}

static bool fake_named_fifo(pid_t pid, int fd, unsigned long *ino, char *path, size_t size,
                            int *flags)
{
	const struct fake_fd *f = fake_find(pid, fd);
	if (!f || f->kind != PROCFS_FD_FIFO || !f->path)
		return false;
	*ino = f->ino;
	snprintf(path, size, "%s", f->path);
	*flags = f->flags;
	return true;
}

static long fake_fd_count(pid_t pid)
{
	return pid == PID ? fake_nfds : -1;
}

static int fake_fd_list(pid_t pid, int **fds)
{
	fake_list_calls++;
	*fds = malloc(sizeof **fds * 16);
	for (int i = 0; i < fake_nfds; i++)
		(*fds)[i] = fake_fds[i].fd;
	return fake_nfds;
}

static const struct procfs_ops fake_ops = {
	.fd_kind = fake_fd_kind,
	.fd_named_fifo = fake_named_fifo,
	.fd_count = fake_fd_count,
	.fd_list = fake_fd_list,
};

static const struct fdlook look = { &fake_ops, PID, true };

/* ---- helpers ------------------------------------------------------------------------------- */

static void check_fact(const struct facts *f, int i, enum fact_kind kind, int fd, unsigned long ino,
                       int via, int line)
{
	if (i >= f->n) {
		check_at(0, "fact missing", __FILE__, line);
		return;
	}
	check_int_at(f->v[i].kind, kind, "kind", __FILE__, line);
	check_int_at(f->v[i].pid, PID, "pid", __FILE__, line);
	check_int_at(f->v[i].fd, fd, "fd", __FILE__, line);
	check_int_at((long long)f->v[i].ino, (long long)ino, "ino", __FILE__, line);
	check_int_at(f->v[i].via, via, "via", __FILE__, line);
}
#define CHECK_FACT(f, i, kind, fd, ino, via) check_fact((f), (i), (kind), (fd), (ino), (via), __LINE__)

/* A table holding pipe 100 on fds 3 (read) and 4 (write), with flags. */
static void with_pipe(struct fdtab *t, struct facts *f, int flags)
{
	const int fds[2] = { 3, 4 };
	fdtrack_pipe(t, PID, fds, 100, flags, f);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_pipe(void)
{
	struct fdtab t = { 0 };
	struct facts f = { 0 };
	with_pipe(&t, &f, O_CLOEXEC);
	CHECK_INT(f.n, 1);
	CHECK_INT(f.v[0].kind, FACT_PIPE);
	CHECK_INT(f.v[0].fd, 3);
	CHECK_INT(f.v[0].fd2, 4);
	CHECK_INT(f.v[0].flags, O_CLOEXEC);
	CHECK(fdtab_find(&t, 3) && fdtab_find(&t, 3)->cloexec && fdtab_find(&t, 4)->ino == 100);
	fdtab_free(&t);
	facts_free(&f);
}

/* fork: the child holds the parent's ends (no facts); each then closes its own copies. */
static void test_fork_inherits(void)
{
	struct fdtab parent = { 0 }, child = { 0 };
	struct facts f = { 0 };
	with_pipe(&parent, &f, 0);
	parent.std_gap = true;
	facts_clear(&f);
	fdtab_copy(&child, &parent);
	CHECK_INT(fdtab_count(&child), 2);
	CHECK(child.std_gap);
	CHECK(fdtab_find(&child, 4) && fdtab_find(&child, 4)->ino == 100);
	/* The child closes its write end: the parent's copy stays. */
	fdtrack_close(&child, PID, 4, PTV_CLOSE_CLOSE, &f);
	CHECK_INT(f.n, 1);
	CHECK_FACT(&f, 0, FACT_CLOSE, 4, 100, PTV_CLOSE_CLOSE);
	CHECK(fdtab_find(&child, 4) == NULL);
	CHECK(fdtab_find(&parent, 4) != NULL);
	/* Closing something that is no end says nothing. */
	facts_clear(&f);
	fdtrack_close(&child, PID, 9, PTV_CLOSE_CLOSE, &f);
	CHECK_INT(f.n, 0);
	fdtab_free(&parent);
	fdtab_free(&child);
	facts_free(&f);
}

/* dup2(5, 3) with 3 an end of another pipe: that end is closed via dup2, then 3 is a copy of 5. */
static void test_dup2_onto_end(void)
{
	struct fdtab t = { 0 };
	struct facts f = { 0 };
	with_pipe(&t, &f, 0);
	const int other[2] = { 5, 6 };
	fdtrack_pipe(&t, PID, other, 200, 0, &f);
	facts_clear(&f);
	fdtrack_dup(&t, PID, 5, 3, false, PTV_DUP_DUP2, &f);
	CHECK_INT(f.n, 2);
	CHECK_FACT(&f, 0, FACT_CLOSE, 3, 100, PTV_CLOSE_DUP2);
	CHECK_FACT(&f, 1, FACT_DUP, 3, 200, PTV_DUP_DUP2);
	CHECK_INT(f.v[1].fd2, 5);
	CHECK(fdtab_find(&t, 3) && fdtab_find(&t, 3)->ino == 200);
	/* dup2 of a plain file onto an end: only the close. */
	facts_clear(&f);
	fdtrack_dup(&t, PID, 9, 4, false, PTV_DUP_DUP2, &f);
	CHECK_INT(f.n, 1);
	CHECK_FACT(&f, 0, FACT_CLOSE, 4, 100, PTV_CLOSE_DUP2);
	CHECK(fdtab_find(&t, 4) == NULL);
	/* dup2(fd, fd) does nothing. */
	facts_clear(&f);
	fdtrack_dup(&t, PID, 5, 5, false, PTV_DUP_DUP2, &f);
	CHECK_INT(f.n, 0);
	fdtab_free(&t);
	facts_free(&f);
}

/* close_range with CLOSE_RANGE_CLOEXEC closes nothing now, the ends go at exec; without it, the
 * range's ends close via close_range. */
static void test_close_range(void)
{
	struct fdtab t = { 0 };
	struct facts f = { 0 };
	fake_reset();
	with_pipe(&t, &f, 0);
	const int other[2] = { 7, 8 };
	fdtrack_pipe(&t, PID, other, 300, 0, &f);
	fake_add(7, PROCFS_FD_PIPE, 300, NULL, 0);
	fake_add(8, PROCFS_FD_PIPE, 300, NULL, 0);
	facts_clear(&f);
	fdtrack_close_range(&t, PID, 3, 4, CLOSE_RANGE_CLOEXEC, &f);
	CHECK_INT(f.n, 0);
	CHECK(fdtab_find(&t, 3)->cloexec && fdtab_find(&t, 4)->cloexec);
	CHECK(!fdtab_find(&t, 7)->cloexec);
	fdtrack_exec(&t, &look, &f);
	CHECK_INT(f.n, 2);
	CHECK(f.n == 2 && f.v[0].kind == FACT_CLOSE && f.v[0].via == PTV_CLOSE_EXEC);
	CHECK(f.n == 2 && f.v[1].kind == FACT_CLOSE && f.v[1].via == PTV_CLOSE_EXEC);
	CHECK(f.n == 2 && f.v[0].fd + f.v[1].fd == 3 + 4);
	CHECK_INT(fdtab_count(&t), 2);   /* 7 and 8 survive the exec */
	facts_clear(&f);
	fdtrack_close_range(&t, PID, 0, ~0U, 0, &f);
	CHECK_INT(f.n, 2);
	CHECK(f.n == 2 && f.v[0].via == PTV_CLOSE_CLOSE_RANGE && f.v[1].via == PTV_CLOSE_CLOSE_RANGE);
	CHECK_INT(fdtab_count(&t), 0);
	fdtab_free(&t);
	facts_free(&f);
}

/* exec closes the FD_CLOEXEC ends (pipe2 O_CLOEXEC, F_SETFD, F_DUPFD_CLOEXEC), and forgets
 * quietly an end the kernel no longer has (its close was missed). */
static void test_exec(void)
{
	struct fdtab t = { 0 };
	struct facts f = { 0 };
	fake_reset();
	with_pipe(&t, &f, O_CLOEXEC);
	const int other[2] = { 5, 6 };
	fdtrack_pipe(&t, PID, other, 200, 0, &f);
	facts_clear(&f);
	fdtrack_fcntl(&t, PID, 5, F_SETFD, FD_CLOEXEC, 0, &f);
	fdtrack_fcntl(&t, PID, 6, F_DUPFD_CLOEXEC, 10, 10, &f);
	CHECK_INT(f.n, 1);
	CHECK_FACT(&f, 0, FACT_DUP, 10, 200, PTV_DUP_FCNTL);
	facts_clear(&f);
	/* After the exec the kernel still has 6 as pipe 200; nothing else. */
	fake_add(6, PROCFS_FD_PIPE, 200, NULL, 0);
	fdtrack_exec(&t, &look, &f);
	CHECK_INT(f.n, 4);   /* 3, 4, 5, 10 */
	for (int i = 0; i < f.n; i++)
		CHECK(f.v[i].kind == FACT_CLOSE && f.v[i].via == PTV_CLOSE_EXEC && f.v[i].fd != 6);
	CHECK_INT(fdtab_count(&t), 1);
	CHECK(fdtab_find(&t, 6) != NULL);
	/* Another exec, and the kernel has no fd 6 any more: dropped without a fact. */
	fake_reset();
	facts_clear(&f);
	fdtrack_exec(&t, &look, &f);
	CHECK_INT(f.n, 0);
	CHECK_INT(fdtab_count(&t), 0);
	fdtab_free(&t);
	facts_free(&f);
}

/* O_NONBLOCK changes through F_SETFL are facts; setting what is already set is not. */
static void test_nonblock(void)
{
	struct fdtab t = { 0 };
	struct facts f = { 0 };
	with_pipe(&t, &f, 0);
	facts_clear(&f);
	fdtrack_fcntl(&t, PID, 3, F_SETFL, O_NONBLOCK, 0, &f);
	fdtrack_fcntl(&t, PID, 3, F_SETFL, O_NONBLOCK, 0, &f);
	fdtrack_fcntl(&t, PID, 4, F_SETFL, O_NONBLOCK, -1, &f);   /* failed: nothing */
	CHECK_INT(f.n, 1);
	CHECK(f.n == 1 && f.v[0].kind == FACT_NONBLOCK && f.v[0].fd == 3 && f.v[0].nonblock);
	fdtab_free(&t);
	facts_free(&f);
}

/* A FIFO whose open the filter let pass is learnt when its fd reaches a trapped call: an open
 * fact marked with that call. Not fds 0-2 until one of them was closed (std_gap). */
static void test_learn(void)
{
	struct fdtab t = { 0 };
	struct facts f = { 0 };
	fake_reset();
	fake_add(0, PROCFS_FD_FIFO, 500, "/tmp/in.fifo", O_RDONLY);
	fake_add(5, PROCFS_FD_FIFO, 600, "/tmp/out.fifo", O_WRONLY | O_NONBLOCK);
	fake_add(6, PROCFS_FD_OTHER, 0, NULL, 0);
	/* Learning is off when every open is seen (--every-open, no filter). */
	struct fdlook off = { &fake_ops, PID, false };
	CHECK(!fdtrack_learn(&t, &off, 5, PTV_LATE_DUP2, &f));
	CHECK_INT(f.n, 0);
	CHECK(fdtrack_learn(&t, &look, 5, PTV_LATE_DUP2, &f));
	CHECK_INT(f.n, 1);
	CHECK_FACT(&f, 0, FACT_OPEN, 5, 600, PTV_LATE_DUP2);
	CHECK(f.n == 1 && f.v[0].path && strcmp(f.v[0].path, "/tmp/out.fifo") == 0);
	CHECK(f.n == 1 && (f.v[0].flags & O_ACCMODE) == O_WRONLY && (f.v[0].flags & O_NONBLOCK));
	CHECK(fdtab_find(&t, 5) && fdtab_find(&t, 5)->fifo && fdtab_find(&t, 5)->nonblock);
	/* Known now: an end, no second fact. A plain file: not an end. */
	facts_clear(&f);
	CHECK(fdtrack_learn(&t, &look, 5, PTV_LATE_CLOSE, &f));
	CHECK(!fdtrack_learn(&t, &look, 6, PTV_LATE_CLOSE, &f));
	CHECK_INT(f.n, 0);
	/* fd 0 is the inherited stdin until one of 0-2 was closed. */
	CHECK(!fdtrack_learn(&t, &look, 0, PTV_LATE_CLOSE, &f));
	fdtrack_closing(&t, 3, 9);
	CHECK(!fdtrack_learn(&t, &look, 0, PTV_LATE_CLOSE, &f));
	fdtrack_closing(&t, 0, 0);
	CHECK(fdtrack_learn(&t, &look, 0, PTV_LATE_CLOSE, &f));
	CHECK_INT(f.n, 1);
	CHECK_FACT(&f, 0, FACT_OPEN, 0, 500, PTV_LATE_CLOSE);
	fdtab_free(&t);
	facts_free(&f);
}

/* At exit every fd is looked at, unless /proc/PID/fd's size says only 0-2 and known ends are
 * open. */
static void test_learn_all(void)
{
	struct fdtab t = { 0 };
	struct facts f = { 0 };
	fake_reset();
	fake_add(0, PROCFS_FD_OTHER, 0, NULL, 0);
	fake_add(1, PROCFS_FD_OTHER, 0, NULL, 0);
	fake_add(2, PROCFS_FD_OTHER, 0, NULL, 0);
	with_pipe(&t, &f, 0);
	fake_add(3, PROCFS_FD_PIPE, 100, NULL, 0);
	fake_add(4, PROCFS_FD_PIPE, 100, NULL, 0);
	facts_clear(&f);
	fdtrack_learn_all(&t, &look, PTV_LATE_EXIT, &f);
	CHECK_INT(fake_list_calls, 0);   /* 5 open = 3 + 2 known: nothing to learn */
	CHECK_INT(f.n, 0);
	fake_add(7, PROCFS_FD_FIFO, 700, "/run/x.fifo", O_RDWR);
	fdtrack_learn_all(&t, &look, PTV_LATE_EXIT, &f);
	CHECK_INT(fake_list_calls, 1);
	CHECK_INT(f.n, 1);
	CHECK_FACT(&f, 0, FACT_OPEN, 7, 700, PTV_LATE_EXIT);
	fdtab_free(&t);
	facts_free(&f);
}

/* Attach: the ends a process holds already are learnt without facts (they predate the log). */
static void test_scan(void)
{
	struct fdtab t = { 0 };
	fake_reset();
	fake_add(0, PROCFS_FD_OTHER, 0, NULL, 0);
	fake_add(3, PROCFS_FD_PIPE, 100, NULL, 0);
	fake_add(4, PROCFS_FD_FIFO, 800, "/tmp/f", O_RDONLY);
	fdtrack_scan(&t, &look);
	CHECK_INT(fdtab_count(&t), 2);
	CHECK(fdtab_find(&t, 3) && !fdtab_find(&t, 3)->fifo);
	CHECK(fdtab_find(&t, 4) && fdtab_find(&t, 4)->fifo && fdtab_find(&t, 4)->ino == 800);
	fdtab_free(&t);
}

int main(void)
{
	test_pipe();
	test_fork_inherits();
	test_dup2_onto_end();
	test_close_range();
	test_exec();
	test_nonblock();
	test_learn();
	test_learn_all();
	test_scan();
	return check_done("test_fdtrack");
}
