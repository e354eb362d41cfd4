/* procfs.h — small readers of /proc/PID/... and of tracee memory. All return false/negative when
 * the process is gone: that is a normal race with a dying tracee, never an error to report. */
#ifndef PTVIZ_TRACER_PROCFS_H
#define PTVIZ_TRACER_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum { PROCFS_NSPID_MAX = 8 };

struct procfs_status {
	pid_t tgid;
	pid_t ppid;
	uint64_t sig_ign;   /* SigIgn mask: bit N-1 = signal N ignored */
	uint64_t sig_cgt;   /* SigCgt mask: caught signals */
	uint64_t sig_pnd;   /* SigPnd | ShdPnd: pending for the thread or its whole process */
	uint64_t sig_blk;   /* SigBlk: blocked */
	char state;         /* first letter of State: R S D T t Z X */
	pid_t tracer;       /* TracerPid: who ptraces it, 0 for nobody */
	/* NSpid: its pid in each pid namespace from /proc's (ptviz's) down to its own; nnspid 1
	 * when it is in ptviz's namespace (more levels than PROCFS_NSPID_MAX are cut). */
	int nnspid;
	pid_t nspid[PROCFS_NSPID_MAX];
};

bool procfs_status(pid_t tid, struct procfs_status *st);

/* /proc/PID/stat: state letter, ppid (field 4), starttime (field 22). Any pointer may be NULL. */
bool procfs_stat(pid_t pid, char *state, pid_t *ppid, unsigned long long *starttime);
/* Is pid on its way out (PF_EXITING in /proc/PID/stat's flags)? Then *status is the wait status
 * its exit will report (field 52, exit_code, set where the exit begins). */
bool procfs_exiting(pid_t pid, int *status);

/* A new tracee at its first stop, from /proc/TID/stat alone when it is a process (exit_signal,
 * field 38, is -1 only for a thread that is not its group's leader); a thread's tgid takes
 * /proc/TID/status too. False when it is gone. */
struct procfs_newborn {
	pid_t tgid, ppid;
	unsigned long long starttime;
};
bool procfs_newborn(pid_t tid, struct procfs_newborn *nb);

/* /proc/PID/schedstat: time on CPU and waiting on a run queue, in ns. */
bool procfs_schedstat(pid_t pid, unsigned long long *cpu_ns, unsigned long long *runq_ns);

/* /proc/PID/comm (the name the kernel keeps, at most 15 bytes) into buf without its newline. */
bool procfs_comm(pid_t pid, char *buf, size_t size);

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

/* A process's image: its executable (readlink /proc/PID/exe) and its raw argv
 * (/proc/PID/cmdline, NUL-separated, at most max bytes). Release with procfs_image_free. */
struct procfs_image {
	bool have_path;
	char path[4096];
	char *cmdline;      /* owned, NULL if unreadable */
	size_t cmdline_len;
};
void procfs_image(pid_t pid, size_t max, struct procfs_image *img);
void procfs_image_free(struct procfs_image *img);

/* /proc/PID/schedstat figures, ok = false when unreadable (the process is gone or a zombie). */
struct procfs_sched {
	bool ok;
	unsigned long long cpu_ns, runq_ns;
};
struct procfs_sched procfs_sched_get(pid_t pid);
/* The same from an open /proc/PID/schedstat (procfs_open), read again from its start: one system
 * call instead of three for a process whose figures are read at every state change. */
struct procfs_sched procfs_sched_pread(int fd);
/* open(/proc/PID/<what>) read-only, close-on-exec; the fd or -1. */
int procfs_open(pid_t pid, const char *what);

/* How many fds pid has open: the size of the /proc/PID/fd directory (Linux 6.2; 0 before),
 * -1 when the process is gone. */
long procfs_fd_count(pid_t pid);

/* pid's open fds in /proc/PID/fd order, into *fds (malloc'd, caller frees); their number, or -1. */
int procfs_fd_list(pid_t pid, int **fds);

/* The lookups the tracer's bookkeeping (fdtrack, reap, the process table) makes, so that unit
 * tests can stand in for the kernel. procfs_ops_real is this file's functions. */
struct procfs_ops {
	bool (*stat)(pid_t pid, char *state, pid_t *ppid, unsigned long long *starttime);
	enum procfs_fdkind (*fd_kind)(pid_t pid, int fd, unsigned long *ino);
	bool (*fd_named_fifo)(pid_t pid, int fd, unsigned long *ino, char *path, size_t size,
	                      int *flags);
	long (*fd_count)(pid_t pid);
	int (*fd_list)(pid_t pid, int **fds);
	bool (*comm)(pid_t pid, char *buf, size_t size);   /* NULL: names unknown */
};
extern const struct procfs_ops procfs_ops_real;

/* Copy len bytes of tracee memory at addr; returns the bytes read (may be short) or -1. */
ssize_t procfs_read_mem(pid_t pid, unsigned long long addr, void *buf, size_t len);

/* A NUL-terminated string from tracee memory (at most size-1 bytes); false if unreadable. */
bool procfs_read_str(pid_t pid, unsigned long long addr, char *buf, size_t size);

#endif
