/* arch_x86_64.c — the x86-64 registers (see arch.h): orig_rax holds the syscall number, rax the
 * return value, rdi rsi rdx r10 r8 r9 the arguments (syscall(2) "Architecture calling
 * conventions"). The only file of the tracer that names a register. */
#include "arch.h"

#include <linux/audit.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>

const uint32_t arch_audit = AUDIT_ARCH_X86_64;

/* x32 calls reach the 64-bit table with this bit set (asm/unistd.h __X32_SYSCALL_BIT). */
static const uint64_t ARCH_X32_BIT = 0x40000000;

bool arch_native_call(uint32_t audit_arch, uint64_t nr)
{
	return audit_arch == AUDIT_ARCH_X86_64 && !(nr & ARCH_X32_BIT);
}

static bool arch_regs(pid_t tid, struct user_regs_struct *regs)
{
	return ptrace(PTRACE_GETREGS, tid, 0L, regs) == 0;
}

bool arch_call_regs(pid_t tid, long *nr, unsigned long long args[6])
{
	struct user_regs_struct r;
	if (!arch_regs(tid, &r))
		return false;
	*nr = (long)r.orig_rax;
	unsigned long long a[6] = { r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9 };
	for (int i = 0; i < 6; i++)
		args[i] = a[i];
	return true;
}

pid_t arch_fork_in_flight(pid_t tid)
{
	struct user_regs_struct r;
	if (!arch_regs(tid, &r))
		return 0;
	long nr = (long)r.orig_rax, ret = (long)r.rax;
	if ((nr == SYS_fork || nr == SYS_vfork || nr == SYS_clone || nr == SYS_clone3) && ret > 0)
		return (pid_t)ret;
	return 0;
}

bool arch_clone3(pid_t tid)
{
	/* clone3's flags are in memory; the number is enough to tell the two apart. */
	struct user_regs_struct r;
	return arch_regs(tid, &r) && r.orig_rax == SYS_clone3;
}

int arch_sigpipe_fd(pid_t tid)
{
	struct user_regs_struct r;
	if (!arch_regs(tid, &r))
		return -1;
	long nr = (long)r.orig_rax;
	if (nr != SYS_write && nr != SYS_writev && nr != SYS_pwrite64 && nr != SYS_pwritev &&
	    nr != SYS_sendto && nr != SYS_sendmsg && nr != SYS_splice && nr != SYS_vmsplice)
		return -1;
	return (int)r.rdi;   /* the fd is the first argument of each, still in place */
}

bool arch_skip_call(pid_t tid, long ret)
{
	struct user_regs_struct r;
	if (!arch_regs(tid, &r))
		return false;
	r.orig_rax = (unsigned long long)-1L;   /* no call: the kernel skips it */
	r.rax = (unsigned long long)ret;        /* and this is what the program sees returned */
	return ptrace(PTRACE_SETREGS, tid, 0L, &r) == 0;
}
