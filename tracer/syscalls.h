/* syscalls.h — the one table of the system calls ptviz understands.
 *
 * Each row says what a call means to the tracer: the event class it feeds, whether it may block
 * (the process is recorded as `blocked` while inside it), whether the seccomp filter traps it
 * (always, or only with --io or -k), and an argument condition the filter can test in registers. The
 * filter builder (filter.c), the decoder (sysevents.c) and the tests all read this table. */
#ifndef PTVIZ_TRACER_SYSCALLS_H
#define PTVIZ_TRACER_SYSCALLS_H

#include <stdbool.h>

/* What the decoder does with the call. */
enum sc_kind {
	SC_NONE = 0,
	SC_EXEC,        /* execve, execveat: the exec itself comes from PTRACE_EVENT_EXEC */
	SC_WAIT4,       /* reaping via wait4 */
	SC_WAITID,      /* reaping via waitid */
	SC_SLEEP,       /* blocks, nothing else */
	SC_PIPE,        /* pipe, pipe2 */
	SC_MKNOD,       /* mknod, mknodat: FIFO creation */
	SC_OPEN,        /* open, openat: FIFO opens */
	SC_DUP,         /* dup, dup2, dup3 */
	SC_FCNTL,       /* F_DUPFD*, F_SETFL O_NONBLOCK, F_SETFD FD_CLOEXEC */
	SC_CLOSE,       /* close */
	SC_CLOSE_RANGE, /* close_range */
	SC_MMAP,        /* mmap with MAP_SHARED */
	SC_KILL,        /* kill, tkill, tgkill, rt_sigqueueinfo, pidfd_send_signal */
	SC_SIGACTION,   /* rt_sigaction(SIGCHLD, ...): auto-reap tracking */
	SC_SETSID,
	SC_SETPGID,
	SC_READ,        /* --io: read/readv on pipes and FIFOs */
	SC_WRITE,       /* --io: write/writev on pipes, FIFOs, stdout, stderr */
};

/* Argument conditions the seccomp filter can check in registers (no pointer dereference). */
enum sc_cond {
	SC_COND_NONE = 0,
	SC_COND_MAP_SHARED,   /* arg3 & MAP_SHARED (also matches MAP_SHARED_VALIDATE) */
	SC_COND_SIGCHLD,      /* arg0 == SIGCHLD */
	SC_COND_FCNTL_CMD,    /* arg1 is F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD or F_SETFL (not the F_GETs) */
	/* The open flags (arg1 of open, arg2 of openat) are neither exactly O_RDONLY|O_CLOEXEC (the
	 * dynamic loader, Python, Go) nor exactly O_RDONLY|O_NOCTTY (a compiler's header lookups):
	 * the opens `make` does by the thousand. A FIFO opened so is learnt later (fdtrack_learn). */
	SC_COND_OPEN_FLAGS,
};

/* Flags. */
enum {
	SC_BLOCKS = 1 << 0,   /* may block: state blocked at entry, running at exit */
	SC_TRAP = 1 << 1,     /* trapped by the seccomp filter */
	SC_TRAP_IO = 1 << 2,  /* trapped only with --io */
	SC_TRAP_STACKS = 1 << 3, /* trapped only with -k (a stack must be taken at entry) */
	/* A process-level call (wait, sleep, signals, sessions) where the process's shared mappings
	 * are re-checked against /proc/PID/maps, munmap not being trapped. Not the
	 * fd-level calls a compiler makes by the thousand (open, close, dup, fcntl, read, write): a
	 * maps read at each of those was most of ptviz's cost on `make`. */
	SC_SCAN_MAPS = 1 << 4,
};

struct sc_info {
	const char *name;
	int nr;
	enum sc_kind kind;
	unsigned flags;
	enum sc_cond cond;
};

/* The table and its size. */
const struct sc_info *sc_table(int *count);

/* The row for syscall number nr, or NULL if ptviz does not care about it. */
const struct sc_info *sc_lookup(long nr);

/* True if the row is trapped by the filter when tracing with these options. */
bool sc_trapped(const struct sc_info *sc, bool io, bool stacks);

#endif
