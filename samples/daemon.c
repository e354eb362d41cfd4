/* daemon — turning a process into a daemon, the classic double-fork way.
 *
 *   launcher ──fork──> session leader ──fork──> daemon
 *   (waits for the      setsid(): new session,   not a session leader, so it can never acquire
 *    leader, exits)     no controlling terminal;  a controlling terminal; chdir("/"), umask(0),
 *                       exits at once              closes every inherited fd, then works alone
 *
 * The launcher reaps the short-lived session leader (no zombie is left behind), so it returns to
 * its caller at once while the daemon goes on, adopted by init (or a subreaper).
 *
 * A daemon has no terminal, so it reports to a log file: argv[1] (default /dev/null). It writes
 * its identity, 3 ticks 100 ms apart, then "done", and exits. A test can pass a FIFO as the log and
 * read it to end-of-file: that returns exactly when the daemon has finished writing.
 */
#define _GNU_SOURCE /* close_range */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NTICKS 3

/* Close every file descriptor we inherited, then point 0, 1 and 2 at /dev/null. */
static int close_all_fds(void)
{
	if (close_range(0, ~0U, 0) == -1) {
		/* Kernels before 5.9 lack close_range: close them one by one. */
		long max = sysconf(_SC_OPEN_MAX);
		for (long fd = 0; fd < (max > 0 ? max : 1024); fd++)
			close((int)fd);
	}
	int fd = open("/dev/null", O_RDWR); /* the lowest free fd: 0 */
	if (fd != 0)
		return -1;
	if (dup2(0, 1) == -1 || dup2(0, 2) == -1)
		return -1;
	return 0;
}

/* The daemon's own work: report to the log, tick NTICKS times, exit. */
static void daemon_main(const char *log_path)
{
	if (chdir("/") == -1) /* do not keep a directory (or a mounted file system) busy */
		_exit(1);
	umask(0); /* files are created with exactly the permissions we ask for */
	if (close_all_fds() == -1)
		_exit(1);

	/* Opening a FIFO for writing blocks until someone reads it. */
	int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log == -1)
		_exit(1);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		strcpy(cwd, "?");
	pid_t pid = getpid(), sid = getsid(0);
	dprintf(log, "daemon pid=%d sid=%d pgid=%d session_leader=%s cwd=%s\n", (int)pid, (int)sid,
		(int)getpgid(0), pid == sid ? "yes" : "no", cwd);

	const struct timespec period = { 0, 100000000 }; /* 100 ms */
	for (int i = 1; i <= NTICKS; i++) {
		nanosleep(&period, NULL);
		dprintf(log, "tick %d (ppid %d)\n", i, (int)getppid());
	}
	dprintf(log, "done\n");
	close(log);
	_exit(0);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing buffered at fork time (see fork_basic) */

	/* The daemon changes directory to "/", so make a relative log path absolute first. */
	char log_path[2 * PATH_MAX + 2];
	if (argc > 1 && argv[1][0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof cwd)) {
			perror("getcwd");
			return 1;
		}
		snprintf(log_path, sizeof log_path, "%s/%s", cwd, argv[1]);
	} else {
		snprintf(log_path, sizeof log_path, "%s", argc > 1 ? argv[1] : "/dev/null");
	}
	if (argc < 2)
		printf("launcher: no LOGFILE argument, the daemon logs to /dev/null\n");

	pid_t leader = fork();
	if (leader == -1) {
		perror("fork");
		return 1;
	}
	if (leader == 0) {
		/* First child: become the leader of a new session, detached from any terminal. */
		pid_t sid = setsid();
		if (sid == -1) {
			perror("setsid");
			_exit(1);
		}
		printf("session leader %d: setsid() -> session %d; forking the daemon\n",
		       (int)getpid(), (int)sid);
		pid_t pid = fork();
		if (pid == -1) {
			perror("fork");
			_exit(1);
		}
		if (pid == 0)
			daemon_main(log_path);
		printf("session leader %d: daemon is pid %d, logging to %s; exiting\n", (int)getpid(),
		       (int)pid, log_path);
		_exit(0);
	}

	/* Launcher: reap the session leader right away so that it does not stay a zombie. */
	int status;
	if (waitpid(leader, &status, 0) == -1) {
		perror("waitpid");
		return 1;
	}
	printf("launcher %d: session leader %d exit status %d; the daemon runs on its own\n",
	       (int)getpid(), (int)leader, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
