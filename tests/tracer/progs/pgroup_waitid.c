/* pgroup_waitid.c — a child moves to its own process group, the parent signals the whole group
 * with kill(-pgid) and reaps the child with waitid() (not wait4). */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int ready[2];
	char c;
	if (pipe(ready) < 0)
		return 1;
	pid_t child = fork();
	if (child == 0) {
		setpgid(0, 0);
		close(ready[0]);
		close(ready[1]);   /* tells the parent the group exists */
		pause();
		_exit(0);
	}
	close(ready[1]);
	(void)!read(ready[0], &c, 1);   /* EOF once the child moved */
	kill(-child, SIGTERM);
	siginfo_t si;
	if (waitid(P_PID, (id_t)child, &si, WEXITED) < 0)
		return 1;
	return si.si_code == CLD_KILLED && si.si_status == SIGTERM ? 0 : 2;
}
