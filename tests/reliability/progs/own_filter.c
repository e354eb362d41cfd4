/* own_filter.c — a program that installs its own seccomp filter returning SECCOMP_RET_TRACE (with
 * its own data, 42) for getppid and dup, makes a pipe (a call ptviz's filter traps), then calls
 * getppid and dup of the pipe's write end. Untraced, a RET_TRACE with no tracer fails the call with ENOSYS (seccomp(2)); a tracer
 * must not change that. Prints one line per call: "NAME=RET errno=NAME". */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int own_filter_install(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_dup, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 42),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { (unsigned short)(sizeof f / sizeof f[0]), f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

static void own_filter_show(const char *name, long ret)
{
	printf("%s=%ld errno=%s\n", name, ret, ret < 0 ? strerrorname_np(errno) : "-");
	errno = 0;
}

int main(void)
{
	int fds[2];
	if (own_filter_install() < 0) {
		perror("own_filter: installing the filter");
		return 2;
	}
	own_filter_show("pipe", pipe(fds) == 0 ? 0 : -1);
	own_filter_show("getppid", syscall(SYS_getppid) > 0 ? 1 : -1);
	own_filter_show("dup", syscall(SYS_dup, fds[1]) >= 0 ? 1 : -1);
	fflush(stdout);
	return 0;
}
