/* exit_code.c — exit with argv[1], or kill itself with signal -N when argv[1] is "-N". */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	if (n < 0) {
		signal(-n, SIG_DFL);
		kill(getpid(), -n);
		pause();
	}
	return n;
}
