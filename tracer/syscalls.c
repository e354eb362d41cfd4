/* syscalls.c — the syscall table (numbers of this architecture from <sys/syscall.h>). */
#include "syscalls.h"
#include "sysdec.h"

#include <ptviz/log.h>

#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

/* ROW(name, flags, ...): the row of SYS_name; the rest are designated initializers (cond,
 * cond_arg, via, late, enter, exit). */
#define ROW(n, fl, ...) { .name = #n, .nr = SYS_##n, .flags = (fl), __VA_ARGS__ }

static const struct sc_info sc_rows[] = {
	/* Processes: fork, exec and exit come from ptrace events. execve is trapped only with -k,
	 * to take the caller's stack at entry (the old image is gone at EVENT_EXEC). */
	ROW(execve, SC_TRAP_STACKS, .enter = sysdec_exec_enter, .exit = sysdec_exec_exit),
	ROW(execveat, SC_TRAP_STACKS, .enter = sysdec_exec_enter, .exit = sysdec_exec_exit),
	ROW(wait4, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS,
	    .enter = sysdec_wait4_enter, .exit = sysdec_wait4_exit),
	ROW(waitid, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS,
	    .enter = sysdec_waitid_enter, .exit = sysdec_waitid_exit),
	/* Sleeping calls: only the blocked/running states. */
	ROW(nanosleep, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, .enter = sysdec_sleep_enter),
	ROW(clock_nanosleep, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, .enter = sysdec_sleep_enter),
	ROW(pause, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, .enter = sysdec_sleep_enter),
	ROW(rt_sigsuspend, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, .enter = sysdec_sleep_enter),
	/* Pipes and FIFOs. */
	ROW(pipe, SC_TRAP, .exit = sysdec_pipe_exit),
	ROW(pipe2, SC_TRAP, .exit = sysdec_pipe2_exit),
	ROW(mknod, SC_TRAP, .exit = sysdec_mknod_exit),
	ROW(mknodat, SC_TRAP, .exit = sysdec_mknodat_exit),
	ROW(open, SC_TRAP, .cond = SC_COND_OPEN_FLAGS, .cond_arg = 1,
	    .enter = sysdec_open_enter, .exit = sysdec_open_exit),
	ROW(openat, SC_TRAP, .cond = SC_COND_OPEN_FLAGS, .cond_arg = 2,
	    .enter = sysdec_openat_enter, .exit = sysdec_open_exit),
	/* File descriptors, to follow pipe and FIFO ends. close is trapped although a compiler closes
	 * every file it reads: when each end was let go decides who talks through a pipe (a shell's
	 * `$(...)` parent closes its write end at once, then reads until its child is done), and a
	 * close learnt at a later call would come too late for that. */
	ROW(dup, SC_TRAP, .via = PTV_DUP_DUP, .late = PTV_LATE_DUP,
	    .enter = sysdec_dup_enter, .exit = sysdec_dup_exit),
	ROW(dup2, SC_TRAP, .via = PTV_DUP_DUP2, .late = PTV_LATE_DUP2,
	    .enter = sysdec_dup2_enter, .exit = sysdec_dup_exit),
	ROW(dup3, SC_TRAP, .via = PTV_DUP_DUP3, .late = PTV_LATE_DUP3,
	    .enter = sysdec_dup2_enter, .exit = sysdec_dup3_exit),
	ROW(fcntl, SC_TRAP, .cond = SC_COND_FCNTL_CMD, .cond_arg = 1, .late = PTV_LATE_FCNTL,
	    .enter = sysdec_fcntl_enter, .exit = sysdec_fcntl_exit),
	ROW(close, SC_TRAP, .late = PTV_LATE_CLOSE, .enter = sysdec_close_enter),
	ROW(close_range, SC_TRAP, .enter = sysdec_close_range_enter, .exit = sysdec_close_range_exit),
	/* Shared memory: only MAP_SHARED mmaps; munmap is learnt from /proc/PID/maps. */
	ROW(mmap, SC_TRAP, .cond = SC_COND_MAP_SHARED, .cond_arg = 3, .exit = sysdec_mmap_exit),
	/* Signals. */
	ROW(kill, SC_TRAP | SC_SCAN_MAPS, .via = PTV_KILL_KILL, .enter = sysdec_kill_enter),
	ROW(tkill, SC_TRAP | SC_SCAN_MAPS, .via = PTV_KILL_TKILL, .enter = sysdec_kill_enter),
	ROW(tgkill, SC_TRAP | SC_SCAN_MAPS, .via = PTV_KILL_TGKILL, .enter = sysdec_tgkill_enter),
	ROW(rt_sigqueueinfo, SC_TRAP | SC_SCAN_MAPS, .via = PTV_KILL_RT_SIGQUEUEINFO,
	    .enter = sysdec_kill_enter),
	ROW(pidfd_send_signal, SC_TRAP | SC_SCAN_MAPS, .via = PTV_KILL_PIDFD_SEND_SIGNAL,
	    .enter = sysdec_pidfd_send_signal_enter),
	ROW(rt_sigaction, SC_TRAP | SC_SCAN_MAPS, .cond = SC_COND_SIGCHLD, .cond_arg = 0,
	    .enter = sysdec_sigaction_enter),
	/* Sessions and process groups. */
	ROW(setsid, SC_TRAP | SC_SCAN_MAPS, .exit = sysdec_setsid_exit),
	ROW(setpgid, SC_TRAP | SC_SCAN_MAPS, .exit = sysdec_setpgid_exit),
	/* A call interrupted by a signal that ran no handler is resumed by the kernel through
	 * restart_syscall (nanosleep, clock_nanosleep, poll...: -ERESTART_RESTARTBLOCK): trapped,
	 * so that the interrupted call's exit is seen and it stays one blocked interval. */
	ROW(restart_syscall, SC_TRAP | SC_RESTART),
	/* --io only. */
	ROW(read, SC_TRAP_IO | SC_FD_ARG, .enter = sysdec_read_enter, .exit = sysdec_read_exit),
	ROW(readv, SC_TRAP_IO | SC_FD_ARG, .enter = sysdec_read_enter, .exit = sysdec_read_exit),
	ROW(write, SC_TRAP_IO | SC_FD_ARG, .enter = sysdec_write_enter, .exit = sysdec_write_exit),
	ROW(writev, SC_TRAP_IO | SC_FD_ARG, .enter = sysdec_write_enter, .exit = sysdec_writev_exit),
	/* Never trapped: calls a process sleeps in on a descriptor, named in sched_wait events. */
	ROW(pread64, SC_FD_ARG),
	ROW(preadv, SC_FD_ARG),
	ROW(pwrite64, SC_FD_ARG),
	ROW(recvfrom, SC_FD_ARG),
	ROW(recvmsg, SC_FD_ARG),
	ROW(sendto, SC_FD_ARG),
	ROW(sendmsg, SC_FD_ARG),
	ROW(accept, SC_FD_ARG),
	ROW(accept4, SC_FD_ARG),
	ROW(connect, SC_FD_ARG),
	ROW(flock, SC_FD_ARG),
	ROW(epoll_wait, SC_FD_ARG),
	ROW(epoll_pwait, SC_FD_ARG),
};

const struct sc_info *sc_table(int *count)
{
	*count = (int)(sizeof sc_rows / sizeof sc_rows[0]);
	return sc_rows;
}

const struct sc_info *sc_lookup(long nr)
{
	/* The table is small; a linear scan beats keeping a second, number-indexed copy in sync. */
	for (size_t i = 0; i < sizeof sc_rows / sizeof sc_rows[0]; i++)
		if (sc_rows[i].nr == nr)
			return &sc_rows[i];
	return NULL;
}

const char *sc_call_name(long nr, char *buf, size_t size)
{
	const struct sc_info *sc = sc_lookup(nr);
	char *name = sc ? NULL : seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);
	if (sc)
		snprintf(buf, size, "%s", sc->name);
	else if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "syscall_%ld", nr);
	free(name);
	return buf;
}

bool sc_trapped(const struct sc_info *sc, bool io, bool stacks)
{
	unsigned want = SC_TRAP | (io ? SC_TRAP_IO : 0) | (stacks ? SC_TRAP_STACKS : 0);
	return (sc->flags & want) != 0;
}
