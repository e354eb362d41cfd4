/* fdtrack.h — the pipe and FIFO ends each process holds (issue 4).
 *
 * Only pipe/FIFO ends are tracked, by fd, with the pipe's inode. The table is copied at fork, on
 * write (a reader of the log does the same, so no facts for inherited ends) and cut at exec (FD_CLOEXEC
 * ends are closed via exec, the rest checked against /proc/PID/fd). Every function works on one
 * process's table and appends what happened to a fact list (facts.h); the kernel is asked only
 * through the procfs_ops of a struct fdlook, so tests can run it without a process. */
#ifndef PTVIZ_TRACER_FDTRACK_H
#define PTVIZ_TRACER_FDTRACK_H

#include "facts.h"
#include "procfs.h"

#include <ptviz/log.h>

#include <stdbool.h>
#include <sys/types.h>

struct fdend {
	int fd;
	unsigned long ino;
	bool fifo;
	bool cloexec;
	bool nonblock;
};

struct fdtab_data;

enum { FDTAB_EXTRA_MAX = 8 };

struct fdtab {
	struct fdtab_data *d;   /* the entries, shared copy-on-write after a fork; NULL = none */
	/* One of fds 0-2 was closed (or was not open at launch): an open the filter let pass may
	 * have landed there. Until then those three are the inherited stdin/out/err, not learnt. */
	bool std_gap;
	/* Files above fd 2 the program inherited at launch (no pipe or FIFO end): at exit, a process
	 * with no more open fds than 3 + these + the known ends opened no FIFO unseen, and its fd
	 * directory is not read (issue #18: each child of a process holding 4,000 ends read 4,000
	 * entries at its exit). They leave the list when closed (or dup2'ed over). */
	int extra_fd[FDTAB_EXTRA_MAX];
	int extra;
};

/* Where to look up the fds of the table's process in the kernel. */
struct fdlook {
	const struct procfs_ops *pfs;
	pid_t pid;
	bool late;    /* the filter lets some opens pass: learn the FIFOs they opened (fdtrack_learn) */
};

void fdtab_free(struct fdtab *t);
/* Replace dst's contents by a copy of src (fork): O(1), the entries are shared until either
 * table changes. */
void fdtab_copy(struct fdtab *dst, const struct fdtab *src);
/* The tracked end at fd, or NULL (lent: valid until the table changes). */
const struct fdend *fdtab_find(const struct fdtab *t, int fd);
int fdtab_count(const struct fdtab *t);
/* Launch: the program inherits these fds above 2 that are files, not pipe ends (fdtab.extra).
 * More than FDTAB_EXTRA_MAX of them: none is listed, and every exit reads the fd directory. */
void fdtab_set_inherited(struct fdtab *t, const int *fds, int n);

/* What a call did, at its exit with its result (close: at its entry, see sysdec.c). pid is the
 * table's process, for the facts. */
void fdtrack_pipe(struct fdtab *t, pid_t pid, const int fds[2], unsigned long ino, int flags,
                  struct facts *out);
/* pid opened the FIFO at path as fd (flags as given to open); late: the call it was learnt at
 * (ptv_late), -1 when the open itself was seen. */
void fdtrack_open(struct fdtab *t, pid_t pid, int fd, const char *path, unsigned long ino,
                  int flags, int late, struct facts *out);
void fdtrack_dup(struct fdtab *t, pid_t pid, int oldfd, int newfd, bool cloexec, ptv_dup_via via,
                 struct facts *out);
void fdtrack_close(struct fdtab *t, pid_t pid, int fd, ptv_close_via via, struct facts *out);
void fdtrack_close_range(struct fdtab *t, pid_t pid, unsigned first, unsigned last,
                         unsigned flags, struct facts *out);
void fdtrack_fcntl(struct fdtab *t, pid_t pid, int fd, int cmd, unsigned long arg, long ret,
                   struct facts *out);
/* At the entry of close or close_range of fds first..last (see std_gap). */
void fdtrack_closing(struct fdtab *t, unsigned first, unsigned last);
/* After a successful exec: FD_CLOEXEC ends are closed, ends the kernel no longer has dropped. */
void fdtrack_exec(struct fdtab *t, const struct fdlook *lk, struct facts *out);

/* The filter lets the opens of bulk file reading pass (SC_COND_OPEN_FLAGS). A FIFO opened so is
 * learnt when the process next hands its fd to a trapped call (close, dup*, fcntl: `at` names
 * it), or at its exit: an open fact marked late. Returns whether fd is a pipe or FIFO end. */
bool fdtrack_learn(struct fdtab *t, const struct fdlook *lk, int fd, ptv_late at,
                   struct facts *out);
void fdtrack_learn_all(struct fdtab *t, const struct fdlook *lk, ptv_late at, struct facts *out);
/* Attach mode: learn the ends a process already holds (no facts: they predate the trace). */
void fdtrack_scan(struct fdtab *t, const struct fdlook *lk);

#endif
