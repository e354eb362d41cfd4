/* tests/unwind/unwind_target.c — the program the unwinder tests stop and unwind: a known call
 * chain main -> level1 -> level2 -> level3, where level3 stops itself with SIGSTOP. The test finds
 * the stop's source line by the marker comment on that line, so edit freely above and below it.
 * `unwind_target fork`: fork first, and both processes run the chain and stop.
 * `unwind_target jit`: level2 reaches level3 through a stub in anonymous executable memory, the
 * way JIT-compiled code would (frame pointer, no unwind tables, no symbols). It stops once
 * before creating the stub, so the tracer's copy of its maps lacks the stub's mapping.
 * `unwind_target thread`: a second thread runs the chain and stops; main waits in pthread_join. */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* noinline and non-static: each level must be a real frame with its own symbol */
__attribute__((noinline)) int level3(int x);
__attribute__((noinline)) int level2(int x);
__attribute__((noinline)) int level1(int x);

static int (*level3_via)(int) = level3;

int level3(int x)
{
	raise(SIGSTOP); /* UNWIND_MARK */
	return x + 1;
}

int level2(int x)
{
	return level3_via(x + 1) + 1;
}

int level1(int x)
{
	return level2(x + 1) + 1;
}

/* x86_64 code for: push %rbp; mov %rsp,%rbp; movabs $level3,%rax; call *%rax; pop %rbp; ret */
static int (*jit_stub(void))(int)
{
	static const unsigned char code[] = {
		0x55, 0x48, 0x89, 0xe5, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xd0, 0x5d, 0xc3,
	};
	int (*target)(int) = level3;
	unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, code, sizeof(code));
	memcpy(p + 6, &target, sizeof(target));
	if (mprotect(p, 4096, PROT_READ | PROT_EXEC) < 0)
		return NULL;
	return (int (*)(int))p;
}

static void *thread_main(void *arg)
{
	level1(0);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	if (argc > 1 && strcmp(argv[1], "thread") == 0)
		return pthread_create(&t, NULL, thread_main, NULL) != 0 || pthread_join(t, NULL) != 0;
	if (argc > 1 && strcmp(argv[1], "fork") == 0 && fork() < 0)
		return 2;
	if (argc > 1 && strcmp(argv[1], "jit") == 0) {
		raise(SIGSTOP); /* a first stop before the JIT code exists */
		if (!(level3_via = jit_stub()))
			return 2;
	}
	return level1(0) == 4 ? 0 : 1;
}
