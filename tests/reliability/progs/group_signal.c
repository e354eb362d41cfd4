/* group_signal.c — signal the whole process group, the way shells' `kill -HUP 0` and daemons'
 * kill(0, SIGUSR1) do, with a handler for each signal: untraced, the program catches every one and
 * exits with status 7. Prints one "caught SIG..." line per signal, in the order sent.
 *
 * Its process group is its caller's: run it (traced or not) in a session of its own (setsid), so
 * that the signals reach nobody else. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

int main(void)
{
	static const int sigs[] = { SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGPIPE, SIGINT,
	                            SIGQUIT };
	struct sigaction sa;
	int n = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		caught = 0;
		kill(0, sigs[i]);   /* a signal sent to oneself is delivered before kill returns */
		if (caught == sigs[i]) {
			printf("caught SIG%s\n", sigabbrev_np(sigs[i]));
			n++;
		}
	}
	fflush(stdout);
	return n == (int)(sizeof sigs / sizeof sigs[0]) ? 7 : 1;
}
