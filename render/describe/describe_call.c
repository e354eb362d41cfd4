/* describe_call.c — the course's word for a system call: the one table every view names a
 * blocking call or an outcome with ("waitpid" for wait4, "sleep" for nanosleep), so that a
 * student reads the function the lesson is about; the raw syscall stays in the tooltips. */
#include <string.h>
#include "ptviz/describe.h"

static const struct {
	const char *syscall;
	const char *word;
} describe_calls[] = {
	{ "wait4", "waitpid" },
	{ "waitid", "waitid" },
	{ "nanosleep", "sleep" },
	{ "clock_nanosleep", "sleep" },
	{ "pause", "pause" },
	{ "rt_sigsuspend", "sigsuspend" },
	{ "rt_sigtimedwait", "sigwait" },
	{ "read", "read" },
	{ "readv", "read" },
	{ "pread64", "read" },
	{ "write", "write" },
	{ "writev", "write" },
	{ "openat", "open" },
	{ "open", "open" },
	{ "pipe2", "pipe" },
	{ "mknodat", "mkfifo" },
	{ "poll", "poll" },
	{ "ppoll", "poll" },
	{ "select", "select" },
	{ "pselect6", "select" },
	{ "epoll_wait", "epoll_wait" },
	{ "epoll_pwait", "epoll_wait" },
	{ "futex", "futex (a lock or a thread join)" },
	{ "accept", "accept" },
	{ "accept4", "accept" },
	{ "recvfrom", "recv" },
	{ "recvmsg", "recv" },
	{ "sendto", "send" },
	{ "connect", "connect" },
	{ "flock", "flock" },
	{ "fcntl", "fcntl" },
	{ "restart_syscall", "sleep (restarted)" },
	{ "vfork", "vfork (waiting for the child's exec or exit)" },
};

const char *ptv_describe_call(const char *syscall)
{
	if (!syscall)
		return "asleep";
	for (size_t i = 0; i < sizeof describe_calls / sizeof describe_calls[0]; i++)
		if (strcmp(describe_calls[i].syscall, syscall) == 0)
			return describe_calls[i].word;
	return syscall;
}
