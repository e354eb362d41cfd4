/* fdtrack.h — the pipe and FIFO ends each process holds (issue 4).
 *
 * Only pipe/FIFO ends are tracked, by fd, with the pipe's inode. The table is copied at fork
 * (a reader of the log does the same, so no events are written for inherited ends) and cut at
 * exec (FD_CLOEXEC ends → `close` via "exec", then checked against /proc/PID/fd). */
#ifndef PTVIZ_TRACER_FDTRACK_H
#define PTVIZ_TRACER_FDTRACK_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <sys/types.h>

struct fdend {
	int fd;
	unsigned long ino;
	bool fifo;
	bool cloexec;
	bool nonblock;
};

struct fdtab {
	struct fdend *v;
	int n, cap;
	/* One of fds 0-2 was closed (or was not open at launch): an open the filter let pass may
	 * have landed there. Until then those three are the inherited stdin/out/err, not learnt. */
	bool std_gap;
};

struct ptv_tracer;
struct proc;

void fdtab_free(struct fdtab *t);
/* Replace dst's contents by a copy of src (fork). */
void fdtab_copy(struct fdtab *dst, const struct fdtab *src);
struct fdend *fdtab_find(struct fdtab *t, int fd);

/* What a call did: at its exit, with its result (close: at its entry, see sysevents.c). */
void fdtrack_on_pipe(struct ptv_tracer *tr, struct proc *p, const int fds[2], int flags);
/* p opened the FIFO at path as fd (flags as given to open): starts the `open` event, which the
 * caller completes and emits, and adds the end. */
cJSON *fdtrack_on_open_fifo(struct ptv_tracer *tr, struct proc *p, int fd, const char *path,
                            unsigned long ino, int flags);
void fdtrack_on_dup(struct ptv_tracer *tr, struct proc *p, int oldfd, int newfd, bool cloexec,
                    const char *via);
void fdtrack_on_close(struct ptv_tracer *tr, struct proc *p, int fd, const char *via);
void fdtrack_on_close_range(struct ptv_tracer *tr, struct proc *p, unsigned first, unsigned last,
                            unsigned flags);
void fdtrack_on_fcntl(struct ptv_tracer *tr, struct proc *p, int fd, int cmd, unsigned long arg,
                      long ret);
void fdtrack_on_exec(struct ptv_tracer *tr, struct proc *p);
/* The filter lets the opens of bulk file reading pass (SC_COND_OPEN_FLAGS). A FIFO opened so is
 * learnt when the process next hands its fd to a trapped call (close, dup*, fcntl: `at` names
 * it), or at its exit: an `open` event marked late. Returns whether fd is a pipe or FIFO end. */
bool fdtrack_learn(struct ptv_tracer *tr, struct proc *p, int fd, const char *at);
void fdtrack_learn_all(struct ptv_tracer *tr, struct proc *p, const char *at);
/* At the entry of close or close_range of fds first..last (see std_gap). */
void fdtrack_closing(struct proc *p, unsigned first, unsigned last);
/* Attach mode: learn the ends a process already holds from /proc/PID/fd. */
void fdtrack_scan(struct proc *p);

#endif
