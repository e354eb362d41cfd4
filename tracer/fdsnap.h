/* fdsnap.h — a snapshot of the pipe and FIFO ends one process holds, from /proc/PID/fd and
 * fdinfo (attach mode's default source of ends: the `fds` event, docs/event-log.md). */
#ifndef PTVIZ_TRACER_FDSNAP_H
#define PTVIZ_TRACER_FDSNAP_H

#include <ptviz/log.h>

#include <stdint.h>
#include <sys/types.h>

struct fdsnap_end {
	int fd;
	unsigned long ino;
	ptv_end_kind kind;
	ptv_access end;
};

struct fdsnap {
	struct fdsnap_end *v;   /* owned, by fd */
	int n;
	uint64_t sig;           /* a hash of the ends: equal snapshots have equal sigs */
};

/* Read pid's ends into *s (emptied first). Returns 0, or -1 when the process is gone. */
int fdsnap_read(pid_t pid, struct fdsnap *s);
void fdsnap_free(struct fdsnap *s);

#endif
