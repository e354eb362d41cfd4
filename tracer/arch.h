/* arch.h — everything the tracer reads from a stopped tracee's registers, for the one
 * architecture this build traces (arch_x86_64.c; a port adds arch_<name>.c and CMake picks it).
 *
 * Syscall numbers and arguments normally come from PTRACE_GET_SYSCALL_INFO, which is
 * arch-neutral; these are the stops where it has nothing to say (event and signal stops, an exit
 * stop whose entry ptviz did not see) and the checks that the call is of this architecture. */
#ifndef PTVIZ_TRACER_ARCH_H
#define PTVIZ_TRACER_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* The AUDIT_ARCH_* value of the syscalls the table, the filter and the decoder are written for
 * (the tracer's own: libseccomp's native arch, PTRACE_GET_SYSCALL_INFO's `arch`). */
extern const uint32_t arch_audit;

/* Is a call reported by PTRACE_GET_SYSCALL_INFO (its arch and number) one of this
 * architecture's own? Not a 32-bit call (int 0x80, an i386 binary) nor an x32 one, whose numbers
 * mean other calls. */
bool arch_native_call(uint32_t audit_arch, uint64_t nr);

/* The syscall tid is stopped in, from its registers: number and the six arguments. For an exit
 * stop whose entry was not seen (ptviz attached while the thread was inside the call). */
bool arch_call_regs(pid_t tid, long *nr, unsigned long long args[6]);

/* tid is stopped at the exit of a process-making call (fork, vfork, clone, clone3) that a signal
 * interrupts: the new child's pid (its creator's fork event will never come), else 0. */
pid_t arch_fork_in_flight(pid_t tid);

/* tid is at the PTRACE_EVENT_CLONE stop of a clone3 (not clone) call. */
bool arch_clone3(pid_t tid);

/* tid is at the delivery stop of a SIGPIPE raised by a write-family call: that call's fd, or -1. */
int arch_sigpipe_fd(pid_t tid);

/* tid is at a seccomp stop: make its call not happen and return ret (a -errno) instead. */
bool arch_skip_call(pid_t tid, long ret);

#endif
