/* vfork_tstp.c — a program that cannot take Ctrl-Z's SIGTSTP at once: it waits in vfork (a
 * killable wait, which SIGTSTP does not end) while its child, in a process group of its own so
 * that the job's SIGTSTP misses it, prints "ready" and sleeps 500 ms before it exits. A SIGTSTP
 * sent to the job after "ready" stays pending in the parent until then. For tracer.suspend. */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	pid_t c = vfork();
	if (c == 0) {
		/* Only system calls here: the child borrows the parent's memory until it exits. */
		static const char ready[] = "ready\n";
		struct timespec ts = { 0, 500 * 1000 * 1000 };
		setpgid(0, 0);
		if (write(1, ready, sizeof ready - 1) < 0)
			_exit(1);
		nanosleep(&ts, NULL);
		_exit(0);
	}
	if (c < 0)
		return 1;
	int st = 0;
	waitpid(c, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
