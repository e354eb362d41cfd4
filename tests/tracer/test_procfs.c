/* test_procfs.c — procfs_newborn on this process and on one of its threads: a process is told
 * from /proc/TID/stat alone (exit_signal is not -1), a thread's tgid comes from status; ppid
 * and starttime agree with procfs_stat. */
#include "../check.h"
#include "procfs.h"

#include <pthread.h>
#include <unistd.h>

static pid_t thread_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int phase;   /* 1: the thread wrote its tid; 2: the main thread is done with it */

static void *thread_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	thread_tid = gettid();
	phase = 1;
	pthread_cond_broadcast(&cond);
	while (phase != 2)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	struct procfs_newborn nb;
	pid_t ppid = 0;
	unsigned long long start = 0;
	CHECK(procfs_newborn(getpid(), &nb));
	CHECK(procfs_stat(getpid(), NULL, &ppid, &start));
	CHECK_INT(nb.tgid, getpid());
	CHECK_INT(nb.ppid, getppid());
	CHECK_INT(nb.ppid, ppid);
	CHECK(nb.starttime == start);

	pthread_t th;
	CHECK(pthread_create(&th, NULL, thread_main, NULL) == 0);
	pthread_mutex_lock(&lock);
	while (phase != 1)
		pthread_cond_wait(&cond, &lock);
	CHECK(procfs_newborn(thread_tid, &nb));
	CHECK(thread_tid != getpid());
	CHECK_INT(nb.tgid, getpid());   /* a thread: its group, not itself */
	phase = 2;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(th, NULL);

	CHECK(!procfs_newborn(0x3fffffff, &nb));   /* no such task */
	return check_done("test_procfs");
}
