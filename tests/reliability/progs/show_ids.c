/* show_ids.c — print the effective user and group ids: a setuid (setgid) copy of it shows whether
 * the kernel applied the file's bits. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("euid=%d egid=%d\n", (int)geteuid(), (int)getegid());
	return 0;
}
