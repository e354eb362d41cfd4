/* call_words.c — blocking calls as a course writes them, for the timeline's labels with -k: the
 * program calls usleep(), system() and read() (and waitpid() on a child that sleeps), each long
 * enough to be drawn. The log's blocked states name the system calls (nanosleep or
 * clock_nanosleep, vfork and wait4, read, wait4); their -k stacks name these functions. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	char c;
	if (pipe(p) < 0)
		return 1;
	usleep(60000);
	if (system("sleep 0.06") != 0)
		return 2;
	pid_t w = fork();
	if (w == 0) {
		usleep(60000);
		(void)!write(p[1], "x", 1);
		_exit(0);
	}
	if (read(p[0], &c, 1) != 1)
		return 3;
	pid_t s = fork();
	if (s == 0) {
		usleep(60000);
		_exit(0);
	}
	if (waitpid(s, NULL, 0) != s || waitpid(w, NULL, 0) != w)
		return 4;
	return 0;
}
