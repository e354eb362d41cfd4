/* jit_fork.c — fork from machine code written at run time into anonymous memory (as a JIT
 * does): no object file, no symbols, no unwind information. -k must give a short stack or a
 * stack_error for it, never crash or stall. x86_64 only (the bytes are x86_64 code). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	/* mov eax, SYS_fork; syscall; ret */
	static const unsigned char code[] = { 0xb8, SYS_fork, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xc3 };
	void *mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memcpy(mem, code, sizeof code);
	if (mprotect(mem, 4096, PROT_READ | PROT_EXEC) == -1) {
		perror("mprotect");
		return 1;
	}
	long (*jit_fork)(void) = (long (*)(void))mem;
	long pid = jit_fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	int status;
	if (waitpid((pid_t)pid, &status, 0) != (pid_t)pid) {
		perror("waitpid");
		return 1;
	}
	printf("jit_fork: child %ld forked from anonymous code, exit %d\n", pid, WEXITSTATUS(status));
	return 0;
}
