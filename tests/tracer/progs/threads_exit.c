/* threads_exit.c — three threads start and end while the process goes on: thread events are not
 * process events (no fork, one exit). */
#include <pthread.h>
#include <stddef.h>

static void *threads_body(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t th[3];
	for (int i = 0; i < 3; i++)
		if (pthread_create(&th[i], NULL, threads_body, NULL) != 0)
			return 1;
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	return 0;
}
