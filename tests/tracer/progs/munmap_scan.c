/* munmap_scan.c — a shared mapping unmapped while the process goes on: munmap is not trapped, so
 * the tracer learns it at the next trapped call (here a kill(pid, 0) probe), via "scan". */
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	p[0] = 1;
	munmap(p, 4096);
	kill(getpid(), 0);   /* trapped: the tracer re-reads /proc/PID/maps here */
	return 0;
}
