/* stop.c — the pure wait-status classifier (see stop.h and ptrace(2) "Stopped states"). */
#include "stop.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

/* A group-stop is reported as PTRACE_EVENT_STOP carrying the stopping signal; every other
 * PTRACE_EVENT_STOP (new child, PTRACE_INTERRUPT, LISTEN wake-up) carries SIGTRAP. */
static int stop_is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

struct stop stop_classify(int status)
{
	struct stop s = { STOP_UNKNOWN, 0, 0 };

	if (WIFEXITED(status)) {
		s.kind = STOP_EXITED;
		s.code = WEXITSTATUS(status);
		return s;
	}
	if (WIFSIGNALED(status)) {
		s.kind = STOP_KILLED;
		s.sig = WTERMSIG(status);
		s.code = WCOREDUMP(status) ? 1 : 0;
		return s;
	}
	if (!WIFSTOPPED(status))
		return s;

	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	s.sig = sig;
	if (sig == (SIGTRAP | 0x80)) {
		s.kind = event == 0 ? STOP_SYSCALL : STOP_UNKNOWN;
		s.sig = 0;
		return s;
	}
	switch (event) {
	case 0:
		s.kind = STOP_SIGNAL;
		return s;
	case PTRACE_EVENT_FORK: s.kind = STOP_FORK; break;
	case PTRACE_EVENT_VFORK: s.kind = STOP_VFORK; break;
	case PTRACE_EVENT_CLONE: s.kind = STOP_CLONE; break;
	case PTRACE_EVENT_EXEC: s.kind = STOP_EXEC; break;
	case PTRACE_EVENT_VFORK_DONE: s.kind = STOP_VFORK_DONE; break;
	case PTRACE_EVENT_EXIT: s.kind = STOP_EXIT; break;
	case PTRACE_EVENT_SECCOMP: s.kind = STOP_SECCOMP; break;
	case PTRACE_EVENT_STOP:
		s.kind = stop_is_stop_signal(sig) ? STOP_GROUP : STOP_TRAP;
		return s;
	default:
		s.kind = STOP_UNKNOWN;
		return s;
	}
	/* Every PTRACE_EVENT_<x> stop other than EVENT_STOP carries SIGTRAP. */
	if (sig != SIGTRAP)
		s.kind = STOP_UNKNOWN;
	s.sig = 0;
	return s;
}

const char *stop_kind_name(enum stop_kind kind)
{
	static const char *const names[] = {
		[STOP_UNKNOWN] = "unknown", [STOP_EXITED] = "exited", [STOP_KILLED] = "killed",
		[STOP_SYSCALL] = "syscall", [STOP_FORK] = "fork", [STOP_VFORK] = "vfork",
		[STOP_CLONE] = "clone", [STOP_EXEC] = "exec", [STOP_VFORK_DONE] = "vfork_done",
		[STOP_EXIT] = "exit", [STOP_SECCOMP] = "seccomp", [STOP_GROUP] = "group",
		[STOP_TRAP] = "trap", [STOP_SIGNAL] = "signal",
	};
	if ((unsigned)kind >= sizeof names / sizeof names[0])
		return "?";
	return names[kind];
}
