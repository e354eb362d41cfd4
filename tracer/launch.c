/* launch.c — start the program under ptrace: fork, the child waits on a pipe until it is seized,
 * installs the seccomp filter, then execvp()s; an exec failure comes back through a CLOEXEC pipe.
 *
 * The child stays in ptviz's process group and keeps its stdin/stdout/stderr: ptviz is the
 * foreground job, as with strace, so Ctrl-C and Ctrl-Z reach the program directly. */
#include "filter.h"
#include "internal.h"
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the child reports when it cannot exec. */
struct launch_report {
	int stage;   /* LAUNCH_STAGE_* */
	int err;     /* errno */
};
enum { LAUNCH_STAGE_FILTER = 1, LAUNCH_STAGE_EXEC = 2 };

/* In the child: only async-signal-safe calls from here to execvp (the parent may be threaded). */
static void launch_child(struct ptv_tracer *tr, int go_fd, int err_fd)
{
	struct launch_report f = { 0, 0 };
	char c;
	ssize_t n;
	/* Untraced, the program would have had the dispositions and mask ptviz was given. */
	signals_child_restore(&tr->sig);
	while ((n = read(go_fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		_exit(127);   /* ptviz gave up before seizing us */
	close(go_fd);
	if (tr->use_seccomp) {
		int rc = filter_install(&tr->filter);
		if (rc < 0) {
			f.stage = LAUNCH_STAGE_FILTER;
			f.err = -rc;
			goto fail;
		}
	}
	execvp(tr->opts.argv[0], tr->opts.argv);
	f.stage = LAUNCH_STAGE_EXEC;
	f.err = errno;
fail:
	(void)!write(err_fd, &f, sizeof f);
	_exit(f.stage == LAUNCH_STAGE_EXEC && f.err == ENOENT ? 127 : 126);
}

/* The fds above 2 the program inherits from ptviz (open here, not close-on-exec): files it holds
 * from the start that are no pipe end ptviz knows (fdtab.extra_fd). */
static void launch_inherited_files(struct fdtab *t)
{
	int *fds = NULL, n = procfs_fd_list(getpid(), &fds), k = 0;
	for (int i = 0; i < n; i++) {
		int fdflags = fds[i] > 2 ? fcntl(fds[i], F_GETFD) : -1;
		if (fdflags >= 0 && !(fdflags & FD_CLOEXEC))
			fds[k++] = fds[i];
	}
	fdtab_set_inherited(t, fds, k);
	free(fds);
}

int launch_start(struct ptv_tracer *tr, char *err, size_t errlen)
{
	int go[2] = { -1, -1 }, ep[2] = { -1, -1 };
	int rc = 0;
	pid_t pid = -1;
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
	            PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	if (tr->use_seccomp)
		opts |= PTRACE_O_TRACESECCOMP;
	tr->ptrace_opts = opts;
	if (tr->exit_stops)
		opts |= PTRACE_O_TRACEEXIT;

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		rc = PTV_ERR_SYSTEM;
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		rc = PTV_ERR_SYSTEM;
		goto out;
	}
	if (pid == 0) {
		close(go[1]);
		close(ep[0]);
		launch_child(tr, go[0], ep[1]);
	}
	close(go[0]);
	go[0] = -1;
	close(ep[1]);
	ep[1] = -1;
	if (ptrace(PTRACE_SEIZE, pid, 0L, opts) < 0) {
		int e = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		if (e == EPERM)
			snprintf(err, errlen, "ptrace: %s (ptrace may be restricted: see "
			         "/proc/sys/kernel/yama/ptrace_scope, or a container without CAP_SYS_PTRACE)",
			         strerror(e));
		else
			snprintf(err, errlen, "ptrace: %s", strerror(e));
		rc = e == EPERM ? PTV_ERR_PERM : PTV_ERR_SYSTEM;
		goto out;
	}
	tr->root = pid;
	struct proc *p = tracee_proc_new(tr, pid, tr->self);
	struct thread *t = p ? tracee_thread_new(tr, p, pid) : NULL;
	if (!t) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
		snprintf(err, errlen, "out of memory");
		rc = PTV_ERR_SYSTEM;
		goto out;
	}
	p->announced = true;
	/* The program inherits ptviz's stdin/out/err: is one of them missing (closed, or closed
	 * at exec)? Then an open may land on it (see std_gap). */
	for (int fd = 0; fd <= 2; fd++) {
		int fdflags = fcntl(fd, F_GETFD);
		if (fdflags < 0 || (fdflags & FD_CLOEXEC))
			p->fds.std_gap = true;
	}
	launch_inherited_files(&p->fds);
	struct procfs_status st;
	if (procfs_status(pid, &st))
		p->sigchld_ign = (st.sig_ign >> (SIGCHLD - 1)) & 1;
	/* From the exec on, handlers are default and every change is trapped (rt_sigaction). */
	p->sigchld_known = true;
	/* Without the filter every syscall stop is wanted: stop the child now so the loop restarts
	 * it with PTRACE_SYSCALL. */
	if (!tr->use_seccomp)
		ptrace(PTRACE_INTERRUPT, pid, 0L, 0L);
	/* The scheduler's records, opened while the child cannot run yet: it and everything it
	 * creates are covered from here on (a refusal only makes the states approximate). */
	schedlog_open(&tr->sched, tr, pid, tr->sched_reason, sizeof tr->sched_reason,
	              &tr->sched_refused);
	tr->err_pipe = ep[0];
	ep[0] = -1;
	fcntl(tr->err_pipe, F_SETFL, O_NONBLOCK);
	if (write(go[1], "g", 1) != 1) {
		snprintf(err, errlen, "starting the program: %s", strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
		rc = PTV_ERR_SYSTEM;
		goto out;
	}
out:
	for (int i = 0; i < 2; i++) {
		if (go[i] >= 0)
			close(go[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	return rc;
}

int launch_failure(struct ptv_tracer *tr, char *err, size_t errlen)
{
	struct launch_report f;
	if (tr->err_pipe < 0 || read(tr->err_pipe, &f, sizeof f) != sizeof f)
		return 0;
	const char *prog = tr->opts.argv[0];
	if (f.stage == LAUNCH_STAGE_FILTER) {
		snprintf(err, errlen, "installing the seccomp filter: %s (try --no-seccomp)", strerror(f.err));
		return PTV_ERR_SYSTEM;
	}
	snprintf(err, errlen, "%s: %s", prog, strerror(f.err));
	return f.err == ENOENT ? PTV_ERR_NOTFOUND : PTV_ERR_NOEXEC;
}
