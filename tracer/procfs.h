/* procfs.h — small readers of /proc/PID/... and of tracee memory. All return false/negative when
 * the process is gone: that is a normal race with a dying tracee, never an error to report. */
#ifndef PTVIZ_TRACER_PROCFS_H
#define PTVIZ_TRACER_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct procfs_status {
	pid_t tgid;
	pid_t ppid;
	uint64_t sig_ign;   /* SigIgn mask: bit N-1 = signal N ignored */
	uint64_t sig_cgt;   /* SigCgt mask: caught signals */
	char state;         /* first letter of State: R S D T t Z X */
	pid_t tracer;       /* TracerPid: who ptraces it, 0 for nobody */
};

bool procfs_status(pid_t tid, struct procfs_status *st);

/* /proc/PID/stat: state letter, ppid (field 4), starttime (field 22). Any pointer may be NULL. */
bool procfs_stat(pid_t pid, char *state, pid_t *ppid, unsigned long long *starttime);

/* /proc/PID/schedstat: time on CPU and waiting on a run queue, in ns. */
bool procfs_schedstat(pid_t pid, unsigned long long *cpu_ns, unsigned long long *runq_ns);

/* readlink /proc/PID/<what> (e.g. "exe", "cwd", "fd/3") into buf; returns its length or -1. */
ssize_t procfs_link(pid_t pid, const char *what, char *buf, size_t size);

/* The whole of /proc/PID/<what> (at most max bytes) in a malloc'd, NUL-terminated buffer. */
char *procfs_slurp(pid_t pid, const char *what, size_t max, size_t *len);

/* What fd N of PID is: a pipe ("pipe:[ino]") or a FIFO (stat says S_IFIFO). */
enum procfs_fdkind { PROCFS_FD_OTHER = 0, PROCFS_FD_PIPE, PROCFS_FD_FIFO };
enum procfs_fdkind procfs_fd_kind(pid_t pid, int fd, unsigned long *ino);

/* Is fd N of PID a named FIFO (not an anonymous pipe)? Then its inode, its path and its open
 * flags (fdinfo "flags:"). One stat for any other file, so it can run at every close. */
bool procfs_fd_named_fifo(pid_t pid, int fd, unsigned long *ino, char *path, size_t size,
                          int *flags);

/* The pid a pidfd of PID refers to (fdinfo "Pid:"), or -1. */
pid_t procfs_pidfd_pid(pid_t pid, int fd);

/* Copy len bytes of tracee memory at addr; returns the bytes read (may be short) or -1. */
ssize_t procfs_read_mem(pid_t pid, unsigned long long addr, void *buf, size_t len);

/* A NUL-terminated string from tracee memory (at most size-1 bytes); false if unreadable. */
bool procfs_read_str(pid_t pid, unsigned long long addr, char *buf, size_t size);

#endif
