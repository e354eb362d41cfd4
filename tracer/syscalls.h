/* syscalls.h — the one table of the system calls ptviz understands.
 *
 * Each row says everything about a call: whether it may block (the process is recorded as
 * `blocked` while inside it), whether the seccomp filter traps it (always, or only with --io or
 * -k) and under which argument condition, its word in the log where the log names the call
 * (kill.via, dup.via, open.late), and its decoders: the functions that turn its entry and exit
 * stops into events (sysdec.c; strace's SEN()/SYS_FUNC). The filter builder (filter.c), the stop
 * handler (sysevents.c) and the tests all read this table; nothing switches on a call's number. */
#ifndef PTVIZ_TRACER_SYSCALLS_H
#define PTVIZ_TRACER_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>

struct ptv_tracer;
struct thread;

/* Argument conditions the seccomp filter can check in registers (no pointer dereference), on
 * the row's cond_arg. */
enum sc_cond {
	SC_COND_NONE = 0,
	SC_COND_MAP_SHARED,   /* arg & MAP_SHARED (also matches MAP_SHARED_VALIDATE) */
	SC_COND_SIGCHLD,      /* arg == SIGCHLD */
	SC_COND_FCNTL_CMD,    /* arg is F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD or F_SETFL (not the F_GETs) */
	/* The open flags are neither exactly O_RDONLY|O_CLOEXEC (the dynamic loader, Python, Go)
	 * nor exactly O_RDONLY|O_NOCTTY (a compiler's header lookups): the opens `make` does by the
	 * thousand. A FIFO opened so is learnt later (fdtrack_learn). */
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
	/* The first argument is a descriptor: a thread found asleep in the call (sched_wait) gets
	 * the descriptor's target named. Rows with only this flag are not trapped: they name the
	 * calls a process sleeps in without a stop. */
	SC_FD_ARG = 1 << 5,
	/* restart_syscall(2): the kernel resuming an interrupted call (nanosleep, poll, ...) after a
	 * signal that ran no handler; the call goes on, as one blocked interval (sysevents.c). */
	SC_RESTART = 1 << 6,
};

/* The entry (or seccomp) stop of thread t's call t->sc, arguments in t->args. Returns whether
 * the exit stop is wanted: under the filter a call whose result cannot matter or is known
 * already runs on with PTRACE_CONT, which saves a stop per call. */
typedef bool sc_enter_fn(struct ptv_tracer *tr, struct thread *t);
/* The exit stop of that call, with its return value. */
typedef void sc_exit_fn(struct ptv_tracer *tr, struct thread *t, long ret);

struct sc_info {
	const char *name;     /* also state.on while the call blocks */
	int nr;
	unsigned flags;
	enum sc_cond cond;
	int cond_arg;         /* the argument cond tests */
	/* The call's own word in the log, read only by the decoders of the rows that set them:
	 * via for kill.via (ptv_kill_via) or dup.via (ptv_dup_via), late for open.late (ptv_late)
	 * when a FIFO is learnt as its fd is handed to this call (close, dup*, fcntl). */
	int via;
	int late;
	sc_enter_fn *enter;   /* NULL: nothing at entry; the exit stop is wanted iff exit is set */
	sc_exit_fn *exit;     /* NULL: nothing at exit (the state still returns to running) */
};

/* The table and its size. */
const struct sc_info *sc_table(int *count);

/* The row for syscall number nr, or NULL if ptviz does not care about it. */
const struct sc_info *sc_lookup(long nr);

/* The name of system call nr of this architecture ("read", "futex"), into buf; returns buf. */
const char *sc_call_name(long nr, char *buf, size_t size);

/* True if the row is trapped by the filter when tracing with these options. */
bool sc_trapped(const struct sc_info *sc, bool io, bool stacks);

#endif
