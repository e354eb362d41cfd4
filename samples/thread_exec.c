/* thread_exec — execve() called by a thread that is not the main thread.
 *
 * exec replaces the whole process: the kernel first kills every other thread (the main thread
 * included), then the exec'ing thread takes over the process id. So the program that runs after
 * exec has the SAME pid, even though the thread that called execve had a different thread id.
 *
 * The new program is `/bin/sh -c 'echo "after execve: pid $$"'`: the shell prints its own pid,
 * which equals the pid printed before the exec.
 */
#define _GNU_SOURCE /* gettid */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The second thread: replaces the whole process with a shell. */
static void *exec_thread(void *arg)
{
	(void)arg;
	printf("thread: tid=%d (not the main thread) calls execve\n", (int)gettid());
	execl("/bin/sh", "sh", "-c", "echo \"after execve: pid $$\"", (char *)NULL);
	perror("execl /bin/sh"); /* only reached when exec failed */
	exit(127);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* nothing may be left in the buffer when exec discards it */
	printf("main thread: pid=%d tid=%d\n", (int)getpid(), (int)gettid());

	pthread_t thread;
	int err = pthread_create(&thread, NULL, exec_thread, NULL);
	if (err) {
		fprintf(stderr, "pthread_create: %s\n", strerror(err));
		return 1;
	}
	/* Blocks until the exec kills this thread: pthread_join never returns here. */
	pthread_join(thread, NULL);
	return 1;
}
