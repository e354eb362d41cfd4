/* syscalls.c — the syscall table (x86_64 numbers from <sys/syscall.h>). */
#include "syscalls.h"

#include <stddef.h>
#include <sys/syscall.h>

#define ROW(n, kind, flags, cond) { #n, SYS_##n, kind, flags, cond }

static const struct sc_info sc_rows[] = {
	/* Processes: fork, exec and exit come from ptrace events. execve is trapped only with -k,
	 * to take the caller's stack at entry (the old image is gone at EVENT_EXEC). */
	ROW(execve, SC_EXEC, SC_TRAP_STACKS, SC_COND_NONE),
	ROW(execveat, SC_EXEC, SC_TRAP_STACKS, SC_COND_NONE),
	ROW(wait4, SC_WAIT4, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(waitid, SC_WAITID, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, SC_COND_NONE),
	/* Sleeping calls: only the blocked/running states. */
	ROW(nanosleep, SC_SLEEP, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(clock_nanosleep, SC_SLEEP, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(pause, SC_SLEEP, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(rt_sigsuspend, SC_SLEEP, SC_TRAP | SC_BLOCKS | SC_SCAN_MAPS, SC_COND_NONE),
	/* Pipes and FIFOs. */
	ROW(pipe, SC_PIPE, SC_TRAP, SC_COND_NONE),
	ROW(pipe2, SC_PIPE, SC_TRAP, SC_COND_NONE),
	ROW(mknod, SC_MKNOD, SC_TRAP, SC_COND_NONE),
	ROW(mknodat, SC_MKNOD, SC_TRAP, SC_COND_NONE),
	ROW(open, SC_OPEN, SC_TRAP, SC_COND_OPEN_FLAGS),
	ROW(openat, SC_OPEN, SC_TRAP, SC_COND_OPEN_FLAGS),
	/* File descriptors, to follow pipe and FIFO ends. close is trapped although a compiler closes
	 * every file it reads: when each end was let go decides who talks through a pipe (a shell's
	 * `$(...)` parent closes its write end at once, then reads until its child is done), and a
	 * close learnt at a later call would come too late for that. */
	ROW(dup, SC_DUP, SC_TRAP, SC_COND_NONE),
	ROW(dup2, SC_DUP, SC_TRAP, SC_COND_NONE),
	ROW(dup3, SC_DUP, SC_TRAP, SC_COND_NONE),
	ROW(fcntl, SC_FCNTL, SC_TRAP, SC_COND_FCNTL_CMD),
	ROW(close, SC_CLOSE, SC_TRAP, SC_COND_NONE),
	ROW(close_range, SC_CLOSE_RANGE, SC_TRAP, SC_COND_NONE),
	/* Shared memory: only MAP_SHARED mmaps; munmap is learnt from /proc/PID/maps. */
	ROW(mmap, SC_MMAP, SC_TRAP, SC_COND_MAP_SHARED),
	/* Signals. */
	ROW(kill, SC_KILL, SC_TRAP | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(tkill, SC_KILL, SC_TRAP | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(tgkill, SC_KILL, SC_TRAP | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(rt_sigqueueinfo, SC_KILL, SC_TRAP | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(pidfd_send_signal, SC_KILL, SC_TRAP | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(rt_sigaction, SC_SIGACTION, SC_TRAP | SC_SCAN_MAPS, SC_COND_SIGCHLD),
	/* Sessions and process groups. */
	ROW(setsid, SC_SETSID, SC_TRAP | SC_SCAN_MAPS, SC_COND_NONE),
	ROW(setpgid, SC_SETPGID, SC_TRAP | SC_SCAN_MAPS, SC_COND_NONE),
	/* --io only. */
	ROW(read, SC_READ, SC_TRAP_IO, SC_COND_NONE),
	ROW(readv, SC_READ, SC_TRAP_IO, SC_COND_NONE),
	ROW(write, SC_WRITE, SC_TRAP_IO, SC_COND_NONE),
	ROW(writev, SC_WRITE, SC_TRAP_IO, SC_COND_NONE),
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

bool sc_trapped(const struct sc_info *sc, bool io, bool stacks)
{
	unsigned want = SC_TRAP | (io ? SC_TRAP_IO : 0) | (stacks ? SC_TRAP_STACKS : 0);
	return (sc->flags & want) != 0;
}
