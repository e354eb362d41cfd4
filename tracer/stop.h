/* stop.h — classify a waitpid() status of a ptrace tracee into one documented stop kind.
 *
 * The classifier is pure (no ptrace, no /proc): the event loop calls it on every status and
 * dispatches on the result, and tests feed it hand-made statuses. */
#ifndef PTVIZ_TRACER_STOP_H
#define PTVIZ_TRACER_STOP_H

enum stop_kind {
	STOP_UNKNOWN = 0,  /* a status no seized tracee should produce (e.g. WIFCONTINUED) */
	STOP_EXITED,       /* death report: WIFEXITED; sig = 0, code = exit code */
	STOP_KILLED,       /* death report: WIFSIGNALED; sig = the signal, code = 1 if core dumped */
	STOP_SYSCALL,      /* syscall-entry or -exit stop (SIGTRAP|0x80, needs TRACESYSGOOD) */
	STOP_FORK,         /* PTRACE_EVENT_FORK: fork(), clone(SIGCHLD) */
	STOP_VFORK,        /* PTRACE_EVENT_VFORK: vfork(), posix_spawn's clone3(CLONE_VFORK) */
	STOP_CLONE,        /* PTRACE_EVENT_CLONE: threads and other clone()s */
	STOP_EXEC,         /* PTRACE_EVENT_EXEC: a successful execve; message = the old tid */
	STOP_VFORK_DONE,   /* PTRACE_EVENT_VFORK_DONE: the vfork child exec'd or exited */
	STOP_EXIT,         /* PTRACE_EVENT_EXIT: a thread is exiting; message = its wait status */
	STOP_SECCOMP,      /* PTRACE_EVENT_SECCOMP: the filter trapped a syscall (acts as entry) */
	STOP_GROUP,        /* PTRACE_EVENT_STOP with a stop signal: job-control group-stop */
	STOP_TRAP,         /* PTRACE_EVENT_STOP with SIGTRAP: first stop of a new tracee,
	                      PTRACE_INTERRUPT, or a PTRACE_LISTEN wake-up (SIGCONT) */
	STOP_SIGNAL,       /* signal-delivery-stop: sig is about to be delivered (re-inject it) */
};

struct stop {
	enum stop_kind kind;
	int sig;   /* the signal involved (see the kinds), 0 if none */
	int code;  /* exit code for STOP_EXITED, core flag for STOP_KILLED, else 0 */
};

/* Classify a status from waitpid(..., __WALL) of a PTRACE_SEIZEd tracee. */
struct stop stop_classify(int status);

/* The enum name, for --debug output and tests. */
const char *stop_kind_name(enum stop_kind kind);

#endif
