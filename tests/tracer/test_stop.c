/* test_stop.c — unit tests of the pure parts of the tracer: the wait-status classifier, fed with
 * hand-made statuses (no ptrace), and the invariants of the syscall table. */
#include "../check.h"
#include "arch.h"
#include "stop.h"
#include "syscalls.h"
#include "sysdec.h"

#include <ptviz/log.h>

#include <linux/audit.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* The status waitpid reports for a ptrace event stop: SIGTRAP | event << 8 in the stop byte. */
static int event_status(int event, int sig)
{
	return W_STOPCODE(sig) | (event << 16);
}

static void test_deaths(void)
{
	struct stop s = stop_classify(W_EXITCODE(3, 0));
	CHECK_INT(s.kind, STOP_EXITED);
	CHECK_INT(s.code, 3);
	s = stop_classify(W_EXITCODE(0, SIGTERM));
	CHECK_INT(s.kind, STOP_KILLED);
	CHECK_INT(s.sig, SIGTERM);
	CHECK_INT(s.code, 0);
	s = stop_classify(W_EXITCODE(0, SIGSEGV) | 0x80);
	CHECK_INT(s.kind, STOP_KILLED);
	CHECK_INT(s.code, 1);   /* core dumped */
}

static void test_events(void)
{
	static const struct { int event; enum stop_kind kind; } rows[] = {
		{ PTRACE_EVENT_FORK, STOP_FORK }, { PTRACE_EVENT_VFORK, STOP_VFORK },
		{ PTRACE_EVENT_CLONE, STOP_CLONE }, { PTRACE_EVENT_EXEC, STOP_EXEC },
		{ PTRACE_EVENT_VFORK_DONE, STOP_VFORK_DONE }, { PTRACE_EVENT_EXIT, STOP_EXIT },
		{ PTRACE_EVENT_SECCOMP, STOP_SECCOMP },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct stop s = stop_classify(event_status(rows[i].event, SIGTRAP));
		CHECK_STR(stop_kind_name(s.kind), stop_kind_name(rows[i].kind));
		CHECK_INT(s.sig, 0);
	}
	/* An unknown event number is not guessed at. */
	CHECK_INT(stop_classify(event_status(42, SIGTRAP)).kind, STOP_UNKNOWN);
}

static void test_stops(void)
{
	/* Syscall stops need TRACESYSGOOD: SIGTRAP|0x80. A plain SIGTRAP is a signal. */
	CHECK_INT(stop_classify(W_STOPCODE(SIGTRAP | 0x80)).kind, STOP_SYSCALL);
	struct stop s = stop_classify(W_STOPCODE(SIGTRAP));
	CHECK_INT(s.kind, STOP_SIGNAL);
	CHECK_INT(s.sig, SIGTRAP);
	s = stop_classify(W_STOPCODE(SIGCHLD));
	CHECK_INT(s.kind, STOP_SIGNAL);
	CHECK_INT(s.sig, SIGCHLD);
	/* A SIGSTOP that is being delivered is a signal stop; the group-stop it causes is an
	 * EVENT_STOP carrying the stop signal. */
	CHECK_INT(stop_classify(W_STOPCODE(SIGSTOP)).kind, STOP_SIGNAL);
	int stops[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
	for (size_t i = 0; i < 4; i++) {
		s = stop_classify(event_status(PTRACE_EVENT_STOP, stops[i]));
		CHECK_INT(s.kind, STOP_GROUP);
		CHECK_INT(s.sig, stops[i]);
	}
	/* New child's first stop, PTRACE_INTERRUPT and LISTEN wake-ups carry SIGTRAP. */
	CHECK_INT(stop_classify(event_status(PTRACE_EVENT_STOP, SIGTRAP)).kind, STOP_TRAP);
	/* Not something a seized tracee reports under __WALL without WCONTINUED. */
	CHECK_INT(stop_classify(0xffff).kind, STOP_UNKNOWN);
}

static void test_table(void)
{
	int n;
	const struct sc_info *rows = sc_table(&n);
	CHECK(n > 20);
	for (int i = 0; i < n; i++) {
		CHECK(rows[i].name && rows[i].name[0]);
		bool naming = rows[i].flags == SC_FD_ARG;        /* names sched_wait's calls only */
		bool restart = (rows[i].flags & SC_RESTART) != 0; /* meaning is in sysevents.c */
		/* Every row has a decoder: a call the tracer stops for must mean something. Rows that
		 * only name a call a process sleeps in (sched_wait) are never stopped at. */
		CHECK(rows[i].enter || rows[i].exit || naming || restart);
		if (naming)
			CHECK(!rows[i].enter && !rows[i].exit && !sc_trapped(&rows[i], true, true));
		CHECK(rows[i].nr >= 0 && rows[i].nr < 1024);
		/* Every other row is trapped, always or with --io/-k: else it would be dead weight. */
		CHECK(naming || sc_trapped(&rows[i], true, true));
		/* Numbers are unique, and lookup finds each row. */
		CHECK(sc_lookup(rows[i].nr) == &rows[i]);
		/* A blocking call must be trapped: the state comes from its entry and exit stops. */
		if (rows[i].flags & SC_BLOCKS)
			CHECK(sc_trapped(&rows[i], false, false));
		/* A maps re-check must stop in every mode, or no unmap would be seen there. */
		if (rows[i].flags & SC_SCAN_MAPS)
			CHECK(sc_trapped(&rows[i], false, false));
		for (int j = i + 1; j < n; j++)
			CHECK(strcmp(rows[i].name, rows[j].name) != 0);
	}
	/* A few facts the tracer depends on. An interrupted sleep resumes through restart_syscall:
	 * trapped always, or the rest of the sleep would look like running (#14). */
	CHECK(sc_lookup(SYS_restart_syscall) && (sc_lookup(SYS_restart_syscall)->flags & SC_RESTART));
	CHECK(sc_trapped(sc_lookup(SYS_restart_syscall), false, false));
	CHECK(sc_lookup(SYS_read) && (sc_lookup(SYS_read)->flags & SC_FD_ARG));
	CHECK(sc_lookup(SYS_wait4) && sc_lookup(SYS_wait4)->exit == sysdec_wait4_exit);
	/* The filter tests the flags where each call has them. */
	CHECK(sc_lookup(SYS_open)->cond == SC_COND_OPEN_FLAGS && sc_lookup(SYS_open)->cond_arg == 1);
	CHECK(sc_lookup(SYS_openat)->cond == SC_COND_OPEN_FLAGS && sc_lookup(SYS_openat)->cond_arg == 2);
	CHECK_INT(sc_lookup(SYS_mmap)->cond_arg, 3);
	CHECK_INT(sc_lookup(SYS_fcntl)->cond_arg, 1);
	CHECK_INT(sc_lookup(SYS_rt_sigaction)->cond_arg, 0);
	CHECK(sc_lookup(SYS_mmap) && sc_lookup(SYS_mmap)->cond == SC_COND_MAP_SHARED);
	CHECK(sc_lookup(SYS_rt_sigaction) && sc_lookup(SYS_rt_sigaction)->cond == SC_COND_SIGCHLD);
	CHECK(sc_lookup(SYS_fcntl) && sc_lookup(SYS_fcntl)->cond == SC_COND_FCNTL_CMD);
	CHECK(sc_lookup(SYS_write) && !sc_trapped(sc_lookup(SYS_write), false, true));
	CHECK(sc_trapped(sc_lookup(SYS_write), true, false));
	/* The commonest calls of a build stop only when an option needs them. */
	CHECK(sc_lookup(SYS_execve) && !sc_trapped(sc_lookup(SYS_execve), true, false));
	CHECK(sc_trapped(sc_lookup(SYS_execve), false, true));
	/* munmap is learnt from /proc/PID/maps, never trapped (malloc frees with it). */
	CHECK(sc_lookup(SYS_munmap) == NULL);
	CHECK(sc_lookup(SYS_getpid) == NULL);
}

/* The log names a call by its own name where it says which call did something: the row's words
 * are the row's name. */
static void test_table_words(void)
{
	static const long kills[] = { SYS_kill, SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo,
	                              SYS_pidfd_send_signal };
	for (size_t i = 0; i < sizeof kills / sizeof kills[0]; i++) {
		const struct sc_info *sc = sc_lookup(kills[i]);
		CHECK_STR(ptv_vocab_name(ptv_kill_via_names, PTV_KILL_COUNT, sc->via), sc->name);
	}
	static const long dups[] = { SYS_dup, SYS_dup2, SYS_dup3 };
	for (size_t i = 0; i < sizeof dups / sizeof dups[0]; i++) {
		const struct sc_info *sc = sc_lookup(dups[i]);
		CHECK_STR(ptv_vocab_name(ptv_dup_via_names, PTV_DUP_COUNT, sc->via), sc->name);
	}
	/* The calls a FIFO opened past the filter is learnt at (open.late). */
	static const long learn[] = { SYS_close, SYS_dup, SYS_dup2, SYS_dup3, SYS_fcntl };
	for (size_t i = 0; i < sizeof learn / sizeof learn[0]; i++) {
		const struct sc_info *sc = sc_lookup(learn[i]);
		CHECK_STR(ptv_vocab_name(ptv_late_names, PTV_LATE_COUNT, sc->late), sc->name);
	}
}

/* Calls of another ABI are not decoded with this one's table: i386's read is number 3, which is
 * close here; x32 numbers carry bit 30. The filter is built for the same arch (libseccomp's). */
static void test_arch(void)
{
#if defined(__x86_64__)
	CHECK(arch_native_call(AUDIT_ARCH_X86_64, SYS_close));
	CHECK(!arch_native_call(AUDIT_ARCH_I386, 3));
	CHECK(!arch_native_call(AUDIT_ARCH_X86_64, 0x40000000 | SYS_close));
	CHECK(arch_audit == AUDIT_ARCH_X86_64);
#endif
	CHECK(arch_audit == seccomp_arch_native());
}

int main(void)
{
	test_deaths();
	test_events();
	test_stops();
	test_table();
	test_table_words();
	test_arch();
	return check_done("test_stop");
}
